"""Writing worksheets: starting one, adding and saving rows (autosave calls `save_row` on
every pause in typing), sharing and withdrawing, and the advocate's comments. The portal,
the staff pages, the API and the tests all call these.

Only the client writes their worksheets; only a current advocate comments, and only on
content that is shared at that moment. Messages are translated when raised, so the portal
shows them in the client's language. Every write is audited in its transaction; the audit
row names the worksheet, never its words.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from alongside.audit.models import Action
from alongside.clients.access import audit_client_event, own_client
from alongside.clients.models import Client
from alongside.recovery.milestones import client_today
from alongside.worksheets.access import OBJECT_TYPE, may_comment
from alongside.worksheets.kinds import SHEETS, STEP_PATHWAY, Box, Section, stage_title
from alongside.worksheets.models import COMMENT_LENGTH, Comment, Entry, Worksheet


def _require_owner(actor: Any, client: Client) -> None:
    """Raise PermissionDenied unless ACTOR is CLIENT's own account: staff never write here."""
    own = own_client(actor)
    if own is None or own.pk != client.pk:
        raise PermissionDenied


def _audit(actor: Any, client: Client, action: str, worksheet: Worksheet) -> None:
    audit_client_event(actor, client, action, worksheet, object_type=OBJECT_TYPE)


def _clean_text(errors: dict[str, str], box: Box, value: Any) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        errors[box.name] = _("Write this as text.")
        return ""
    text = value.strip()
    if "\x00" in text:
        errors[box.name] = _("Remove the null character.")
    elif len(text) > box.limit:
        errors[box.name] = _("Use at most %(limit)d characters (this has %(length)d).") % {
            "limit": box.limit,
            "length": len(text),
        }
    return text


def _clean_box(errors: dict[str, str], box: Box, value: Any) -> str:
    if box.kind == "choice":
        if value in (None, ""):
            return ""
        if value not in {key for key, _label in box.choices}:
            errors[box.name] = _("Choose one of the options.")
            return ""
        return str(value)
    if box.kind == "date":
        if value in (None, ""):
            return ""
        if isinstance(value, date):
            return value.isoformat()
        try:
            return date.fromisoformat(str(value)).isoformat()
        except ValueError:
            errors[box.name] = _("Enter a valid date.")
            return ""
    return _clean_text(errors, box, value)


def clean_answers(section: Section, data: Mapping[str, Any]) -> dict[str, str]:
    """Return SECTION's answers from DATA, cleaned; ValidationError by box for bad input,
    or on the whole row when every box is empty (an empty row is not worth keeping)."""
    errors: dict[str, str] = {}
    unknown = set(data) - {box.name for box in section.boxes}
    if unknown:
        errors[NON_FIELD_ERRORS] = _("This row has no box called %(name)s.") % {
            "name": sorted(unknown)[0][:40]
        }
    answers = {box.name: _clean_box(errors, box, data.get(box.name)) for box in section.boxes}
    if not errors and not any(answers.values()):
        errors[NON_FIELD_ERRORS] = _("Write something in at least one box.")
    if errors:
        raise ValidationError(errors)
    return answers


def _stage_for(kind: str, pathway: str, stage: str) -> tuple[str, str]:
    sheet = SHEETS.get(kind)
    if sheet is None:
        raise ValidationError({"kind": _("Choose one of the worksheets.")})
    if sheet.stage:
        return STEP_PATHWAY, sheet.stage
    if not stage_title(pathway, stage):
        raise ValidationError({"stage": _("Choose a stage of one of the pathways.")})
    return pathway, stage


def start_worksheet(
    actor: Any, client: Client, kind: str, pathway: str = "", stage: str = ""
) -> Worksheet:
    """Return CLIENT's worksheet of KIND (on PATHWAY/STAGE for a reflection), starting it if
    they have none yet. ValidationError for an unknown kind or stage."""
    _require_owner(actor, client)
    pathway, stage = _stage_for(kind, pathway, stage)
    found = Worksheet.objects.filter(client=client, kind=kind, pathway=pathway, stage=stage)
    existing = found.first()
    if existing is not None:
        return existing
    with transaction.atomic():
        worksheet = Worksheet.objects.create(
            organization_id=client.organization_id,
            client=client,
            kind=kind,
            pathway=pathway,
            stage=stage,
            updated_at=timezone.now(),
        )
        _audit(actor, client, Action.CREATE, worksheet)
    return worksheet


def add_row(actor: Any, worksheet: Worksheet, section_key: str, data: Mapping[str, Any]) -> Entry:
    """Add a row to WORKSHEET's section SECTION_KEY with DATA's answers, private to the
    client. A nightly review's row is the client's today; a second one that day is refused."""
    client = worksheet.client
    _require_owner(actor, client)
    section = worksheet.sheet.section(section_key)
    if section is None:
        raise ValidationError({"section": _("Choose one of the worksheet's sections.")})
    answers = clean_answers(section, data)
    now = timezone.now()
    day = client_today(client, now) if worksheet.sheet.daily else None
    if day is not None and worksheet.entries.filter(day=day).exists():
        raise ValidationError(_("Today's review is already started: open it to add to it."))
    entry = Entry(
        organization_id=client.organization_id,
        client=client,
        worksheet=worksheet,
        section=section.key,
        day=day,
        changed_at=now,
    )
    entry.set_answers(answers)
    try:
        with transaction.atomic():
            entry.save()
            Worksheet.objects.filter(pk=worksheet.pk).update(updated_at=now)
            _audit(actor, client, Action.CREATE, worksheet)
    except IntegrityError:
        # Two taps on "Save" for tonight's review: the first one won.
        raise ValidationError(
            _("Today's review is already started: open it to add to it.")
        ) from None
    return entry


def save_row(actor: Any, entry: Entry, data: Mapping[str, Any]) -> Entry:
    """Save DATA as ENTRY's answers (the whole row; autosave sends every box each time)."""
    worksheet = entry.worksheet
    _require_owner(actor, worksheet.client)
    section = worksheet.sheet.section(entry.section)
    if section is None:  # a section removed from the catalog: the row is read-only
        raise ValidationError(_("This row can no longer be changed."))
    answers = clean_answers(section, data)
    if answers == entry.answers():
        return entry
    now = timezone.now()
    entry.set_answers(answers)
    entry.changed_at = now
    with transaction.atomic():
        entry.save(update_fields=["content", "changed_at"])
        Worksheet.objects.filter(pk=worksheet.pk).update(updated_at=now)
        _audit(actor, worksheet.client, Action.UPDATE, worksheet)
    return entry


def delete_row(actor: Any, entry: Entry) -> None:
    """Delete ENTRY, a row of the client's own worksheet, for good, with the advocate's
    comments on it (they were about its words). Only the client may; audited as a deletion
    of the worksheet's content, naming the worksheet, never the words."""
    worksheet = entry.worksheet
    _require_owner(actor, worksheet.client)
    with transaction.atomic():
        entry.delete()
        Worksheet.objects.filter(pk=worksheet.pk).update(updated_at=timezone.now())
        _audit(actor, worksheet.client, Action.DELETE, worksheet)


def set_sharing(actor: Any, worksheet: Worksheet, shared: bool, entry: Entry | None = None) -> None:
    """Share (or stop sharing) ENTRY, for the inventory, or the whole WORKSHEET otherwise.

    Withdrawing takes effect at once: every read checks the current flags. Sharing again
    counts as new for the advocate (the row's `changed_at` moves).
    """
    _require_owner(actor, worksheet.client)
    if worksheet.per_row_sharing and entry is None:
        raise ValidationError(_("Choose the row to share: this worksheet is shared row by row."))
    if not worksheet.per_row_sharing and entry is not None:
        raise ValidationError(_("This worksheet is shared as a whole, not row by row."))
    now = timezone.now()
    with transaction.atomic():
        if entry is not None:
            if entry.shared != shared:
                entry.shared = shared
                fields = ["shared"]
                if shared:
                    entry.changed_at = now
                    fields.append("changed_at")
                entry.save(update_fields=fields)
        elif worksheet.shared != shared:
            worksheet.shared = shared
            worksheet.shared_at = now if shared else None
            worksheet.save(update_fields=["shared", "shared_at"])
            if shared:
                worksheet.entries.update(changed_at=now)
        Worksheet.objects.filter(pk=worksheet.pk).update(updated_at=now)
        _audit(actor, worksheet.client, Action.UPDATE, worksheet)


def add_comment(actor: Any, worksheet: Worksheet, text: Any, entry: Entry | None = None) -> Comment:
    """Add ACTOR's comment on WORKSHEET (or its row ENTRY). Only a current advocate, and
    only on content shared now: PermissionDenied otherwise, so a withdrawn row cannot be
    commented on from a page opened before."""
    client = worksheet.client
    if not may_comment(actor, client):
        raise PermissionDenied
    if worksheet.per_row_sharing != (entry is not None):
        # Inventory comments are on a row, the others' on the whole worksheet (as shared).
        raise ValidationError(_("Comment on a shared row of this worksheet."))
    shared = Entry.objects.shared().filter(worksheet=worksheet)
    if entry is not None:
        shared = shared.filter(pk=entry.pk)
    if not shared.exists():
        raise PermissionDenied
    if not isinstance(text, str):
        raise ValidationError({"text": _("Write this as text.")})
    words = text.strip()
    if not words:
        raise ValidationError({"text": _("Write your comment first.")})
    if "\x00" in words:
        raise ValidationError({"text": _("Remove the null character.")})
    if len(words) > COMMENT_LENGTH:
        raise ValidationError(
            {
                "text": _("Use at most %(limit)d characters (this has %(length)d).")
                % {"limit": COMMENT_LENGTH, "length": len(words)}
            }
        )
    with transaction.atomic():
        comment = Comment.objects.create(
            organization_id=client.organization_id,
            client=client,
            worksheet=worksheet,
            entry=entry,
            author=actor,
            text=words,
        )
        _audit(actor, client, Action.CREATE, worksheet)
    return comment
