"""The database texts people read in their language (django-modeltranslation): each field gets
a column per language (``title_en``, ``title_fr``, ``title_de``); ``obj.title`` reads the active
language's, or English when that one is empty. The history models (django-simple-history) get
the same columns, so that the history of a row shows changes to each language's text."""

from modeltranslation.translator import TranslationOptions, register, translator

from lots.models import Call, CompositionRequirement, Lot, Sector


@register(Sector)
class SectorTranslation(TranslationOptions):
    fields = ("name",)
    required_languages = ("en",)


@register(Call)
class CallTranslation(TranslationOptions):
    fields = ("title", "caveat")
    required_languages = ("en",)


@register(Lot)
class LotTranslation(TranslationOptions):
    fields = ("title", "description")
    required_languages = ("en",)


@register(CompositionRequirement)
class CompositionRequirementTranslation(TranslationOptions):
    fields = ("label",)
    required_languages = ("en",)


for model, options in (
    (Sector, SectorTranslation),
    (Call, CallTranslation),
    (Lot, LotTranslation),
    (CompositionRequirement, CompositionRequirementTranslation),
):
    if hasattr(model, "history"):
        translator.register(model.history.model, options)
