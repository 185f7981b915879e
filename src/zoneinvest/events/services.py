"""Writes of the events app: campaigns, events, venues, and signings through the pipeline."""

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext, gettext_noop

from zoneinvest.accounts.models import User
from zoneinvest.core.audit import audit_record
from zoneinvest.core.errors import DomainError, ValidationFailed
from zoneinvest.core.models import Zone
from zoneinvest.core.money import Money, convert
from zoneinvest.core.versioning import lock_for_update
from zoneinvest.events.ledger import LedgerLine, counted_amounts, first_line
from zoneinvest.events.models import (
    AgendaItem,
    Campaign,
    CampaignChainTarget,
    DiligenceCheck,
    Event,
    Participant,
    Signing,
    Venue,
)
from zoneinvest.pipeline.models import Project, Task
from zoneinvest.pipeline.services import project_change_stage, task_create
from zoneinvest.pipeline.stages import Stage

CORRECT_FIELDS = "Please correct the fields marked below."


class AlreadySigned(DomainError):
    code = "already_signed"


def _refuse(field: str, message: str) -> None:
    raise ValidationFailed.for_fields(gettext(CORRECT_FIELDS), {field: [message]})


@transaction.atomic
def campaign_create(*, zone: Zone, by: User, **fields: Any) -> Campaign:
    targets = fields.pop("chain_targets", [])
    campaign = Campaign.objects.create(zone=zone, **fields)
    CampaignChainTarget.objects.bulk_create(
        [CampaignChainTarget(zone=zone, campaign=campaign, **target) for target in targets]
    )
    audit_record(actor=by, verb="events.campaign.created", obj=campaign, zone=zone)
    return campaign


@transaction.atomic
def event_create(*, zone: Zone, by: User, venues: list[dict[str, Any]], **fields: Any) -> Event:
    campaign = fields.get("campaign")
    if campaign is not None and campaign.zone_id != zone.pk:
        _refuse("campaign", gettext("Belongs to another zone."))
    event = Event.objects.create(zone=zone, **fields)
    for position, venue in enumerate(venues):
        Venue.objects.create(zone=zone, event=event, position=position, **venue)
    audit_record(actor=by, verb="events.event.created", obj=event, zone=zone)
    return event


@transaction.atomic
def participant_add(*, event: Event, by: User, **fields: Any) -> Participant:
    venue = fields.get("venue")
    if venue is not None and venue.event_id != event.pk:
        _refuse("venue", gettext("Not a venue of this event."))
    participant = Participant.objects.create(zone=event.zone, event=event, **fields)
    audit_record(actor=by, verb="events.participant.added", obj=event, zone=event.zone)
    return participant


@transaction.atomic
def agenda_item_add(
    *, venue: Venue, title_en: str, starts_at: dt.datetime, by: User, **fields: Any
) -> AgendaItem:
    item = AgendaItem.objects.create(
        zone=venue.zone, venue=venue, title_en=title_en, starts_at=starts_at, **fields
    )
    audit_record(actor=by, verb="events.agenda.added", obj=venue.event, zone=venue.zone)
    return item


@transaction.atomic
def diligence_verify(*, project: Project, item: str, by: User, note: str = "") -> DiligenceCheck:
    check, _created = DiligenceCheck.objects.update_or_create(
        project=project,
        item=item,
        defaults={"zone": project.zone, "verified_by": by, "note": note},
    )
    audit_record(
        actor=by,
        verb="events.diligence.verified",
        obj=project,
        zone=project.zone,
        changes={"diligence": [None, item]},
    )
    return check


def _convert(money: Money, currency: str, on: dt.date) -> Money:
    return convert(money, to=currency, on=on)


def _recount(project: Project) -> None:
    """Apply the count-once rule to every signing of the project."""
    signings = list(Signing.objects.filter(project=project))
    lines = [LedgerLine(s.pk, s.date, s.kind, s.amount, s.currency) for s in signings]
    counted = counted_amounts(lines, _convert)
    first = first_line(lines)
    changed = [
        s
        for s in signings
        if s.counted_amount != counted[s.pk] or s.first_signing != (s.pk == first)
    ]
    for signing in changed:
        signing.counted_amount = counted[signing.pk]
        signing.first_signing = signing.pk == first
    Signing.objects.bulk_update(changed, ["counted_amount", "first_signing"])


def _check_place(project: Project, event: Event | None, venue: Venue | None) -> None:
    if event is not None and event.zone_id != project.zone_id:
        _refuse("event", gettext("Belongs to another zone."))
    if venue is not None and (event is None or venue.event_id != event.pk):
        _refuse("venue", gettext("Not a venue of this event."))


def _refuse_second_new_signing(project: Project, kind: str) -> None:
    first = Signing.objects.filter(project=project).select_related("event").order_by("date").first()
    if first is None or kind != Signing.Kind.NEW:
        return
    where = first.event.name if first.event else gettext("its own ceremony")
    raise AlreadySigned(
        gettext(
            "“%(project)s” was already signed on %(date)s at %(where)s. Record this as a "
            "re-signing, an upgrade or a capital increase, so that it is not counted twice."
        )
        % {"project": project, "date": first.date.isoformat(), "where": where},
        details={"fields": {"kind": [gettext("Already signed before.")]}},
    )


@transaction.atomic
def signing_record(
    *,
    project: Project,
    date: dt.date,
    amount: Decimal,
    by: User,
    currency: str | None = None,
    event: Event | None = None,
    venue: Venue | None = None,
    document: str = Signing.Document.AGREEMENT,
    kind: str = Signing.Kind.NEW,
    note: str = "",
    version: int | None = None,
    values: dict[str, Any] | None = None,
    at: dt.datetime | None = None,
) -> Signing:
    """Record a signing; a project that is not yet signed moves to `signed` through the pipeline.

    The stage service enforces the transition and every field `signed` requires; `values` may
    supply them. The count-once rule then sets what this and the project's other signings count.
    """
    if amount is None or amount <= 0:
        _refuse("amount", gettext("A signing needs a positive amount."))
    _check_place(project, event, venue)
    current = lock_for_update(project)
    _refuse_second_new_signing(current, kind)
    if current.stage in (Stage.NEGOTIATING, Stage.ON_HOLD, Stage.LEAD, Stage.QUALIFIED):
        stage_values = {"signing_date": date, **(values or {})}
        if current.total_investment is None:
            stage_values.setdefault("total_investment", amount)
        current = project_change_stage(
            project=current,
            to=Stage.SIGNED,
            by=by,
            version=version,
            values=stage_values,
            via_signing=True,
            at=at,
        )
    elif current.stage == Stage.LOST:
        _refuse("project", gettext("A lost project cannot be signed; reopen it as a lead first."))
    signing = Signing.objects.create(
        zone=current.zone,
        project=current,
        event=event,
        venue=venue,
        date=date,
        amount=amount,
        currency=currency or current.currency,
        document=document,
        kind=kind,
        note=note,
        recorded_by=by,
    )
    _recount(current)
    audit_record(
        actor=by,
        verb="events.signing.recorded",
        obj=current,
        zone=current.zone,
        changes={
            "signing": [None, f"{date.isoformat()} {amount} {signing.currency} {kind}"],
            "event": [None, event.pk if event else None],
        },
    )
    signing.refresh_from_db(fields=["counted_amount"])
    return signing


@transaction.atomic
def stage_move(
    *,
    project: Project,
    to: Stage | str,
    by: User,
    version: int | None = None,
    reason: str = "",
    lost_to: str = "",
    values: dict[str, Any] | None = None,
    at: dt.datetime | None = None,
) -> Project:
    """What the board, the stage form and the API call: `signed` is reached through a signing
    (on its own date, at the project's total investment); every other move is the pipeline's."""
    if Stage(to) != Stage.SIGNED:
        return project_change_stage(
            project=project,
            to=to,
            by=by,
            version=version,
            reason=reason,
            lost_to=lost_to,
            values=values,
            at=at,
        )
    values = dict(values or {})
    date = values.pop("signing_date", None)
    amount = values.get("total_investment") or project.total_investment
    if date is None or amount is None:
        # Let the stage service say exactly what is missing.
        return project_change_stage(
            project=project, to=to, by=by, version=version, values=values, via_signing=True
        )
    signing_record(
        project=project, date=date, amount=amount, by=by, version=version, values=values, at=at
    )
    project.refresh_from_db()
    return project


# ---------------------------------------------------------------- follow-through after an event

# What a signed project does next, in order; each is due a number of days after the event.
FOLLOWUP_TITLES = (
    gettext_noop("Register the company"),
    gettext_noop("Secure the land"),
    gettext_noop("Start construction"),
)


def _in_every_language(message: str) -> set[str]:
    """A message as each language of the site writes it (a task keeps the words it was made in)."""
    titles = {message}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            titles.add(gettext(message))
    return titles


@transaction.atomic
def followups_create(*, event: Event, by: User, days: Sequence[int] = (30, 90, 180)) -> int:
    """For each project first signed at the event that has an owner: register the company,
    secure the land and start construction, due `days` after the event, assigned to the owner.

    Idempotent: a project that already has a task of the same title (in any language) does not
    get it again. Returns how many tasks were created.
    """
    if len(days) != len(FOLLOWUP_TITLES):
        _refuse("days", gettext("Give one number of days for each follow-up."))
    signings = (
        Signing.objects.filter(event=event, first_signing=True, project__owner__isnull=False)
        .select_related("project__zone", "project__owner")
        .order_by("date", "id")
    )
    projects = {signing.project_id: signing.project for signing in signings}
    existing = set(
        Task.objects.filter(project_id__in=list(projects)).values_list("project_id", "title")
    )
    created = 0
    for project in projects.values():
        owner = project.owner
        if owner is None:
            continue
        for message, after in zip(FOLLOWUP_TITLES, days, strict=True):
            if any((project.pk, title) in existing for title in _in_every_language(message)):
                continue
            task_create(
                zone=project.zone,
                project=project,
                title=gettext(message),
                due_date=event.date + dt.timedelta(days=after),
                assignee=owner,
                by=by,
            )
            created += 1
    if created:
        audit_record(
            actor=by,
            verb="events.followups.created",
            obj=event,
            zone=event.zone,
            changes={"tasks": [None, created]},
        )
    return created
