from django.apps import AppConfig


class LotsConfig(AppConfig):
    name = "lots"
    verbose_name = "Calls and lots"
