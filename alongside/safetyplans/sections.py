"""The six sections of a safety plan and the words that go with them.

The wording is our own (DESIGN.md §5): the published safety-planning forms are licensed and
are not shipped. Titles and prompts are in the client's voice ("my", "I"): it is their plan,
whoever is typing, so the staff page shows the same words as the portal. Strings are
translated on the pages clients use; staff pages stay in English.

988 appears only in a prompt, as a reminder: it is never stored in a plan, so a plan saved
empty does not look filled and the number cannot go stale inside old versions.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

# A section is a short list in the person's own words; 2,000 characters is about a page of
# phone screen, far more than any section needs, and keeps a printed plan to a sheet or two.
SECTION_LENGTH = 2000


@dataclass(frozen=True)
class Section:
    key: str  # the model field and the API's name for it
    title: StrOrPromise
    prompt: StrOrPromise


SECTIONS: tuple[Section, ...] = (
    Section(
        "warning_signs",
        _("Signs a crisis may be building"),
        _(
            "What do I notice when things start to get worse? Thoughts, feelings, places, "
            "times of day, or things I start doing."
        ),
    ),
    Section(
        "coping_alone",
        _("Things I can do on my own to cope"),
        _(
            "What helps me get through a hard moment by myself? For example a walk, music, "
            "a shower, prayer, or slow breathing."
        ),
    ),
    Section(
        "distractions",
        _("People and places that take my mind off things"),
        _(
            "Who can I be around, or where can I go, to get out of my head for a while? I "
            "don't have to talk about what is going on."
        ),
    ),
    Section(
        "support_people",
        _("People I can ask for help"),
        _(
            "People I trust to tell when I am struggling: a friend, family member, sponsor "
            "or peer. Write their names and phone numbers."
        ),
    ),
    Section(
        "professionals",
        _("Professionals and crisis lines"),
        _(
            "My advocate, counselor, doctor or my program's on-call line, with their "
            "numbers. Remember: you can call or text 988 at any time, day or night."
        ),
    ),
    Section(
        "safer_surroundings",
        _("Making my surroundings safer"),
        _(
            "What can I put away, lock up, or give to someone I trust, so it is harder to "
            "hurt myself or to use when things are bad?"
        ),
    ),
)

SECTION_KEYS: tuple[str, ...] = tuple(section.key for section in SECTIONS)
