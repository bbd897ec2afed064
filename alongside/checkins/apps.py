from django.apps import AppConfig


class CheckInsConfig(AppConfig):
    name = "alongside.checkins"
    label = "checkins"
    verbose_name = "Check-ins"
