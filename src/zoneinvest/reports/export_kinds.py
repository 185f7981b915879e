"""One export definition per office list and report: the page's query read by the page's own
filter form, the rows fetched by the page's own scoped selector, and only the columns the page
shows (or the project page behind it). Headers are in the active language.

Each definition is `fn(user, query) -> Export` (see `reports.exports`); registered by kind.
"""

from collections.abc import Iterator
from decimal import Decimal

from django.http import Http404, QueryDict
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext
from django_countries.fields import Country

from zoneinvest.accounts.models import User
from zoneinvest.accounts.selectors import user_zones
from zoneinvest.core.filters import PeriodForm, YearForm
from zoneinvest.core.models import Zone
from zoneinvest.events.filters import SigningFilterForm
from zoneinvest.events.models import Event
from zoneinvest.events.selectors import event_get, event_report, signed_not_started, signing_list
from zoneinvest.pipeline.filters import ProjectFilterForm
from zoneinvest.pipeline.selectors import company_list, project_list
from zoneinvest.reports.exports import PDF, Export, Row, export_definition
from zoneinvest.reports.selectors import Kpis, kpis

SIGNED_NOT_STARTED_DAYS = 90
MAX_DAYS = 3650


def _only_zone(user: User) -> Zone | None:
    """The user's zone for the audit event, when they work in exactly one."""
    zones = list(user_zones(user=user)[:2])
    return zones[0] if len(zones) == 1 else None


def _text(value: object) -> str:
    return "" if value is None else str(value)


def _country(code: object) -> str:
    code = str(code or "")
    return str(Country(code=code).name or code) if code else ""


def _event(user: User, query: QueryDict) -> Event:
    try:
        pk = int(query.get("event", ""))
    except ValueError:
        raise Http404 from None
    return event_get(user=user, pk=pk)


def _event_stem(event: Event, what: str) -> str:
    with translation.override("en"):
        name = slugify(str(event.name)) or "event"
    return f"{name}-{event.date.isoformat()}-{what}"


# ---------------------------------------------------------------- pipeline


@export_definition("projects")
def projects_export(user: User, query: QueryDict) -> Export:
    """The project list with its filters and sort (confidential projects as `project_scope`)."""
    filters = ProjectFilterForm(query or None, user=user).filters()
    projects = project_list(user=user, filters=filters)

    def rows() -> Iterator[Row]:
        for p in projects.iterator(chunk_size=2000):
            yield [
                p.pk,
                p.title,
                _text(p.company),
                _country(p.company.country) if p.company else "",
                p.get_stage_display(),
                p.get_sector_display(),
                _text(p.chain),
                p.get_source_display(),
                p.total_investment,
                p.currency,
                p.expected_jobs,
                _text(p.owner),
                p.confidential,
                p.signing_date,
                p.updated_at,
            ]

    return Export(
        stem="projects",
        title=gettext("Projects"),
        headers=[
            gettext("ID"),
            gettext("Project"),
            gettext("Investor"),
            gettext("Country"),
            gettext("Stage"),
            gettext("Sector"),
            gettext("Industry chain"),
            gettext("Source"),
            gettext("Total investment"),
            gettext("Currency"),
            gettext("Expected jobs"),
            gettext("Owner"),
            gettext("Confidential"),
            gettext("Signing date"),
            gettext("Updated"),
        ],
        rows=rows(),
        about=user,
        zone=_only_zone(user),
        count=projects.count,
    )


@export_definition("companies")
def companies_export(user: User, query: QueryDict) -> Export:
    companies = company_list(user=user, q=query.get("q", ""))

    def rows() -> Iterator[Row]:
        for c in companies.iterator(chunk_size=2000):
            yield [
                c.pk,
                c.name,
                _country(c.country),
                c.get_ownership_display(),
                _text(c.chain),
                c.fortune_global_500_rank,
                c.project_count,  # type: ignore[attr-defined]
            ]

    return Export(
        stem="companies",
        title=gettext("Companies"),
        headers=[
            gettext("ID"),
            gettext("Company"),
            gettext("Country"),
            gettext("Ownership"),
            gettext("Industry chain"),
            gettext("Fortune Global 500"),
            gettext("Projects"),
        ],
        rows=rows(),
        about=user,
        zone=_only_zone(user),
        count=companies.count,
    )


# ---------------------------------------------------------------- events


@export_definition("event_signings")
def event_signings_export(user: User, query: QueryDict) -> Export:
    """An event's signing list with its filters (signings of projects the user may see)."""
    event = _event(user, query)
    filters = SigningFilterForm(query, user=user, event=event).filters()
    signings = signing_list(user=user, filters=filters)

    def rows() -> Iterator[Row]:
        for s in signings:
            company = s.project.company
            yield [
                s.project.title,
                _text(company),
                _country(company.country) if company else "",
                _text(s.venue),
                s.date,
                s.get_kind_display(),
                s.get_document_display(),
                s.amount,
                s.counted_amount,
                s.currency,
                s.first_signing,
            ]

    return Export(
        stem=_event_stem(event, "signings"),
        title=gettext("Signings"),
        headers=[
            gettext("Project"),
            gettext("Investor"),
            gettext("Country"),
            gettext("Venue"),
            gettext("Date"),
            gettext("Kind"),
            gettext("Document"),
            gettext("As announced"),
            gettext("Counted"),
            gettext("Currency"),
            gettext("First signing"),
        ],
        rows=rows(),
        about=event,
        zone=event.zone,
        count=signings.count,
    )


@export_definition("event_report")
def event_report_export(user: User, query: QueryDict) -> Export:
    """The event report's figures: the total, then by sector, chain, country and venue (yuan at
    the rates of the event date). A missing rate raises `NoFxRate`, as on the page."""
    event = _event(user, query)
    report = event_report(event=event)
    not_recorded = gettext("Not recorded")
    slices = [
        (gettext("By sector"), report.by_sector),
        (gettext("By industry chain"), report.by_chain),
        (gettext("By investor country"), report.by_country),
        (gettext("By venue"), report.by_venue),
    ]

    def rows() -> Iterator[Row]:
        total = report.total
        yield [
            gettext("Total"),
            "",
            total.projects,
            total.signings,
            total.counted,
            total.announced,
        ]
        for title, figures in slices:
            for f in figures:
                label = not_recorded if f.key in (None, "") else (f.label or str(f.key))
                yield [title, label, f.projects, f.signings, f.counted, f.announced]

    return Export(
        stem=_event_stem(event, "report"),
        title=gettext("Report"),
        headers=[
            gettext("Figure"),
            gettext("Item"),
            gettext("Projects, each counted once"),
            gettext("Signings"),
            gettext("Counted once (yuan)"),
            gettext("As announced (yuan)"),
        ],
        rows=rows(),
        about=event,
        zone=event.zone,
    )


@export_definition("signed_not_started")
def signed_not_started_export(user: User, query: QueryDict) -> Export:
    try:  # as the page's DaysForm: 0 to 3650 days, anything else is the default
        days = int(query.get("days") or SIGNED_NOT_STARTED_DAYS)
    except ValueError:
        days = SIGNED_NOT_STARTED_DAYS
    if not 0 <= days <= MAX_DAYS:
        days = SIGNED_NOT_STARTED_DAYS
    today = timezone.localdate()
    projects = signed_not_started(user=user, days=days, today=today)

    def rows() -> Iterator[Row]:
        for p in projects:
            yield [
                p.title,
                _text(p.company),
                p.get_stage_display(),
                _text(p.owner),
                p.signing_date,
                (today - p.signing_date).days if p.signing_date else None,
                p.total_investment,
                p.currency,
            ]

    return Export(
        stem="signed-not-started",
        title=gettext("Signed, not yet started"),
        headers=[
            gettext("Project"),
            gettext("Investor"),
            gettext("Stage"),
            gettext("Owner"),
            gettext("Signing date"),
            gettext("Days since signing"),
            gettext("Total investment"),
            gettext("Currency"),
        ],
        rows=rows(),
        about=user,
        zone=_only_zone(user),
        details={"days": days},
        count=projects.count,
    )


# ---------------------------------------------------------------- the dashboard


def _dashboard_rows(figures: Kpis) -> Iterator[Row]:
    """Section, item, projects, investment (yuan), jobs, value, out of, rate (%)."""
    funnel = gettext("Pipeline funnel")
    for step in figures.funnel:
        yield [funnel, str(step.stage.label), step.reached, None, None, None, None, None]
    conversion = gettext("Conversion by stage")
    for from_stage, to_stage, ratio in figures.conversions:
        item = gettext("%(from)s → %(to)s") % {"from": from_stage.label, "to": to_stage.label}
        yield [
            conversion,
            item,
            None,
            None,
            None,
            ratio.numerator,
            ratio.denominator,
            ratio.percent,
        ]
    follow = gettext("Follow-through of signed projects")
    for label, ratio in (
        (gettext("Contract fulfilment rate (履约率)"), figures.fulfilment),
        (gettext("Construction start rate (开工率)"), figures.construction),
        (gettext("Production start rate (投产率)"), figures.production),
        (gettext("Capital arrival rate (资金到位率)"), figures.capital),
    ):
        yield [follow, label, None, None, None, ratio.numerator, ratio.denominator, ratio.percent]
    for title, breakdown in (
        (gettext("By industry chain"), figures.by_chain),
        (gettext("By sector"), figures.by_sector),
        (gettext("By investor country"), figures.by_country),
    ):
        for part in breakdown:
            yield [title, part.label, part.projects, part.investment, part.jobs, None, None, None]
    clusters = gettext("Cluster output against target")
    for c in figures.clusters:
        item = f"{c.chain} · {c.year} · {c.tier_label}"
        yield [clusters, item, None, None, None, c.actual, c.target, c.percent]


@export_definition("dashboard")
def dashboard_export(user: User, query: QueryDict) -> Export:
    """The KPI dashboard: every figure as a row; as a PDF, its tables."""
    year = YearForm(query or None).chosen()
    figures = kpis(user=user, year=year)
    language = translation.get_language() or "en"

    def pdf() -> bytes:
        from zoneinvest.reports.pdf import dashboard_pdf  # WeasyPrint loads slowly

        return dashboard_pdf(figures, language=language)

    return Export(
        stem="dashboard",
        title=gettext("Dashboard"),
        headers=[
            gettext("Section"),
            gettext("Item"),
            gettext("Projects"),
            gettext("Investment (yuan)"),
            gettext("Jobs"),
            gettext("Value"),
            gettext("Out of"),
            gettext("Rate (%)"),
        ],
        rows=_dashboard_rows(figures),
        about=user,
        zone=_only_zone(user),
        pdf=pdf,
        formats=("csv", "xlsx", PDF),
        details={"year": year},
    )


# -------------------------------------------------------- consultants, inquiries, indicators


@export_definition("consultant_ranking")
def consultant_ranking_export(user: User, query: QueryDict) -> Export:
    from zoneinvest.consultants.selectors import consultant_ranking

    start, end = PeriodForm(query or None).period(timezone.localdate())
    ranking = consultant_ranking(user=user, start=start, end=end)

    def rows() -> Iterator[Row]:
        for rank, r in enumerate(ranking, 1):
            yield [
                rank,
                r.consultant.name,
                r.consultant.organisation,
                r.referrals,
                r.qualified,
                r.signed,
                r.signed_value,
                r.paid_in,
                r.reward_due,
            ]

    return Export(
        stem=f"consultant-ranking-{start.isoformat()}-{end.isoformat()}",
        title=gettext("Consultant ranking"),
        headers=[
            gettext("Rank"),
            gettext("Consultant"),
            gettext("Organisation"),
            translation.pgettext("count", "Referrals"),
            gettext("Qualified"),
            gettext("Signed"),
            gettext("Signed value (yuan)"),
            gettext("Paid-in capital (yuan)"),
            gettext("Reward due (yuan)"),
        ],
        rows=rows(),
        about=user,
        zone=_only_zone(user),
        details={"start": start.isoformat(), "end": end.isoformat()},
    )


@export_definition("inquiries")
def inquiries_export(user: User, query: QueryDict) -> Export:
    from zoneinvest.portal.selectors import inquiry_clocks

    clocks = inquiry_clocks(user=user)

    def rows() -> Iterator[Row]:
        for clock in clocks:
            i = clock.inquiry
            about = " ".join(_text(x) for x in (i.park, i.policy, i.opportunity) if x)
            yield [
                i.created_at,
                i.organisation,
                i.name,
                about,
                _country(i.country),
                _text(i.chain),
                _text(i.project),
                _text(i.project.owner) if i.project and i.project.owner else "",
                i.due_by,
                clock.overdue,
                clock.answered_on,
            ]

    return Export(
        stem="inquiries",
        title=gettext("Inquiries"),
        headers=[
            gettext("Received"),
            gettext("Organisation"),
            gettext("Name"),
            gettext("About"),
            gettext("Country"),
            gettext("Industry chain"),
            gettext("Lead"),
            gettext("Owner"),
            gettext("Answer due by"),
            gettext("Overdue"),
            gettext("Answered"),
        ],
        rows=rows(),
        about=user,
        zone=_only_zone(user),
    )


@export_definition("indicators")
def indicators_export(user: User, query: QueryDict) -> Export:
    """The chosen zone's indicators (?zone=, else the user's first zone, as on the page)."""
    from zoneinvest.places.selectors import indicator_list

    zones = list(user_zones(user=user).order_by("pk"))
    wanted = query.get("zone")
    zone = next((z for z in zones if str(z.pk) == wanted), zones[0] if zones else None)
    if zone is None:
        raise Http404
    indicators = indicator_list(zone=zone)

    def rows() -> Iterator[Row]:
        for row in indicators:
            yield [
                row.get_kind_display(),
                row.get_area_display(),
                row.year,
                Decimal(row.value),
                row.unit,
                row.source,
            ]

    return Export(
        stem=f"indicators-{zone.code}",
        title=gettext("Zone indicators"),
        headers=[
            gettext("Indicator"),
            gettext("Area"),
            gettext("Year"),
            gettext("Value"),
            gettext("Unit"),
            gettext("Source"),
        ],
        rows=rows(),
        about=zone,
        zone=zone,
        count=indicators.count,
    )
