from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    name = "alongside.assessments"
    label = "assessments"
    verbose_name = "Assessments"

    def ready(self) -> None:
        # Registers Today's "Assessment due" reason; the Today page only iterates the registry.
        from alongside.assessments import reasons  # noqa: F401
