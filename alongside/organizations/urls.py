from django.urls import path

from alongside.organizations import views

app_name = "organizations"
urlpatterns = [
    path("staff/new/", views.add_staff, name="add_staff"),
    path("staff/<uuid:membership_id>/", views.edit_membership, name="edit_membership"),
]
