from django.apps import AppConfig


class SupportConfig(AppConfig):
    name = "alongside.support"
    label = "support"
    verbose_name = "Support contacts"
