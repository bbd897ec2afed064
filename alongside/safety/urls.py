from django.urls import path

from alongside.safety import crisis_views, views

app_name = "safety"
urlpatterns = [
    path("alerts/", views.alerts, name="alerts"),
    path("alerts/<uuid:alert_id>/", views.alert_detail, name="alert"),
    path("alerts/<uuid:alert_id>/acknowledge/", views.acknowledge, name="acknowledge"),
    path("alerts/<uuid:alert_id>/resolve/", views.resolve, name="resolve"),
    path("clients/<uuid:public_id>/flags/new/", views.raise_flag, name="raise_flag"),
    path("organization/on-call/", views.on_call, name="on_call"),
    path("organization/on-call/<int:shift_id>/remove/", views.remove_shift, name="remove_shift"),
    path(
        "clients/<uuid:public_id>/crisis-events/", crisis_views.client_events, name="crisis_events"
    ),
    path("clients/<uuid:public_id>/crisis-events/new/", crisis_views.record, name="record_crisis"),
    path("crisis-events/review/", crisis_views.review_queue, name="crisis_review"),
    path("crisis-events/<uuid:event_id>/", crisis_views.event_detail, name="crisis_event"),
    path("crisis-events/<uuid:event_id>/sign-off/", crisis_views.sign_off, name="crisis_sign_off"),
    path(
        "crisis-events/<uuid:event_id>/follow-up-done/",
        crisis_views.follow_up_done,
        name="crisis_follow_up_done",
    ),
]
