from django.apps import AppConfig


class OverviewConfig(AppConfig):
    name = "alongside.overview"
    label = "overview"
