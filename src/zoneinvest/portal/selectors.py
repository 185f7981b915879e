"""Reads for the public portal: only public fields, never amounts, contacts or notes."""

from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import QuerySet
from django.http import Http404

from zoneinvest.core.models import Zone
from zoneinvest.industries.chain_map import PRESENT_STAGES
from zoneinvest.industries.models import IndustryChain
from zoneinvest.pipeline.models import Project


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
