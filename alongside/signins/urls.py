"""Under /accounts/signins/: with the other account pages, which speak a client's language."""

from django.urls import path

from alongside.signins import views

app_name = "signins"
urlpatterns = [
    path("", views.my_signins, name="list"),
    path("<uuid:public_id>/end/", views.end_session, name="end"),
    path("end-others/", views.end_other_sessions, name="end_others"),
    path("keepalive/", views.keepalive, name="keepalive"),
    path("time-left/", views.time_left, name="time_left"),
]
