"""Aftercare pages, included in config/urls.py under /aftercare/."""

from django.urls import path

from alongside.aftercare import views

app_name = "aftercare"
CLIENT = "clients/<uuid:public_id>/"

urlpatterns = [
    path("", views.overview, name="overview"),
    path(CLIENT, views.client_followups, name="client"),
    path(f"{CLIENT}readmit/", views.readmit, name="readmit"),
    path(f"{CLIENT}<uuid:followup_id>/", views.record, name="record"),
]
