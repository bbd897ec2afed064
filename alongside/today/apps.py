from django.apps import AppConfig


class TodayConfig(AppConfig):
    name = "alongside.today"
    label = "today"
    verbose_name = "Today queue"
