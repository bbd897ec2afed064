from django.urls import path

from alongside.overview import views

app_name = "overview"
urlpatterns = [
    path("team/", views.team, name="team"),
    path("programs/", views.program, name="program"),
    path("staff/", views.staff, name="staff"),
]
