"""Consent and disclosure pages: staff pages under /clients/<uuid>/, the client's own under
/me/consents/ (one include in config/urls.py, placed before the portal's /me/)."""

from django.urls import path

from alongside.consent import portal_views, views

app_name = "consent"
urlpatterns = [
    path("clients/<uuid:public_id>/consents/", views.consents, name="consents"),
    path("clients/<uuid:public_id>/consents/new/", views.new_consent, name="new_consent"),
    path(
        "clients/<uuid:public_id>/consents/<uuid:consent_id>/",
        views.consent_detail,
        name="consent",
    ),
    path(
        "clients/<uuid:public_id>/consents/<uuid:consent_id>/revoke/",
        views.revoke,
        name="revoke",
    ),
    path(
        "clients/<uuid:public_id>/consents/<uuid:consent_id>/expiry-event/",
        views.expiry_event,
        name="expiry_event",
    ),
    path("clients/<uuid:public_id>/disclosures/new/", views.new_disclosure, name="new_disclosure"),
    path("clients/<uuid:public_id>/disclosures/emergency/", views.emergency, name="emergency"),
    path("clients/<uuid:public_id>/disclosures/accounting/", views.accounting, name="accounting"),
    path(
        "clients/<uuid:public_id>/disclosures/accounting.csv",
        views.accounting_csv,
        name="accounting_csv",
    ),
    path(
        "clients/<uuid:public_id>/disclosures/accounting.pdf",
        views.accounting_pdf,
        name="accounting_pdf",
    ),
    path("me/consents/", portal_views.my_consents, name="my_consents"),
    path(
        "me/consents/<uuid:consent_id>/revoke/",
        portal_views.revoke_my_consent,
        name="revoke_my_consent",
    ),
]
