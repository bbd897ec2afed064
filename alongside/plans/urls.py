"""Recovery plan pages: staff pages under /clients/<id>/plan/ and the client's own under
/me/plan/ (names prefixed "my_"). Included in config/urls.py before the portal's /me/."""

from django.urls import path

from alongside.plans import views

app_name = "plans"
STAFF = "clients/<uuid:public_id>/plan/"
PORTAL = "me/plan/"

urlpatterns = [
    path(STAFF, views.plan, name="plan"),
    path(f"{STAFF}print/", views.printable, name="print"),
    path(f"{STAFF}suggest/", views.suggest, name="suggest"),
    path(f"{STAFF}goals/new/", views.new_goal, name="new_goal"),
    path(f"{STAFF}goals/<uuid:goal_id>/", views.goal, name="goal"),
    path(f"{STAFF}goals/<uuid:goal_id>/status/", views.status, name="status"),
    path(f"{STAFF}goals/<uuid:goal_id>/tasks/new/", views.new_task, name="new_task"),
    path(f"{STAFF}tasks/<uuid:task_id>/tick/", views.tick, name="tick"),
    path(PORTAL, views.plan, name="my_plan"),
    path(f"{PORTAL}print/", views.printable, name="my_print"),
    path(f"{PORTAL}goals/new/", views.new_goal, name="my_new_goal"),
    path(f"{PORTAL}goals/<uuid:goal_id>/", views.goal, name="my_goal"),
    path(f"{PORTAL}goals/<uuid:goal_id>/status/", views.status, name="my_status"),
    path(f"{PORTAL}goals/<uuid:goal_id>/tasks/new/", views.new_task, name="my_new_task"),
    path(f"{PORTAL}tasks/<uuid:task_id>/tick/", views.tick, name="my_tick"),
]
