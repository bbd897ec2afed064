from django.urls import path

from alongside.clients import views

app_name = "clients"
urlpatterns = [
    path("new/", views.admit_client, name="admit"),
    path("<uuid:public_id>/assign/", views.assign, name="assign"),
    path(
        "<uuid:public_id>/assignments/<uuid:assignment_id>/transfer/",
        views.transfer_assignment,
        name="transfer",
    ),
    path(
        "<uuid:public_id>/assignments/<uuid:assignment_id>/end/",
        views.end_assignment_view,
        name="end_assignment",
    ),
    path("<uuid:public_id>/discharge/", views.discharge_client, name="discharge"),
]
