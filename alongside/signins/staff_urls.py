"""Under /organization/: an administrator signs a staff member out everywhere."""

from django.urls import path

from alongside.signins import views

app_name = "signins_staff"
urlpatterns = [
    path(
        "staff/<uuid:membership_id>/sign-out/",
        views.end_member_sessions,
        name="end_member_sessions",
    ),
]
