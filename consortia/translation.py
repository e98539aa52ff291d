"""The mandate's text in each language (django-modeltranslation, as ``lots.translation``): a
version has its text in English, French and German; ``mandate.text`` reads the active
language's, or English when that one is empty."""

from modeltranslation.translator import TranslationOptions, register

from consortia.models import MandateText


@register(MandateText)
class MandateTextTranslation(TranslationOptions):
    fields = ("text",)
    required_languages = ("en",)
