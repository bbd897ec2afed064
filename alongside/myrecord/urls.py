"""The client's own record: /me/record/ (one include in config/urls.py, before the portal)."""

from django.urls import path

from alongside.myrecord import views

app_name = "myrecord"
urlpatterns = [
    path("", views.my_record, name="page"),
    path("download/", views.download, name="download"),
]
