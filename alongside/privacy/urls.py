from django.urls import path

from alongside.privacy import views

app_name = "privacy"
urlpatterns = [
    path("break-glass/", views.break_glass, name="break_glass"),
    path("organization/audit/", views.audit, name="audit"),
    path("organization/audit/export/", views.audit_export, name="audit_export"),
    path("organization/audit/break-glass/", views.review_queue, name="review_queue"),
    path("organization/audit/break-glass/<uuid:grant_id>/", views.review, name="review"),
]
