"""The client's own safety plan: /me/safety-plan/ (names in the "safetyplans" namespace)."""

from django.urls import path

from alongside.safetyplans import portal_views

urlpatterns = [
    path("", portal_views.my_plan, name="my_plan"),
    path("print/", portal_views.printable, name="my_plan_print"),
    path("edit/", portal_views.edit_my_plan, name="my_plan_edit"),
]
