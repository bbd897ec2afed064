"""Staff pages under /clients/<id>/assessments/ (included by urls.py)."""

from django.urls import path

from alongside.assessments import views

app_name = "assessments"
urlpatterns = [
    path("<uuid:public_id>/assessments/", views.client_assessments, name="list"),
    path("<uuid:public_id>/assessments/new/<slug:instrument>/", views.give, name="give"),
]
