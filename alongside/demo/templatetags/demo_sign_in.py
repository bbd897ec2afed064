"""`{% demo_code_hint user %}`: the demo's second-factor code on the sign-in page (see
alongside/demo/second_factor.py); renders nothing for anyone else or with hints off."""

from __future__ import annotations

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from alongside.accounts.models import User
from alongside.demo.second_factor import code_hint

register = template.Library()


@register.simple_tag
def demo_code_hint(user: User | None) -> SafeString | str:
    code = code_hint(user)
    if code is None:
        return ""
    return format_html(
        '<ul class="messages" role="note"><li class="message demo-hint"><p>{}</p>'
        '<p><strong class="invite-code">{}</strong></p><p class="help">{}</p></li></ul>',
        _("Demo center: this is the code an authenticator app would show for this account now."),
        code,
        _("Codes change every 30 seconds; reload the page for a fresh one."),
    )
