from django.urls import path

from alongside.support import views

app_name = "support"
urlpatterns = [
    path("<uuid:public_id>/contacts/new/", views.log_contact, name="log_contact"),
]
