from django.urls import path

from alongside.today import views

app_name = "today"
urlpatterns = [path("", views.today, name="home")]
