"""Writes of the consultant network: appointments, referrals (leads through the pipeline),
conflict resolution, advice and reward rules."""

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext

from zoneinvest.accounts.models import User
from zoneinvest.consultants.models import (
    Advice,
    Appointment,
    Consultant,
    Referral,
    RewardBand,
    RewardRule,
)
from zoneinvest.core.audit import audit_record
from zoneinvest.core.errors import DomainError, ValidationFailed
from zoneinvest.core.models import Zone
from zoneinvest.industries.models import IndustryChain
from zoneinvest.pipeline.models import Company, Project, Source
from zoneinvest.pipeline.services import company_create, company_normalize_name, project_create


class AlreadyReferred(DomainError):
    code = "already_referred"


@transaction.atomic
def consultant_create(
    *,
    zone: Zone,
    name_en: str,
    by: User | None,
    chains: list[IndustryChain] | None = None,
    **fields: Any,
) -> Consultant:
    consultant = Consultant.objects.create(zone=zone, name_en=name_en, **fields)
    consultant.chains.set(chains or [])
    audit_record(actor=by, verb="consultants.consultant.created", obj=consultant, zone=zone)
    return consultant


@transaction.atomic
def appointment_create(
    *, consultant: Consultant, batch_en: str, appointed_on: dt.date, by: User | None, **fields: Any
) -> Appointment:
    fields.setdefault("term_start", appointed_on)
    appointment = Appointment.objects.create(
        zone=consultant.zone,
        consultant=consultant,
        batch_en=batch_en,
        appointed_on=appointed_on,
        **fields,
    )
    audit_record(
        actor=by, verb="consultants.consultant.appointed", obj=consultant, zone=consultant.zone
    )
    return appointment


def _surviving(company: Company) -> Company:
    while company.merged_into_id is not None:
        company = company.merged_into  # type: ignore[assignment]
    return company


def _company_for_referral(
    *, zone: Zone, name_en: str, country: str, by: User, **fields: Any
) -> Company:
    normalized = company_normalize_name(name_en)
    existing = (
        Company.objects.filter(zone=zone, normalized_name=normalized, country=country)
        .select_related("merged_into")
        .order_by("merged_into_id", "id")
        .first()
    )
    if existing is not None:
        return _surviving(existing)
    return company_create(zone=zone, name_en=name_en, country=country, by=by, **fields)


def _claims_on(company: Company) -> "Q":
    """Referrals of this company or of any duplicate merged into it."""
    merged = Company.objects.filter(merged_into=company).values("pk")
    return Q(company=company) | Q(company__in=merged)


@transaction.atomic
def referral_submit(
    *,
    consultant: Consultant,
    company_name_en: str,
    country: str,
    by: User,
    company_name_zh: str = "",
    website: str = "",
    idea: str = "",
    project_title_en: str = "",
    project_title_zh: str = "",
    submitted_at: dt.datetime | None = None,
) -> Referral:
    """A consultant brings a company: find or create it, open a lead, and record the claim.

    The first valid claim on a company stands; a later claim by another consultant, or a claim on
    a company the bureau already has a project with, waits as a conflict for a director.
    """
    if not company_name_en.strip():
        raise ValidationFailed.for_fields(
            gettext("Please correct the fields marked below."),
            {"company_name_en": [gettext("Required.")]},
        )
    zone = consultant.zone
    company = _company_for_referral(
        zone=zone,
        name_en=company_name_en.strip(),
        country=country,
        by=by,
        name_zh_hans=company_name_zh.strip(),
        website=website,
    )
    claims = Referral.objects.filter(_claims_on(company)).exclude(status=Referral.Status.REJECTED)
    if claims.filter(consultant=consultant).exists():
        raise AlreadyReferred(
            gettext("You have already referred %(company)s.") % {"company": company},
            details={"fields": {"company_name_en": [gettext("Already referred.")]}},
        )
    project = (
        Project.objects.filter(company=company).exclude(stage="lost").order_by("id").first()
        if not project_title_en
        else None
    )
    # A company the bureau already works with is a claim a director must confirm: until then the
    # consultant sees nothing of the existing project beyond its stage.
    known_to_bureau = project is not None
    if project is None:
        project = project_create(
            zone=zone,
            title_en=project_title_en or company_name_en.strip(),
            title_zh_hans=project_title_zh or company_name_zh,
            description_en=idea,
            company=company,
            source=Source.CONSULTANT,
            by=by,
        )
    contested = known_to_bureau or claims.filter(status=Referral.Status.VALID).exists()
    status = Referral.Status.CONFLICT if contested else Referral.Status.VALID
    referral = Referral.objects.create(
        zone=zone,
        consultant=consultant,
        company=company,
        project=project,
        idea=idea,
        submitted_at=submitted_at or timezone.now(),
        status=status,
    )
    audit_record(
        actor=by,
        verb="consultants.referral.submitted",
        obj=project,
        zone=zone,
        changes={"referral": [None, f"{consultant} ({status})"]},
    )
    return referral


@transaction.atomic
def referral_resolve(*, winner: Referral, by: User, note: str = "") -> Referral:
    """A director decides a conflicting claim: the winner stands, the other claims are rejected."""
    company = _surviving(winner.company)
    others = (
        Referral.objects.filter(_claims_on(company))
        .exclude(pk=winner.pk)
        .exclude(status=Referral.Status.REJECTED)
    )
    others.update(status=Referral.Status.REJECTED, resolved_by=by, resolution_note=note[:500])
    winner.status = Referral.Status.VALID
    winner.resolved_by = by
    winner.resolution_note = note[:500]
    winner.save(update_fields=["status", "resolved_by", "resolution_note", "updated_at"])
    audit_record(
        actor=by,
        verb="consultants.referral.resolved",
        obj=winner,
        zone=winner.zone,
        changes={"winner": [None, winner.consultant_id]},
    )
    return winner


@transaction.atomic
def advice_record(
    *,
    consultant: Consultant,
    topic: str,
    text: str,
    date: dt.date,
    by: User,
    follow_up_owner: User | None = None,
) -> Advice:
    if not topic.strip() or not text.strip():
        raise ValidationFailed.for_fields(
            gettext("Please correct the fields marked below."),
            {
                k: [gettext("Required.")]
                for k, v in (("topic", topic), ("text", text))
                if not v.strip()
            },
        )
    advice = Advice.objects.create(
        zone=consultant.zone,
        consultant=consultant,
        topic=topic.strip(),
        text=text.strip(),
        date=date,
        follow_up_owner=follow_up_owner,
    )
    audit_record(actor=by, verb="consultants.advice.recorded", obj=advice, zone=consultant.zone)
    return advice


@transaction.atomic
def advice_set_status(*, advice: Advice, status: str, by: User) -> Advice:
    before = advice.status
    advice.status = Advice.Status(status)
    advice.save(update_fields=["status", "updated_at"])
    audit_record(
        actor=by,
        verb="consultants.advice.status_changed",
        obj=advice,
        zone=advice.zone,
        changes={"status": [before, advice.status]},
    )
    return advice


@transaction.atomic
def reward_rule_create(
    *,
    zone: Zone,
    name: str,
    valid_from: dt.date,
    bands: list[dict[str, Decimal | None]],
    by: User | None,
    **fields: Any,
) -> RewardRule:
    rule = RewardRule.objects.create(zone=zone, name=name, valid_from=valid_from, **fields)
    RewardBand.objects.bulk_create([RewardBand(zone=zone, rule=rule, **band) for band in bands])
    audit_record(actor=by, verb="consultants.reward_rule.created", obj=rule, zone=zone)
    return rule
