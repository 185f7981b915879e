"""The KPI dashboard as an A4 PDF in the reader's language: the dashboard's own tables (the
funnel with bars), every figure from `reports.selectors.kpis`, amounts worded by `core.money`.

Rendered offline through `core.pdf.render_pdf`: the stylesheet is inlined and nothing is fetched.
"""

from decimal import Decimal
from pathlib import Path
from typing import Any

from django.template.loader import render_to_string
from django.utils import formats, timezone, translation

from zoneinvest.core.money import PIVOT_CURRENCY, Money, figure, is_chinese
from zoneinvest.core.pdf import render_pdf
from zoneinvest.reports.selectors import Breakdown, Kpis

TEMPLATE = "reports/dashboard_pdf.html"
TEMPLATE_DIR = Path(__file__).resolve().parent / "templates" / "reports"


def _yuan(amount: Decimal | None) -> str:
    return "—" if amount is None else figure(Money(amount, PIVOT_CURRENCY))


def _breakdown(rows: list[Breakdown]) -> list[dict[str, Any]]:
    return [
        {"row": row, "investment": _yuan(row.investment), "recorded": row.key not in (None, "")}
        for row in rows
    ]


def dashboard_pdf_context(figures: Kpis) -> dict[str, Any]:
    """What the template shows, worded in the active language."""
    widest = max((step.reached for step in figures.funnel), default=0) or 1
    return {
        "kpis": figures,
        "chinese": is_chinese(),
        "today": formats.date_format(timezone.localdate(), "DATE_FORMAT"),
        "funnel": [
            {"step": step, "width": f"{step.reached / widest * 100:.1f}%"}
            for step in figures.funnel
        ],
        "capital_paid": _yuan(figures.capital.numerator),
        "capital_contracted": _yuan(figures.capital.denominator),
        "by_chain": _breakdown(figures.by_chain),
        "by_sector": _breakdown(figures.by_sector),
        "by_country": _breakdown(figures.by_country),
        "clusters": [
            {"row": row, "target": _yuan(row.target), "actual": _yuan(row.actual)}
            for row in figures.clusters
        ],
    }


def dashboard_pdf(figures: Kpis, *, language: str) -> bytes:
    """The dashboard as an A4 PDF in `language`, rendered offline by WeasyPrint."""
    with translation.override(language):
        html = render_to_string(TEMPLATE, dashboard_pdf_context(figures))
    return render_pdf(html, root=TEMPLATE_DIR)
