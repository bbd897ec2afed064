from django.urls import path

from alongside.checkins import views

app_name = "checkins"
urlpatterns = [
    path("<uuid:public_id>/checkins/new/", views.record, name="record"),
]
