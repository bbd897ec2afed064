from django.urls import path

from alongside.safety import views

app_name = "safety"
urlpatterns = [
    path("alerts/", views.alerts, name="alerts"),
    path("alerts/<uuid:alert_id>/", views.alert_detail, name="alert"),
    path("alerts/<uuid:alert_id>/acknowledge/", views.acknowledge, name="acknowledge"),
    path("alerts/<uuid:alert_id>/resolve/", views.resolve, name="resolve"),
    path("clients/<uuid:public_id>/flags/new/", views.raise_flag, name="raise_flag"),
    path("organization/on-call/", views.on_call, name="on_call"),
    path("organization/on-call/<int:shift_id>/remove/", views.remove_shift, name="remove_shift"),
]
