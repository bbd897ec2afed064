from django.apps import AppConfig


class SigninsConfig(AppConfig):
    name = "alongside.signins"
    label = "signins"
    verbose_name = "Sign-ins: sessions and their time limits"

    def ready(self) -> None:
        from alongside.organizations.services import ON_LAST_ROLE_ENDED
        from alongside.signins import checks  # noqa: F401 - registers the settings checks
        from alongside.signins.services import end_access

        # Organizations must not import this app (it reads memberships), so it calls the
        # functions registered here when someone's last active role ends.
        if end_access not in ON_LAST_ROLE_ENDED:
            ON_LAST_ROLE_ENDED.append(end_access)
