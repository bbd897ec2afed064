from django.apps import AppConfig


class SafetyPlansConfig(AppConfig):
    name = "alongside.safetyplans"
    label = "safetyplans"
    verbose_name = "Safety plans"
