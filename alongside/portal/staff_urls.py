"""Staff pages for a client's portal access, under /clients/<uuid>/ (see config/urls.py)."""

from django.urls import path

from alongside.portal import staff_views

app_name = "invitations"
urlpatterns = [
    path("<uuid:public_id>/portal-invitation/", staff_views.invitation, name="manage"),
    path("<uuid:public_id>/portal-invitation/revoke/", staff_views.revoke, name="revoke"),
]
