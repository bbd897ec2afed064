"""The client's own assessments under /me/assessments/ (included by urls.py)."""

from django.urls import path

from alongside.assessments import portal_views

app_name = "my_assessments"
urlpatterns = [
    path("", portal_views.my_assessments, name="list"),
    path("<slug:instrument>/", portal_views.answer, name="answer"),
]
