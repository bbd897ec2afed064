from django.apps import AppConfig


class PathwaysConfig(AppConfig):
    name = "alongside.pathways"
    label = "pathways"
    verbose_name = "Pathways and step work"
