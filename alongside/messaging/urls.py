"""Staff messaging pages (see config/urls.py); the client's side is the portal's /me/messages/."""

from django.urls import path

from alongside.messaging import views

app_name = "messaging"
urlpatterns = [
    path("messages/", views.inbox, name="inbox"),
    path("messages/hours/", views.working_hours, name="hours"),
    path("clients/<uuid:public_id>/messages/", views.conversation, name="conversation"),
]
