from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "alongside.plans"
    label = "plans"
    verbose_name = "Recovery plans"

    def ready(self) -> None:
        # Registers Today's "Task due" and "Goal target date passed" reasons.
        from alongside.plans import today  # noqa: F401
