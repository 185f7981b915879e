"""Insights for the pipeline's readers: the industry chains and their map (links, companies
present, gaps and the companies that could fill them), the zone's statistics and its shares of
the parent city, and the bureau's KPIs with the records behind each figure."""

from types import SimpleNamespace
from typing import Any

from django.db.models import Count
from django.http import Http404, HttpRequest
from django.utils.translation import gettext
from ninja import Query, Router
from ninja.pagination import paginate

from zoneinvest.accounts.models import User
from zoneinvest.accounts.selectors import user_zone_ids, user_zones
from zoneinvest.api.auth import caller, pipeline_auth
from zoneinvest.api.errors import READ_ERRORS, WRITE_ERRORS
from zoneinvest.api.insight_schemas import (
    ChainMapOut,
    ChainOut,
    IndicatorImportIn,
    IndicatorImportOut,
    IndicatorOut,
    IndicatorQuery,
    KpiQuery,
    KpisOut,
    ShareOut,
    ShareQuery,
)
from zoneinvest.api.schemas import Pagination, choice
from zoneinvest.core.errors import ValidationFailed
from zoneinvest.core.models import Zone
from zoneinvest.industries.chain_map import chain_get, chain_map, gap_targets
from zoneinvest.industries.selectors import chain_list
from zoneinvest.pipeline.stages import Stage
from zoneinvest.places.models import Indicator
from zoneinvest.places.selectors import indicator_shares
from zoneinvest.places.services import indicators_import_csv
from zoneinvest.reports.selectors import kpis

chains = Router(auth=pipeline_auth, tags=["insights"])
indicators = Router(auth=pipeline_auth, tags=["insights"])
kpi = Router(auth=pipeline_auth, tags=["insights"])


def _zone(user: User, code: str | None) -> Zone:
    """The zone of this code among the user's (404 otherwise); without a code, the user's only
    zone (422 when there are several)."""
    zones = user_zones(user=user)
    if code:
        zone = zones.filter(code=code).first()
        if zone is None:
            raise Http404
        return zone
    found = list(zones[:2])
    if len(found) != 1:
        raise ValidationFailed.for_fields(
            gettext("Please correct the fields marked below."),
            {"zone": [gettext("Choose a zone: you work in several.")]},
        )
    return found[0]


# ---------------------------------------------------------------- industry chains


@chains.get("", response={200: list[ChainOut], **READ_ERRORS})
@paginate(Pagination)
def list_chains(request: HttpRequest) -> Any:
    chains = chain_list(user=caller(request)).annotate(link_count=Count("links"))
    return chains.order_by("zone_id", "position", "code")


@chains.get("/{chain_id}", response={200: ChainMapOut, **READ_ERRORS})
def get_chain(request: HttpRequest, chain_id: int) -> Any:
    """The chain map: each link upstream to downstream with the companies present in the zone,
    the projects in the pipeline and whether it is a gap; each gap with the companies that
    could fill it (one query per gap)."""
    user = caller(request)
    chain = chain_get(user=user, pk=chain_id)
    found = chain_map(user=user, chain=chain)
    return SimpleNamespace(
        id=chain.pk,
        code=chain.code,
        name=str(chain.name),
        name_en=chain.name_en,  # type: ignore[attr-defined]
        name_zh_hans=chain.name_zh_hans,  # type: ignore[attr-defined]
        sector=chain.sector,
        tier=chain.tier,
        link_count=len(found.links),
        links=found.links,
        gaps=[
            {"link": row.link, "targets": gap_targets(user=user, link=row.link)}
            for row in found.gaps
        ],
    )


# ---------------------------------------------------------------- indicators


@indicators.get("", response={200: list[IndicatorOut], **READ_ERRORS})
@paginate(Pagination)
def list_indicators(request: HttpRequest, filters: Query[IndicatorQuery]) -> Any:
    """The statistics of the caller's zones and of their parent cities, latest year first."""
    user = caller(request)
    rows = Indicator.objects.filter(zone_id__in=user_zone_ids(user=user))
    if filters.zone:
        rows = rows.filter(zone__code=filters.zone)
    if filters.year is not None:
        rows = rows.filter(year=filters.year)
    if filters.kind:
        rows = rows.filter(kind=filters.kind)
    return rows.select_related("zone").order_by("zone__code", "-year", "kind", "area", "id")


@indicators.get("/shares", response={200: list[ShareOut], **READ_ERRORS})
def list_indicator_shares(request: HttpRequest, filters: Query[ShareQuery]) -> Any:
    """The zone's share of its city for each indicator that has both records for a year."""
    zone = _zone(caller(request), filters.zone)
    return indicator_shares(zone=zone, year=filters.year)


@indicators.post("/import", response={200: IndicatorImportOut, **WRITE_ERRORS})
def import_indicators(request: HttpRequest, payload: IndicatorImportIn) -> Any:
    """Import indicators from CSV text sent in a JSON body: `{"zone": "code", "csv": "..."}`.

    The columns are kind, area, year, value, unit, source; a row for a kind, area and year
    already recorded corrects it. All rows or none: one bad row refuses the whole file with
    422 `validation_failed`, and `details.fields` names every bad row ("row 3": [problems]).
    """
    user = caller(request)
    zone = _zone(user, payload.zone)
    return {"imported": indicators_import_csv(zone=zone, content=payload.csv, by=user)}


# ---------------------------------------------------------------- KPIs


@kpi.get("", response={200: KpisOut, **READ_ERRORS})
def get_kpis(request: HttpRequest, filters: Query[KpiQuery]) -> Any:
    """Every KPI of the dashboard for the projects the caller may see; amounts in yuan.

    Each figure has `records`: the project-list filters that list the records behind it.
    """
    found = kpis(user=caller(request), year=filters.year)
    return {
        "funnel": found.funnel,
        "conversions": [
            SimpleNamespace(
                from_stage=choice(Stage, a),
                to_stage=choice(Stage, b),
                numerator=ratio.numerator,
                denominator=ratio.denominator,
                percent=ratio.percent,
                records=ratio.records,
            )
            for a, b, ratio in found.conversions
        ],
        "rates": {
            "fulfilment": found.fulfilment,
            "construction": found.construction,
            "production": found.production,
            "capital": found.capital,
        },
        "by_chain": found.by_chain,
        "by_sector": found.by_sector,
        "by_country": found.by_country,
        "clusters": found.clusters,
    }
