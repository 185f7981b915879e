"""Reads for the public portal: only public fields, never amounts, contacts or notes."""

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db.models import Exists, Min, OuterRef, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from zoneinvest.accounts.models import PORTAL_EDITORS, User
from zoneinvest.accounts.selectors import user_can_read_pipeline, user_zone_ids
from zoneinvest.core.errors import NoFxRate
from zoneinvest.core.models import Zone
from zoneinvest.events.briefing import Briefing, event_briefing
from zoneinvest.events.models import Event
from zoneinvest.events.selectors import event_report
from zoneinvest.industries.chain_map import PRESENT_STAGES
from zoneinvest.industries.models import IndustryChain
from zoneinvest.pipeline.models import Company, Project
from zoneinvest.pipeline.selectors import project_scope
from zoneinvest.places.models import Park, Policy
from zoneinvest.places.selectors import user_can_read_places
from zoneinvest.portal.models import (
    GuideStep,
    Inquiry,
    Opportunity,
    Page,
    PageKey,
    Status,
    Story,
    StoryKind,
)


def portal_zone() -> Zone:
    """The zone this portal presents (settings.PORTAL_ZONE), or 404."""
    zone = Zone.objects.filter(code=settings.PORTAL_ZONE).first()
    if zone is None:
        raise Http404
    return zone


@dataclass
class PublicChain:
    chain: IndustryChain
    companies: list[str] = field(default_factory=list)


def public_chains(*, zone: Zone) -> list[PublicChain]:
    """Each chain of the zone with the names of the companies present (no confidential project)."""
    chains = {
        chain.pk: PublicChain(chain=chain)
        for chain in IndustryChain.objects.filter(zone=zone).order_by("position", "code")
    }
    projects = (
        Project.objects.filter(
            zone=zone,
            chain__in=list(chains),
            stage__in=PRESENT_STAGES,
            confidential=False,
            company__isnull=False,
        )
        .select_related("company")
        .order_by("company__name", "company_id")
    )
    seen: set[tuple[int | None, int | None]] = set()
    for project in projects:
        key = (project.chain_id, project.company_id)
        if key in seen or project.chain_id is None:
            continue
        seen.add(key)
        chains[project.chain_id].companies.append(str(project.company))
    return list(chains.values())


def interest_chains(*, zone: Zone) -> QuerySet[IndustryChain]:
    return IndustryChain.objects.filter(zone=zone).order_by("position", "code")


# ---------------------------------------------------------------- what the menus show


def published_page_keys(*, zone: Zone) -> set[str]:
    """The menu items that have a published page (the menu links to nothing else)."""
    return set(
        Page.objects.filter(zone=zone, status=Status.PUBLISHED).values_list("key", flat=True)
    )


def published_page(*, zone: Zone, key: str) -> Page:
    if key not in PageKey.values:
        raise Http404
    return get_object_or_404(Page, zone=zone, key=key, status=Status.PUBLISHED)


def published_stories(*, zone: Zone, kind: str = "", limit: int = 50) -> list[Story]:
    if kind and kind not in StoryKind.values:
        raise Http404
    stories = Story.objects.filter(zone=zone, status=Status.PUBLISHED)
    if kind:
        stories = stories.filter(kind=kind)
    return list(stories.order_by("-published_at", "-id")[:limit])


def published_story(*, zone: Zone, slug: str) -> Story:
    return get_object_or_404(Story, zone=zone, slug=slug, status=Status.PUBLISHED)


def story_figures(*, story: Story, language: str) -> Briefing | None:
    """The figures of the story's event, from the event report (aggregates of signings only)."""
    if story.event_id is None or story.event is None:
        return None
    try:
        return event_briefing(event_report(event=story.event), language)
    except NoFxRate:
        return None


@dataclass(frozen=True)
class OpportunityFilters:
    chain: str = ""  # chain code
    amount_band: str = ""


def published_opportunities(
    *, zone: Zone, filters: OpportunityFilters | None = None
) -> list[Opportunity]:
    rows = Opportunity.objects.filter(zone=zone, published=True)
    return list(_filtered_opportunities(rows, filters or OpportunityFilters()))


def _filtered_opportunities(
    rows: QuerySet[Opportunity], filters: OpportunityFilters
) -> QuerySet[Opportunity]:
    rows = rows.select_related("chain", "link", "park")
    if filters.chain:
        rows = rows.filter(chain__code=filters.chain)
    if filters.amount_band:
        rows = rows.filter(amount_band=filters.amount_band)
    return rows.order_by("zone_id", "chain__position", "slug")


def published_opportunity(*, zone: Zone, slug: str) -> Opportunity:
    return get_object_or_404(
        Opportunity.objects.select_related("chain", "link", "park"),
        zone=zone,
        slug=slug,
        published=True,
    )


def park_opportunities(*, zone: Zone, park_id: int) -> list[Opportunity]:
    return list(
        Opportunity.objects.filter(zone=zone, published=True, park_id=park_id)
        .select_related("chain")
        .order_by("slug")
    )


def guide_steps(*, zone: Zone) -> list[GuideStep]:
    return list(GuideStep.objects.filter(zone=zone).order_by("position"))


def listed_enterprises(*, zone: Zone) -> list[Company]:
    """Companies that agreed to be listed and are present in the zone (public fields only)."""
    present = Project.objects.filter(
        company=OuterRef("pk"), stage__in=PRESENT_STAGES, confidential=False
    )
    return list(
        Company.objects.filter(zone=zone, listed=True, merged_into__isnull=True)
        .filter(Exists(present))
        .select_related("chain")
        .only("name", "name_en", "name_zh_hans", "country", "website", "chain")
        .order_by("name")
    )


# ---------------------------------------------------------------- for the bureau (staff only)


@dataclass(frozen=True)
class InquiryClock:
    """An inquiry with its response clock: answered once an activity is recorded on its lead."""

    inquiry: Inquiry
    answered_on: dt.date | None

    @property
    def overdue(self) -> bool:
        return self.answered_on is None and self.inquiry.due_by < timezone.localdate()


def inquiry_clocks(*, user: User) -> list[InquiryClock]:
    """Inquiries of the user's zones, newest first, each with when it was answered (if it was)."""
    return [
        InquiryClock(inquiry=i, answered_on=i.first_activity)  # type: ignore[attr-defined]
        for i in inquiry_list(user=user)[:500]
    ]


@dataclass(frozen=True)
class InquiryFilters:
    zone: int | None = None  # zone id
    answered: bool | None = None  # an activity is recorded on its lead
    overdue: bool | None = None  # not answered and past its due date


def inquiry_list(*, user: User, filters: InquiryFilters | None = None) -> QuerySet[Inquiry]:
    """Inquiries of the user's zones (pipeline readers), newest first, each annotated with
    `first_activity`: the day it was answered, or None. An inquiry whose lead the user may not
    see (a confidential project) is left out."""
    if not user_can_read_pipeline(user=user):
        return Inquiry.objects.none()
    filters = filters or InquiryFilters()
    inquiries = (
        Inquiry.objects.filter(zone_id__in=user_zone_ids(user=user))
        .filter(Q(project__isnull=True) | Q(project__in=project_scope(user=user)))
        .select_related(
            "zone", "project", "project__owner", "chain", "park", "policy", "opportunity"
        )
        .annotate(first_activity=Min("project__activities__date"))
        .order_by("-created_at", "-id")
    )
    if filters.zone is not None:
        inquiries = inquiries.filter(zone_id=filters.zone)
    if filters.answered is not None:
        inquiries = inquiries.filter(first_activity__isnull=not filters.answered)
    if filters.overdue is not None:
        late = Q(first_activity__isnull=True, due_by__lt=timezone.localdate())
        inquiries = inquiries.filter(late if filters.overdue else ~late)
    return inquiries


def inquiry_get(*, user: User, pk: int) -> Inquiry:
    """One inquiry of the user's zones, or 404."""
    return get_object_or_404(inquiry_list(user=user), pk=pk)


def public_slugs(*, zone: Zone) -> dict[str, list[str]]:
    """The keys and slugs of every published record that has its own public page."""
    return {
        "pages": sorted(published_page_keys(zone=zone)),
        "park": list(Park.objects.filter(zone=zone, published=True).values_list("slug", flat=True)),
        "policy": list(
            Policy.objects.filter(zone=zone, published=True).values_list("slug", flat=True)
        ),
        "opportunity": list(
            Opportunity.objects.filter(zone=zone, published=True).values_list("slug", flat=True)
        ),
        "story": list(
            Story.objects.filter(zone=zone, status=Status.PUBLISHED).values_list("slug", flat=True)
        ),
    }


# ---------------------------------------------------------------- for editors (staff only)


def user_can_edit_portal(*, user: User) -> bool:
    return bool(user.is_authenticated and user.is_active and user.role in PORTAL_EDITORS)


def editable_pages(*, user: User) -> QuerySet[Page]:
    if not user_can_edit_portal(user=user):
        return Page.objects.none()
    return Page.objects.filter(zone_id__in=user_zone_ids(user=user)).select_related("zone")


def editable_stories(*, user: User) -> QuerySet[Story]:
    if not user_can_edit_portal(user=user):
        return Story.objects.none()
    return (
        Story.objects.filter(zone_id__in=user_zone_ids(user=user))
        .select_related("zone", "event")
        .order_by("-published_at", "-id")
    )


def editable_content(*, user: User, kind: str, pk: int) -> Page | Story:
    """A page or story of the user's zones, or 404 (another zone's content does not exist)."""
    scopes: dict[str, QuerySet[Any]] = {
        "page": editable_pages(user=user),
        "story": editable_stories(user=user),
    }
    if kind not in scopes:
        raise Http404
    return get_object_or_404(scopes[kind], pk=pk)


def missing_page_keys(*, zone: Zone) -> list[PageKey]:
    """The menu pages the zone has not written yet."""
    taken = set(Page.objects.filter(zone=zone).values_list("key", flat=True))
    return [key for key in PageKey if key.value not in taken]


def story_event_choices(*, user: User) -> QuerySet[Event]:
    """Events of the editor's zones a story can show the figures of."""
    if not user_can_edit_portal(user=user):
        return Event.objects.none()
    return Event.objects.filter(zone_id__in=user_zone_ids(user=user)).order_by("-date")


@dataclass(frozen=True)
class InquirySummary:
    unanswered: int
    overdue: int


def inquiry_summary(*, user: User) -> InquirySummary:
    """How many of the user's zones' inquiries wait for an answer, and how many are late."""
    clocks = inquiry_clocks(user=user)
    waiting = [clock for clock in clocks if clock.answered_on is None]
    return InquirySummary(
        unanswered=len(waiting), overdue=sum(1 for clock in waiting if clock.overdue)
    )


# ---------------------------------------------------------------- opportunities and the guide
# (the bureau's staff: drafts included)


def opportunity_list(
    *,
    user: User,
    filters: OpportunityFilters | None = None,
    zone_id: int | None = None,
    published: bool | None = None,
) -> QuerySet[Opportunity]:
    """The opportunities of the user's zones, published or not, narrowed as the portal's list.

    Each carries `project_visible`: whether the user may see the internal project behind it
    (pipeline.selectors.project_scope); an editor, who does not read the pipeline, never does.
    """
    if not user_can_read_places(user=user):
        return Opportunity.objects.none()
    rows = Opportunity.objects.filter(zone_id__in=user_zone_ids(user=user))
    if zone_id is not None:
        rows = rows.filter(zone_id=zone_id)
    if published is not None:
        rows = rows.filter(published=published)
    visible = project_scope(user=user).filter(pk=OuterRef("project_id"))
    rows = rows.select_related("zone", "project").annotate(project_visible=Exists(visible))
    return _filtered_opportunities(rows, filters or OpportunityFilters())


def opportunity_get(*, user: User, pk: int) -> Opportunity:
    """An opportunity of the user's zones, or 404."""
    return get_object_or_404(opportunity_list(user=user), pk=pk)


def guide_step_list(*, user: User, zone_id: int | None = None) -> QuerySet[GuideStep]:
    """The investor's guide of each of the user's zones, step by step (staff)."""
    if not user_can_read_places(user=user):
        return GuideStep.objects.none()
    steps = GuideStep.objects.filter(zone_id__in=user_zone_ids(user=user))
    if zone_id is not None:
        steps = steps.filter(zone_id=zone_id)
    return steps.select_related("zone").order_by("zone_id", "position")


def guide_step_get(*, user: User, pk: int) -> GuideStep:
    return get_object_or_404(guide_step_list(user=user), pk=pk)
