"""Matching reads: the zone's facts and weights, then ranked parks, opportunities and policies
for a profile, and ranked companies for a chain gap. Every figure comes from the records.

`public=True` (the portal, the public API) considers published records only; the office sees
the zone's parks, opportunities and policies whether published or not. Confidential projects
never count as a company's presence in a park.
"""

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import (
    Case,
    Exists,
    F,
    IntegerField,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Value,
    When,
)
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext

from zoneinvest.accounts.models import User
from zoneinvest.core.errors import ValidationFailed
from zoneinvest.core.models import Zone
from zoneinvest.industries.models import ChainLink, IndustryChain
from zoneinvest.matching.criteria import DEFAULT_POINTS, Criterion
from zoneinvest.matching.models import Weight
from zoneinvest.matching.profile import InvestorProfile
from zoneinvest.matching.scoring import (
    VERDICT_ORDER,
    Eligibility,
    Facts,
    Match,
    Reason,
    eligibility,
    middle_price,
    score_opportunity,
    score_park,
)
from zoneinvest.pipeline.models import Activity, Company, Project
from zoneinvest.pipeline.selectors import company_scope
from zoneinvest.pipeline.stages import OPEN_STAGES, PRESENT_STAGES, Stage
from zoneinvest.places.models import Park, Policy
from zoneinvest.portal.models import Opportunity

POSITION_ORDER = {"upstream": 0, "midstream": 1, "downstream": 2}
RECENT_CONTACT_DAYS = 365
FORTUNE_500 = 500


def weights_for(*, zone: Zone) -> dict[str, int]:
    """Every criterion's points in this zone: the director's, else the default."""
    points = dict(DEFAULT_POINTS)
    points.update(Weight.objects.filter(zone=zone).values_list("criterion", "points"))
    return points


def _neighbours(links: list[ChainLink]) -> dict[int, list[ChainLink]]:
    """Each link's neighbours in its chain, upstream to downstream (its suppliers, customers)."""
    by_chain: dict[int, list[ChainLink]] = {}
    for link in sorted(links, key=lambda k: (POSITION_ORDER.get(k.position, 9), k.order, k.pk)):
        by_chain.setdefault(link.chain_id, []).append(link)
    found: dict[int, list[ChainLink]] = {}
    for chain_links in by_chain.values():
        for index, link in enumerate(chain_links):
            found[link.pk] = [
                chain_links[i] for i in (index - 1, index + 1) if 0 <= i < len(chain_links)
            ]
    return found


def zone_facts(*, zone: Zone, parks: list[Park] | None = None) -> Facts:
    """The chains, links, presence by park and weights of a zone, in five queries."""
    chains = {chain.code: chain for chain in IndustryChain.objects.filter(zone=zone)}
    links = list(ChainLink.objects.filter(zone=zone).select_related("chain"))
    present: dict[int, dict[int, list[tuple[str, str]]]] = {}
    rows = (
        Project.objects.filter(
            zone=zone,
            stage__in=PRESENT_STAGES,
            confidential=False,
            park__isnull=False,
            link__isnull=False,
            company__isnull=False,
        )
        .order_by("company__name_en")
        .values_list("park_id", "link_id", "company__name_en", "company__name_zh_hans")
        .distinct()
    )
    for park_id, link_id, name_en, name_zh in rows:
        present.setdefault(park_id, {}).setdefault(link_id, []).append((name_en, name_zh or ""))
    focus: dict[int, set[int]] = {}
    for park_id, chain_id in Park.focus_chains.through.objects.filter(park__zone=zone).values_list(
        "park_id", "industrychain_id"
    ):
        focus.setdefault(park_id, set()).add(chain_id)
    return Facts(
        weights=weights_for(zone=zone),
        chains=chains,
        links={(link.chain.code, link.code): link for link in links},
        neighbours=_neighbours(links),
        present=present,
        focus=focus,
        middle_land_price=middle_price(parks) if parks is not None else None,
    )


def _ranked(matches: list[Match]) -> list[Match]:
    """Best first; equal scores keep the records' own order."""
    return sorted(matches, key=lambda match: -match.score)


def _parks(zone: Zone, public: bool) -> list[Park]:
    parks = Park.objects.filter(zone=zone).order_by("position", "name")
    return list(parks.filter(published=True) if public else parks)


def match_parks(
    *, zone: Zone, profile: InvestorProfile, public: bool, facts: Facts | None = None
) -> list[Match]:
    candidates = _parks(zone, public)
    facts = facts or zone_facts(zone=zone, parks=candidates)
    return _ranked([score_park(profile, park, facts) for park in candidates])


def match_opportunities(
    *, zone: Zone, profile: InvestorProfile, public: bool, facts: Facts | None = None
) -> list[Match]:
    rows = Opportunity.objects.filter(zone=zone).select_related("chain", "link", "park")
    if public:
        rows = rows.filter(published=True)
    facts = facts or zone_facts(zone=zone)
    return _ranked([score_opportunity(profile, row, facts) for row in rows.order_by("title")])


@dataclass
class Matches:
    parks: list[Match]
    opportunities: list[Match]
    policies: list[Eligibility]


def match_all(
    *, zone: Zone, profile: InvestorProfile, public: bool, on: dt.date | None = None
) -> Matches:
    """Parks, opportunities and policies for one profile, reading the zone's facts once."""
    facts = zone_facts(zone=zone, parks=_parks(zone, public))
    return Matches(
        parks=match_parks(zone=zone, profile=profile, public=public, facts=facts),
        opportunities=match_opportunities(zone=zone, profile=profile, public=public, facts=facts),
        policies=match_policies(zone=zone, profile=profile, public=public, on=on),
    )


def profile_check_zone(profile: InvestorProfile, *, zone: Zone) -> None:
    """Refuse a chain or link the zone does not have (the API; the portal's form offers only
    the zone's own)."""
    problems: dict[str, list[str]] = {}
    if profile.chain and not IndustryChain.objects.filter(zone=zone, code=profile.chain).exists():
        problems["chain"] = [gettext("No industry chain with this code in the zone.")]
    elif (
        profile.link
        and not ChainLink.objects.filter(
            zone=zone, chain__code=profile.chain, code=profile.link
        ).exists()
    ):
        problems["link"] = [gettext("No link with this code in that chain.")]
    if problems:
        raise ValidationFailed.for_fields(
            gettext("Please correct the fields marked below."), problems
        )


def match_policies(
    *, zone: Zone, profile: InvestorProfile, public: bool, on: dt.date | None = None
) -> list[Eligibility]:
    """Every policy with its verdict: eligible first, then to be checked, then not eligible."""
    policies = Policy.objects.filter(zone=zone).prefetch_related("chains").order_by("kind", "slug")
    if public:
        policies = policies.filter(published=True)
    day = on or timezone.localdate()
    found = [eligibility(policy, profile, on=day) for policy in policies]
    return sorted(found, key=lambda e: VERDICT_ORDER[e.verdict])


# ---------------------------------------------------------------- companies for a chain gap


@dataclass
class CompanyMatch:
    record: Company
    score: int
    reasons: list[Reason] = field(default_factory=list)


def _points(value: int) -> Value:
    return Value(value, output_field=IntegerField())


def _company_scores(link: ChainLink, weights: dict[str, int], today: dt.date) -> dict[str, Any]:
    """The score of every company for the gap `link`, as SQL, one term per criterion (the same
    terms `_company_reasons` explains in words)."""
    since = today - dt.timedelta(days=RECENT_CONTACT_DAYS)
    recent = Activity.objects.filter(company=OuterRef("pk"), date__gte=since, date__lte=today)
    lost = Project.objects.filter(company=OuterRef("pk"), stage=Stage.LOST)
    zero = _points(0)
    return {
        "p_link": Case(
            When(link_id=link.pk, then=_points(weights[Criterion.COMPANY_SAME_LINK])), default=zero
        ),
        "p_chain": Case(
            When(
                Q(chain_id=link.chain_id) & ~Q(link_id=link.pk),
                then=_points(weights[Criterion.COMPANY_SAME_CHAIN]),
            ),
            default=zero,
        ),
        # rank 1 gives all the points, rank 500 one in 500 (whole points, rounded down)
        "p_f500": Case(
            When(
                fortune_global_500_rank__gte=1,
                fortune_global_500_rank__lte=FORTUNE_500,
                then=(
                    _points(weights[Criterion.COMPANY_FORTUNE_500])
                    * (_points(FORTUNE_500 + 1) - F("fortune_global_500_rank"))
                    / _points(FORTUNE_500)
                ),
            ),
            default=zero,
        ),
        "p_recent": Case(
            When(Exists(recent), then=_points(weights[Criterion.COMPANY_RECENT_CONTACT])),
            default=zero,
        ),
        "p_lost": Case(
            When(Exists(lost), then=_points(weights[Criterion.COMPANY_LOST_BEFORE])), default=zero
        ),
    }


def gap_candidates(*, user: User, link: ChainLink) -> QuerySet[Company]:
    """The user's companies of the link's zone that are not already in the zone or in its
    pipeline (a registered or open project), merged duplicates left out."""
    busy = Project.objects.filter(
        zone=link.zone_id, stage__in=[*PRESENT_STAGES, *OPEN_STAGES], company__isnull=False
    ).values("company_id")
    return (
        company_scope(user=user)
        .filter(zone=link.zone_id, merged_into__isnull=True)
        .exclude(pk__in=busy)
    )


def match_companies(
    *, user: User, link: ChainLink, limit: int = 20, today: dt.date | None = None
) -> list[CompanyMatch]:
    """Companies ranked for the gap `link`, best first, each with its reasons; those that no
    criterion raises above zero are left out. Ranked in the database, explained for the top."""
    day = today or timezone.localdate()
    weights = weights_for(zone=link.zone)
    terms = _company_scores(link, weights, day)
    rows = (
        gap_candidates(user=user, link=link)
        .annotate(**terms)
        .annotate(score=sum((F(name) for name in terms), start=_points(0)))  # type: ignore[arg-type]
        .filter(score__gt=0)
        .select_related("chain", "link")
        .order_by("-score", "name", "pk")[:limit]
    )
    found = list(rows)
    last = _last_contacts([company.pk for company in found], day)
    return [
        CompanyMatch(company, company.score, _company_reasons(company, link, last, day))  # type: ignore[attr-defined]
        for company in found
    ]


def _last_contacts(ids: list[int], today: dt.date) -> dict[int, dt.date]:
    rows = (
        Activity.objects.filter(company_id__in=ids, date__lte=today)
        .order_by()
        .values_list("company_id")
        .annotate(last=Max("date"))
    )
    return dict(rows)


def _company_reasons(
    company: Any, link: ChainLink, last: dict[int, dt.date], today: dt.date
) -> list[Reason]:
    reasons = []
    if company.p_link:
        reasons.append(
            Reason(
                Criterion.COMPANY_SAME_LINK,
                company.p_link,
                gettext("Works in “%(link)s”, the gap.") % {"link": link.name},
            )
        )
    if company.p_chain:
        reasons.append(
            Reason(
                Criterion.COMPANY_SAME_CHAIN,
                company.p_chain,
                gettext("Works in “%(link)s” of the same chain.")
                % {"link": company.link.name if company.link else company.chain.name},
            )
        )
    if company.p_f500:
        reasons.append(
            Reason(
                Criterion.COMPANY_FORTUNE_500,
                company.p_f500,
                gettext("Fortune Global 500, rank %(rank)d.")
                % {"rank": company.fortune_global_500_rank},
            )
        )
    if company.p_recent:
        day = last.get(company.pk)
        reasons.append(
            Reason(
                Criterion.COMPANY_RECENT_CONTACT,
                company.p_recent,
                gettext("Last contact on %(day)s.")
                % {"day": date_format(day, "DATE_FORMAT") if day else "—"},
            )
        )
    if company.p_lost:
        reasons.append(
            Reason(
                Criterion.COMPANY_LOST_BEFORE,
                company.p_lost,
                gettext("A project with this company was lost before."),
            )
        )
    return reasons
