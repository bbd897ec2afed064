from django.apps import AppConfig


class GroupsConfig(AppConfig):
    name = "alongside.groups"
    label = "groups"
    verbose_name = "Group sessions"

    def ready(self) -> None:
        # Registers the "Group today" reason with the Today queue.
        from alongside.groups import today  # noqa: F401
