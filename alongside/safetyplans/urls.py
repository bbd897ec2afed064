"""Safety plan pages: staff pages under /clients/ and the client's own under /me/safety-plan/
(one include in config/urls.py, placed before the portal's /me/)."""

from django.urls import include, path

from alongside.safetyplans import portal_urls, views

app_name = "safetyplans"
urlpatterns = [
    path("clients/<uuid:public_id>/safety-plan/", views.plan, name="plan"),
    path("clients/<uuid:public_id>/safety-plan/edit/", views.edit, name="edit"),
    path(
        "clients/<uuid:public_id>/safety-plan/versions/<int:number>/",
        views.version,
        name="version",
    ),
    path("me/safety-plan/", include(portal_urls)),
]
