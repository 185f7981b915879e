"""Writes of the public portal: an inquiry opens a lead in the pipeline."""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from zoneinvest.accounts.models import User
from zoneinvest.accounts.selectors import zone_officers
from zoneinvest.core.models import Zone
from zoneinvest.industries.models import IndustryChain
from zoneinvest.pipeline.models import Company, Source
from zoneinvest.pipeline.services import company_create, company_normalize_name, project_create
from zoneinvest.portal.models import Inquiry

# The bureau answers an inquiry within this many working days (Monday to Friday).
ANSWER_WORKING_DAYS = 2


def working_days_after(day: dt.date, days: int) -> dt.date:
    """`days` working days after `day`, skipping Saturdays and Sundays (Friday + 2 → Tuesday)."""
    while days > 0:
        day += dt.timedelta(days=1)
        if day.weekday() < 5:
            days -= 1
    return day


def inquiry_owner(*, zone: Zone, chain: IndustryChain | None) -> User | None:
    """An officer who already owns projects in the chain, else the zone's first officer."""
    officers = zone_officers(zone=zone)
    if chain is not None:
        expert = officers.filter(owned_projects__chain=chain).first()
        if expert is not None:
            return expert
    return officers.first()


def _company_for(*, zone: Zone, organisation: str, country: str, by: User | None) -> Company:
    twin = Company.objects.filter(
        zone=zone,
        normalized_name=company_normalize_name(organisation),
        country=country,
        merged_into__isnull=True,
    ).first()
    if twin is not None:
        return twin
    return company_create(zone=zone, name_en=organisation, country=country, by=by)  # type: ignore[arg-type]


@transaction.atomic
def inquiry_submit(
    *,
    zone: Zone,
    name: str,
    organisation: str,
    email: str,
    country: str,
    message: str,
    chain: IndustryChain | None = None,
    language: str = "en",
    at: dt.datetime | None = None,
) -> Inquiry:
    """Record the inquiry, find or create the company and open a lead owned by an officer."""
    at = at or timezone.now()
    owner = inquiry_owner(zone=zone, chain=chain)
    project = None
    if owner is not None:
        company = _company_for(zone=zone, organisation=organisation, country=country, by=owner)
        project = project_create(
            zone=zone,
            title_en=f"Inquiry: {organisation}",  # the English title; the office names it
            company=company,
            chain=chain,
            owner=owner,
            source=Source.INQUIRY,
            by=owner,
            at=at,
        )
    return Inquiry.objects.create(
        zone=zone,
        name=name,
        organisation=organisation,
        email=email,
        country=country,
        message=message,
        chain=chain,
        language=language,
        created_at=at,
        due_by=working_days_after(timezone.localdate(at), ANSWER_WORKING_DAYS),
        project=project,
    )
