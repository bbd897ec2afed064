from django.contrib import admin
from django.urls import include, path

from alongside.api.urls import api
from alongside.lib.floor import whoami
from alongside.workspace.views import home

# The Django admin is for platform operators only (superusers): it is global, not scoped to an
# organization, so organization administrators use the in-app staff pages instead.
admin.site.has_permission = lambda request: request.user.is_active and request.user.is_superuser  # type: ignore[method-assign]

urlpatterns = [
    path("", home, name="home"),
    path("", include("alongside.workspace.urls")),
    path("today/", include("alongside.today.urls")),
    path("clients/", include("alongside.clients.urls")),
    path("clients/", include("alongside.support.urls")),
    path("clients/", include("alongside.checkins.urls")),
    path("clients/", include("alongside.recovery.urls")),
    path("clients/", include("alongside.portal.staff_urls")),
    path("", include("alongside.messaging.urls")),
    path("", include("alongside.safety.urls")),
    path("overview/", include("alongside.overview.urls")),
    path("outcomes/", include("alongside.outcomes.urls")),
    path("aftercare/", include("alongside.aftercare.urls")),
    path("organization/", include("alongside.organizations.urls")),
    path("organization/", include("alongside.signins.staff_urls")),
    path("accounts/signins/", include("alongside.signins.urls")),
    path("accounts/", include("allauth.urls")),
    path("", include("alongside.safetyplans.urls")),
    path("", include("alongside.pathways.urls")),
    path("", include("alongside.plans.urls")),
    path("", include("alongside.groups.urls")),
    path("", include("alongside.worksheets.urls")),
    path("", include("alongside.consent.urls")),
    path("", include("alongside.assessments.urls")),
    path("me/record/", include("alongside.myrecord.urls")),
    path("me/", include("alongside.portal.urls")),
    path("", include("alongside.privacy.urls")),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
    # The floor of `make bench` (issue 8): middleware plus one indexed query, no client data.
    path("healthz/me", whoami, name="whoami"),
]
