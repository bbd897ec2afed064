from django.urls import path

from alongside.recovery import views

app_name = "recovery"
urlpatterns = [
    path("<uuid:public_id>/recovery/start/", views.set_start, name="set_start"),
    path("<uuid:public_id>/recovery/recurrence/", views.record_recurrence, name="recurrence"),
    path("<uuid:public_id>/wins/", views.wins, name="wins"),
    path("<uuid:public_id>/wins/new/", views.add_win, name="add_win"),
    path(
        "<uuid:public_id>/wins/<uuid:win_id>/congratulate/",
        views.congratulate,
        name="congratulate",
    ),
]
