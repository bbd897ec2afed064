from django.apps import AppConfig


class MessagingConfig(AppConfig):
    name = "alongside.messaging"
    label = "messaging"
    verbose_name = "Messages"

    def ready(self) -> None:
        from alongside.messaging.notices import still_unread
        from alongside.notifications.delivery import STILL_NEEDED
        from alongside.notifications.models import Kind

        STILL_NEEDED[Kind.MESSAGE_FOR_CLIENT] = still_unread
        STILL_NEEDED[Kind.MESSAGE_FOR_STAFF] = still_unread
