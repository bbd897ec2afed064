"""Group sessions and the calendar feed."""

from django.urls import path

from alongside.groups import views

app_name = "groups"
urlpatterns = [
    path("groups/", views.my_groups, name="list"),
    path("groups/new/", views.new_group, name="new"),
    path("groups/<uuid:group_id>/", views.group_detail, name="detail"),
    path("groups/<uuid:group_id>/schedule/", views.edit_schedule, name="schedule"),
    path("groups/<uuid:group_id>/facilitators/", views.facilitators, name="facilitators"),
    path("groups/sessions/<uuid:session_id>/attendance/", views.attendance, name="attendance"),
    path("groups/sessions/<uuid:session_id>/cancel/", views.cancel_session, name="cancel"),
    path("groups/sessions/<uuid:session_id>/restore/", views.restore_session, name="restore"),
    path("calendar/", views.calendar, name="calendar"),
    path("calendar/<str:token>.ics", views.calendar_feed, name="feed"),
]
