from django.apps import AppConfig


class SafetyConfig(AppConfig):
    name = "alongside.safety"
    label = "safety"
    verbose_name = "Safety: risk flags and alerts"

    def ready(self) -> None:
        from alongside.checkins.services import AFTER_RECORD
        from alongside.notifications.delivery import STILL_NEEDED
        from alongside.notifications.models import Kind
        from alongside.safety import crisis_reasons, reasons  # noqa: F401 - Today reasons
        from alongside.safety.notices import alert_still_open
        from alongside.safety.rules import checkin_rules

        if checkin_rules not in AFTER_RECORD:
            AFTER_RECORD.append(checkin_rules)
        STILL_NEEDED[Kind.ALERT_FOR_STAFF] = alert_still_open
