from django.apps import AppConfig


class APIConfig(AppConfig):
    name = "alongside.api"
    label = "api"
