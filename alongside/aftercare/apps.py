from django.apps import AppConfig


class AftercareConfig(AppConfig):
    name = "alongside.aftercare"
    label = "aftercare"
    verbose_name = "Aftercare follow-ups"

    def ready(self) -> None:
        # Registers Today's "Follow-up due" reason.
        from alongside.aftercare import today  # noqa: F401
