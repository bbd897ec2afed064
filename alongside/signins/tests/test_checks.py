"""Start-up refuses idle limits the warning cannot work with."""

from __future__ import annotations

import pytest

from alongside.signins.checks import idle_limits


def test_the_default_settings_pass(settings):
    assert idle_limits(None) == []


@pytest.mark.parametrize("minutes", [1, 0, -5, 12 * 60 + 1, "15"])
def test_an_idle_limit_too_short_for_the_warning_or_too_long_is_refused(settings, minutes):
    settings.ALONGSIDE_IDLE_MINUTES_CLIENT = minutes
    errors = idle_limits(None)
    assert [e.id for e in errors] == ["signins.E001"]
    assert "ALONGSIDE_IDLE_MINUTES_CLIENT" in errors[0].msg


def test_the_engine_and_middleware_must_be_in_place(settings):
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.db"
    assert [e.id for e in idle_limits(None)] == ["signins.E002"]
    settings.SESSION_ENGINE = "alongside.signins.store"
    settings.MIDDLEWARE = [
        m
        for m in settings.MIDDLEWARE
        if m != "alongside.signins.middleware.SessionTimeoutMiddleware"
    ]
    assert [e.id for e in idle_limits(None)] == ["signins.E002"]
