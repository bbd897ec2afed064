"""The client's own consents in the portal, under /me/consents/: what they agreed to share,
with whom and until when, and a way to revoke each one by e-signature (typing their name).

The client comes from the session (`portal_client`), never from the URL; a consent id in the
URL is looked up among their own consents only. Every page that shows consents writes a VIEW
row; a revocation is audited by `revoke_consent()`. Staff accounts get a 404.
"""

from __future__ import annotations

import uuid
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from alongside.audit.models import Action
from alongside.clients.access import audit_client_event
from alongside.consent.access import OBJECT_CONSENT, OBJECT_CONSENTS
from alongside.consent.models import (
    Category,
    Consent,
    ConsentType,
    Expiry,
    Purpose,
    SignatureMethod,
)
from alongside.consent.queries import consents_of
from alongside.consent.services import revoke_consent
from alongside.lib.forms import add_service_errors, form_status, posted
from alongside.portal.access import portal_client

NAV = "consents"

# The words a client reads for each category and purpose (the staff pages use the labels).
CATEGORY_WORDS = {
    Category.CONTACTS: gettext_lazy("Your contacts with your advocates"),
    Category.CHECKINS: gettext_lazy("Your check-ins"),
    Category.RECOVERY: gettext_lazy("Your recovery timeline and wins"),
    Category.ASSESSMENTS: gettext_lazy("Your questionnaire results"),
    Category.SAFETY_PLAN: gettext_lazy("Your safety plan"),
    Category.MESSAGES: gettext_lazy("Your messages"),
    Category.COUNSELING_NOTES: gettext_lazy("Counseling notes"),
}
PURPOSE_WORDS = {
    Purpose.TREATMENT: gettext_lazy("Treatment"),
    Purpose.PAYMENT: gettext_lazy("Payment"),
    Purpose.OPERATIONS: gettext_lazy("Running the program (health care operations)"),
    Purpose.CLIENT_REQUEST: gettext_lazy("Because you asked"),
    Purpose.FAMILY_SUPPORT: gettext_lazy("Involving family or friends in your recovery"),
    Purpose.HOUSING_BENEFITS: gettext_lazy("A housing or benefits application"),
    Purpose.EMPLOYMENT: gettext_lazy("Work or returning to work"),
}


def explained(consent: Consent, status: str) -> dict[str, Any]:
    """Return what the portal shows of CONSENT, in the client's language."""
    if consent.consent_type == ConsentType.TPO:
        recipients = _(
            "Your treating providers, health plans, third-party payers and people helping "
            "to run this program"
        )
    else:
        recipients = "; ".join(consent.recipient_names)
    if consent.expiry == Expiry.DATE and consent.expires_on:
        expires = _("On %(date)s") % {"date": date_format(consent.expires_on)}
    elif consent.expiry == Expiry.EVENT:
        expires = _("When this happens: %(event)s") % {"event": consent.expiry_event}
    else:
        expires = _("At the end of your treatment")
    return {
        "consent": consent,
        "status": status,
        "recipients": recipients,
        "information": [str(CATEGORY_WORDS[Category(c)]) for c in Category if c in consent.scope],
        "purposes": [str(PURPOSE_WORDS[Purpose(p)]) for p in Purpose if p in consent.purposes],
        "expires": expires,
    }


class PortalRevocationForm(forms.Form):
    signed_by = forms.CharField(
        label=gettext_lazy("Type your full name to sign"), max_length=200, required=False
    )
    confirm = forms.BooleanField(
        label=gettext_lazy("I revoke this consent. Nothing more may be shared under it."),
        error_messages={"required": gettext_lazy("Tick the box to confirm.")},
    )


@require_GET
@login_required
def my_consents(request: HttpRequest) -> HttpResponse:
    client = portal_client(request)
    audit_client_event(request.user, client, Action.VIEW, object_type=OBJECT_CONSENTS)
    now = timezone.now()
    rows = [explained(consent, consent.status(now)) for consent in consents_of(client)]
    return render(request, "consent/portal/consents.html", {"consents": rows, "nav": NAV})


@require_http_methods(["GET", "POST"])
@login_required
def revoke_my_consent(request: HttpRequest, consent_id: uuid.UUID) -> HttpResponse:
    client = portal_client(request)
    consent = next((c for c in consents_of(client) if c.public_id == consent_id), None)
    if consent is None or consent.revoked_at is not None:
        raise Http404("No such consent")
    form = PortalRevocationForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            revoke_consent(
                request.user,
                consent,
                SignatureMethod.PORTAL,
                signed_by=form.cleaned_data["signed_by"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("Your consent is revoked. Nothing more will be shared under it.")
            )
            return redirect("consent:my_consents")
    audit_client_event(request.user, client, Action.VIEW, consent, object_type=OBJECT_CONSENT)
    context = {"item": explained(consent, consent.status(timezone.now())), "form": form, "nav": NAV}
    return render(request, "consent/portal/revoke.html", context, status=form_status(form))
