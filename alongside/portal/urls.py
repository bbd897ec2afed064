"""The client portal: /me/ (see config/urls.py)."""

from django.urls import path

from alongside.portal import views

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("checkin/", views.checkin, name="checkin"),
    path("messages/", views.conversation, name="messages"),
    path("reminders/", views.reminders, name="reminders"),
    path("help/", views.help_now, name="help"),
    path("join/", views.join_code, name="join"),
    path("join/<str:token>/", views.join_link, name="join_link"),
    path("language/", views.language, name="language"),
]
