"""The chain map (产业链招商): each link of a chain with the companies present in the zone, the
projects in the pipeline, and the gaps; from a gap, the companies that could fill it."""

from dataclasses import dataclass, field

from django.db import transaction
from django.http import Http404
from django.utils.translation import gettext

from zoneinvest.accounts.models import User
from zoneinvest.core.errors import DomainError
from zoneinvest.industries.models import ChainLink, IndustryChain
from zoneinvest.industries.selectors import chain_list
from zoneinvest.matching.selectors import match_companies
from zoneinvest.pipeline.models import Company, Project, Source
from zoneinvest.pipeline.selectors import project_scope
from zoneinvest.pipeline.services import project_create
from zoneinvest.pipeline.stages import OPEN_STAGES, PRESENT_STAGES, Stage  # noqa: F401 - re-exported


@dataclass
class LinkRow:
    link: ChainLink
    present: list[Company] = field(default_factory=list)
    pipeline: list[Project] = field(default_factory=list)
    operating: int = 0

    @property
    def is_gap(self) -> bool:
        """A link with no operating company in the zone."""
        return self.operating == 0


@dataclass
class ChainMap:
    chain: IndustryChain
    links: list[LinkRow]

    @property
    def gaps(self) -> list[LinkRow]:
        return [row for row in self.links if row.is_gap]


def chain_get(*, user: User, pk: int) -> IndustryChain:
    chain = chain_list(user=user).filter(pk=pk).first()
    if chain is None:
        raise Http404
    return chain


def link_get(*, user: User, pk: int) -> ChainLink:
    link = (
        ChainLink.objects.filter(chain__in=chain_list(user=user))
        .select_related("chain")
        .filter(pk=pk)
        .first()
    )
    if link is None:
        raise Http404
    return link


def chain_map(*, user: User, chain: IndustryChain) -> ChainMap:
    """Links upstream to downstream, in three queries whatever the size of the chain."""
    rows = {
        link.pk: LinkRow(link=link)
        for link in chain.links.order_by("position", "order", "id").all()
    }
    order = {"upstream": 0, "midstream": 1, "downstream": 2}
    projects = (
        project_scope(user=user)
        .filter(link__chain=chain)
        .exclude(stage=Stage.LOST)
        .select_related("company", "link")
        .order_by("title")
    )
    seen: dict[int, set[int]] = {pk: set() for pk in rows}
    for project in projects:
        row = rows.get(project.link_id)  # type: ignore[arg-type]
        if row is None:
            continue
        if project.stage in PRESENT_STAGES:
            row.operating += project.stage == Stage.OPERATING
            if project.company_id and project.company_id not in seen[row.link.pk]:
                seen[row.link.pk].add(project.company_id)
                row.present.append(project.company)  # type: ignore[arg-type]
        elif project.stage in OPEN_STAGES or project.stage == Stage.ON_HOLD:
            row.pipeline.append(project)
    ordered = sorted(rows.values(), key=lambda r: (order[r.link.position], r.link.order, r.link.pk))
    return ChainMap(chain=chain, links=ordered)


def gap_targets(*, user: User, link: ChainLink, limit: int = 20) -> list[Company]:
    """Companies that could fill the gap `link`, best match first: the companies of
    `matching.selectors.match_companies` without their scores and reasons (kept for the API's
    chain map; a page that explains the order calls match_companies itself)."""
    return [found.record for found in match_companies(user=user, link=link, limit=limit)]


class NotATarget(DomainError):
    code = "not_a_target"


@transaction.atomic
def gap_target_assign(*, link: ChainLink, company: Company, owner: User, by: User) -> Project:
    """Open a lead for a company that could fill a gap, owned by the officer assigned to it.

    Any company of the zone may be a target (the matching ranks those of the link first, then
    those of the chain, the largest and the recently contacted), but not one that is already in
    the zone or in its pipeline: a second lead would count it twice."""
    if company.zone_id != link.zone_id or company.merged_into_id is not None:
        raise NotATarget(gettext("This company is not a target of this chain link."))
    busy = Project.objects.filter(
        zone=link.zone_id, company=company, stage__in=[*PRESENT_STAGES, *OPEN_STAGES]
    )
    if busy.exists():
        raise NotATarget(
            gettext("%(company)s is already in the zone or in its pipeline.") % {"company": company}
        )
    return project_create(
        zone=link.zone,
        title_en=gettext("%(company)s: %(link)s") % {"company": company, "link": link},
        company=company,
        chain=link.chain,
        link=link,
        sector=link.chain.sector,
        owner=owner,
        source=Source.CHAIN_GAP,
        by=by,
    )
