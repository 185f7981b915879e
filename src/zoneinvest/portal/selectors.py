"""Reads for the public portal: only public fields, never amounts, contacts or notes."""

import datetime as dt
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Min, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from zoneinvest.accounts.models import User
from zoneinvest.accounts.selectors import user_can_read_pipeline, user_zone_ids
from zoneinvest.core.models import Zone
from zoneinvest.industries.chain_map import PRESENT_STAGES
from zoneinvest.industries.models import IndustryChain
from zoneinvest.pipeline.models import Project
from zoneinvest.pipeline.selectors import project_scope
from zoneinvest.portal.models import Inquiry


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
    if not user_can_read_pipeline(user=user):
        return []
    inquiries = (
        Inquiry.objects.filter(zone_id__in=user_zone_ids(user=user))
        .filter(Q(project__isnull=True) | Q(project__in=project_scope(user=user)))
        .select_related("project", "project__owner", "chain")
        .annotate(first_activity=Min("project__activities__date"))
        .order_by("-created_at", "-id")
    )
    return [InquiryClock(inquiry=i, answered_on=i.first_activity) for i in inquiries[:500]]
