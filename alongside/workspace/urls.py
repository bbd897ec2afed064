from django.urls import path

from alongside.workspace import views

app_name = "workspace"
urlpatterns = [
    path("caseload/", views.caseload, name="caseload"),
    path("clients/<uuid:public_id>/", views.client_profile, name="client"),
]
