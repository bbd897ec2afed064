"""The client's own record in the portal: /me/record/ explains what the download holds;
/me/record/download/ (POST only, so nothing about it lands in the browser's history or an
address) hands it out as a readable page or as JSON.

The client comes from the session (`portal_client`), never from the URL; staff get a 404.
Downloading asks for the passphrase again unless the person signed in or confirmed it in the
last 10 minutes (`require_recent_auth`): the whole record is the most sensitive thing the
portal hands out, and a phone may be shared or left unlocked.
"""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from alongside.accounts.reauth import require_recent_auth
from alongside.clients.models import Client
from alongside.myrecord import export
from alongside.myrecord.export import Format
from alongside.portal.access import portal_client

NAV = "record"


class DownloadForm(forms.Form):
    format = forms.ChoiceField(
        choices=[(f.value, f.value) for f in Format],
        error_messages={
            "required": gettext_lazy("Choose how to download your record."),
            "invalid_choice": gettext_lazy("Choose how to download your record."),
        },
    )


def _page(request: HttpRequest, form: DownloadForm, status: int = 200) -> HttpResponse:
    return render(request, "myrecord/page.html", {"form": form, "nav": NAV}, status=status)


@require_GET
@login_required
def my_record(request: HttpRequest) -> HttpResponse:
    # The page says what the download holds, never the record itself: no audit row until
    # something is handed out.
    portal_client(request)
    return _page(request, DownloadForm())


@require_POST
@login_required
def download(request: HttpRequest) -> HttpResponse:
    client = portal_client(request)
    form = DownloadForm(request.POST)
    if not form.is_valid():
        return _page(request, form, status=400)
    return _download(request, client, Format(form.cleaned_data["format"]))


@require_recent_auth
def _download(request: HttpRequest, client: Client, output: Format) -> HttpResponse:
    return export.download(request.user, client, output)
