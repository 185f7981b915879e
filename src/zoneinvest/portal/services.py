"""Writes of the public portal: an inquiry opens a lead in the pipeline; editors write and
publish pages and stories; the bureau publishes opportunities and the investor's guide."""

import datetime as dt
import logging
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext

from zoneinvest.accounts.models import User
from zoneinvest.accounts.selectors import zone_officers
from zoneinvest.core.audit import audit_record
from zoneinvest.core.errors import ValidationFailed
from zoneinvest.core.models import Zone
from zoneinvest.core.versioning import validate_or_raise, versioned_edit
from zoneinvest.industries.models import IndustryChain
from zoneinvest.matching.profile import InvestorProfile, profile_to_data
from zoneinvest.pipeline.models import Company, Source
from zoneinvest.pipeline.services import company_create, company_normalize_name, project_create
from zoneinvest.places.models import Park, Policy
from zoneinvest.portal.models import (
    Content,
    GuideStep,
    Inquiry,
    Opportunity,
    Page,
    Status,
    Story,
)

logger = logging.getLogger(__name__)

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
    park: Park | None = None,
    policy: Policy | None = None,
    opportunity: Opportunity | None = None,
    profile: InvestorProfile | None = None,
) -> Inquiry:
    """Record the inquiry, find or create the company and open a lead owned by an officer;
    the investor gets an acknowledgement once it is stored. `profile`: the investor's answers
    to "Find your location", stored with the inquiry (the message is kept as written)."""
    at = at or timezone.now()
    subjects = [obj for obj in (park, policy, opportunity) if obj is not None]
    if any(obj.zone_id != zone.pk for obj in subjects):
        raise ValidationFailed(gettext("This page does not belong to this zone."))
    if chain is None and opportunity is not None:
        chain = opportunity.chain
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
    inquiry = Inquiry.objects.create(
        zone=zone,
        park=park,
        policy=policy,
        opportunity=opportunity,
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
        profile=profile_to_data(profile) if profile is not None else {},
    )
    audit_record(  # a visitor's write: no actor; the sender's details stay out of the trail
        actor=None,
        verb="portal.inquiry.received",
        obj=inquiry,
        zone=zone,
        changes={"lead": [None, project.pk if project is not None else None]},
    )
    transaction.on_commit(lambda: _acknowledge_safely(inquiry))
    return inquiry


def _acknowledge_safely(inquiry: Inquiry) -> None:
    """A mail server that is down must not lose the inquiry: it is stored; log and go on."""
    try:
        inquiry_acknowledge(inquiry)
    except Exception:  # noqa: BLE001 - any transport error; the inquiry is already stored
        logger.exception("acknowledgement to inquiry %s not sent", inquiry.pk)


# ---------------------------------------------------------------- what editors write

# The fields an editor sets on a page or a story (both languages side by side).
CONTENT_FIELDS = tuple(
    f"{name}_{lang}"
    for name in ("title", "summary", "body", "image_alt")
    for lang in ("en", "zh_hans")
) + ("image",)
STORY_FIELDS = (*CONTENT_FIELDS, "slug", "kind", "event")


def _check_content(content: Content) -> None:
    validate_or_raise(content, exclude=("version",))
    if content.image and not (content.image_alt_en and content.image_alt_zh_hans):  # type: ignore[attr-defined]
        raise ValidationFailed.for_fields(
            gettext("Please correct the fields marked below."),
            {"image_alt_en": [gettext("Describe the image in English and in Chinese.")]},
        )
    event = getattr(content, "event", None)
    if event is not None and event.zone_id != content.zone_id:
        raise ValidationFailed.for_fields(
            gettext("Please correct the fields marked below."),
            {"event": [gettext("An event of another zone cannot be chosen.")]},
        )


@transaction.atomic
def page_create(*, zone: Zone, key: str, by: Any, **values: Any) -> Page:
    page = Page(zone=zone, key=key, **values)
    _check_content(page)
    page.save()
    audit_record(actor=by, verb="portal.page.created", obj=page, zone=zone)
    return page


@transaction.atomic
def story_create(*, zone: Zone, by: Any, **values: Any) -> Story:
    story = Story(zone=zone, **values)
    _check_content(story)
    story.save()
    audit_record(actor=by, verb="portal.story.created", obj=story, zone=zone)
    return story


@transaction.atomic
def content_edit[C: Content](
    content: C, *, version: int | None, values: dict[str, Any], by: Any
) -> C:
    """Save an editor's change; a copy older than the stored one is refused (StaleEdit)."""
    allowed = STORY_FIELDS if isinstance(content, Story) else CONTENT_FIELDS
    return versioned_edit(
        content,
        version=version,
        values=values,
        allowed=allowed,
        audited=allowed,
        check=_check_content,
        by=by,
        verb=f"portal.{content._meta.model_name}.edited",
    )


@transaction.atomic
def content_publish[C: Content](content: C, *, by: Any, at: dt.datetime | None = None) -> C:
    """Make a page or story public; its first publication date is kept on re-publishing."""
    return _set_status(content, Status.PUBLISHED, by=by, at=at)


@transaction.atomic
def content_unpublish[C: Content](content: C, *, by: Any) -> C:
    """Take a page or story off the portal (back to draft)."""
    return _set_status(content, Status.DRAFT, by=by, at=None)


def _set_status[C: Content](content: C, status: str, *, by: Any, at: dt.datetime | None) -> C:
    current = type(content)._default_manager.select_for_update().get(pk=content.pk)
    if current.status == status:
        return current
    before = current.status
    current.status = status
    if status == Status.PUBLISHED and current.published_at is None:
        current.published_at = at or timezone.now()
    current.version += 1
    current.save()
    audit_record(
        actor=by,
        verb=f"portal.{current._meta.model_name}.{status}",
        obj=current,
        zone=current.zone,
        changes={"status": [before, status]},
    )
    return current


# ---------------------------------------------------------------- opportunities and the guide


@transaction.atomic
def opportunity_create(*, zone: Zone, by: Any, **values: Any) -> Opportunity:
    opportunity = Opportunity(zone=zone, **values)
    validate_or_raise(opportunity)
    related = [opportunity.chain, opportunity.link, opportunity.park, opportunity.project]
    if any(obj is not None and obj.zone_id != zone.pk for obj in related):
        raise ValidationFailed.for_fields(
            gettext("Please correct the fields marked below."),
            {"__all__": [gettext("Chain, link, park and project must be of the same zone.")]},
        )
    opportunity.save()
    audit_record(actor=by, verb="portal.opportunity.created", obj=opportunity, zone=zone)
    return opportunity


@transaction.atomic
def guide_step_create(*, zone: Zone, by: Any, **values: Any) -> GuideStep:
    step = GuideStep(zone=zone, **values)
    validate_or_raise(step)
    step.save()
    audit_record(actor=by, verb="portal.guide_step.created", obj=step, zone=zone)
    return step


# ---------------------------------------------------------------- the acknowledgement


def inquiry_acknowledge(inquiry: Inquiry) -> None:
    """Email the investor, in the language they wrote in, that the bureau answers by due_by."""
    with translation.override(inquiry.language):
        context = {"inquiry": inquiry, "zone": inquiry.zone}
        subject = gettext("%(zone)s: we received your inquiry") % {"zone": inquiry.zone.name}
        body = render_to_string("portal/email/acknowledgement.txt", context)
    send_mail(
        subject,
        body,
        settings.DEFAULT_FROM_EMAIL,
        [inquiry.email],
        fail_silently=False,
    )
