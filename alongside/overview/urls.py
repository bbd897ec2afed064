from django.urls import path

app_name = "overview"
urlpatterns: list = []
