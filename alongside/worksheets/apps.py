from django.apps import AppConfig


class WorksheetsConfig(AppConfig):
    name = "alongside.worksheets"
    label = "worksheets"
    verbose_name = "Recovery worksheets"

    def ready(self) -> None:
        # Registers Today's "Shared worksheet waiting for a comment" reason.
        from alongside.worksheets import today  # noqa: F401
