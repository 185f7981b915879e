"""A consultant's statement as a table, a spreadsheet (.xlsx) and an A4 PDF.

The same rows feed the page, the spreadsheet and the PDF: company, project, stage, signed value,
paid-in capital, the reward at the end of the period, what became due in the period, and the
explanation of the reward. The statement decides which referrals are in it (a consultant's own
statement holds only signed projects, `selectors.consultant_statement_signed`); referrals whose
project the reader may not open are listed without the project's name and figures.

The spreadsheet holds values only, never formulas, and any text that a spreadsheet program would
read as a formula (starting with = + - @, a tab or a carriage return) is prefixed with an
apostrophe. The PDF is rendered offline: its stylesheet is inlined and the URL fetcher refuses
everything but `data:` URLs and files of this app's PDF templates.
"""

import datetime as dt
import io
from collections.abc import Collection
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from django.template.loader import render_to_string
from django.utils import formats, translation
from django.utils.translation import gettext

from zoneinvest.consultants.rewards import Reward, reward_compute
from zoneinvest.consultants.selectors import (
    Statement,
    referral_view,
    rule_in_force,
    statement_figures,
)
from zoneinvest.core.money import Money, format_money
from zoneinvest.core.pdf import render_pdf

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

EN, ZH = "en", "zh-hans"
TEMPLATE = "consultants/statement_pdf.html"
TEMPLATE_DIR = Path(__file__).resolve().parent / "templates" / "consultants"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
AMOUNT_FORMAT = "#,##0.00"


@dataclass(frozen=True)
class StatementRow:
    company: str
    project: str
    stage: str
    signed_value: Decimal | None  # yuan
    paid_in: Decimal | None  # yuan
    reward_at_end: Decimal | None  # yuan
    due_in_period: Decimal  # yuan
    steps: tuple[str, ...]
    hidden: bool = False  # the reader may not open the project: name and figures left out


@dataclass(frozen=True)
class StatementTable:
    consultant: str
    start: dt.date
    end: dt.date
    rule: str
    rows: list[StatementRow]

    @property
    def total_reward(self) -> Decimal:
        return sum((r.reward_at_end or Decimal(0) for r in self.rows), Decimal(0))

    @property
    def total_due(self) -> Decimal:
        return sum((r.due_in_period for r in self.rows), Decimal(0))


def _steps(reward: Reward | None) -> tuple[str, ...]:
    """The reward's explanation in the active language (the computation is pure: re-run it)."""
    return tuple(reward_compute(reward.rule, reward.inputs).steps) if reward else ()


def statement_table(statement: Statement, *, hidden: Collection[int] = ()) -> StatementTable:
    """The statement's rows, worded in the active language. `hidden`: referral ids whose
    project the reader may not open (`selectors.statement_hidden_referrals`)."""
    figures = statement_figures(statement=statement)
    rule = rule_in_force(zone_id=statement.consultant.zone_id, on=statement.end)
    rows = []
    for line in statement.lines:
        view = referral_view(referral=line.referral)
        figure = figures[line.referral.pk]
        reward = line.reward_at_end
        if line.referral.pk in hidden:
            rows.append(
                StatementRow(
                    company=view.company,
                    project=gettext("Confidential project"),
                    stage="",
                    signed_value=None,
                    paid_in=None,
                    reward_at_end=reward.due if reward else None,
                    due_in_period=line.due_in_period,
                    steps=(),
                    hidden=True,
                )
            )
            continue
        rows.append(
            StatementRow(
                company=view.company,
                project=view.project,
                stage=view.stage_label,
                signed_value=figure.signed_value,
                paid_in=figure.paid_in,
                reward_at_end=reward.due if reward else None,
                due_in_period=line.due_in_period,
                steps=_steps(reward),
            )
        )
    return StatementTable(
        consultant=str(statement.consultant),
        start=statement.start,
        end=statement.end,
        rule=rule.name if rule else gettext("No reward rule in force"),
        rows=rows,
    )


# ---------------------------------------------------------------- the spreadsheet


def safe_text(value: str) -> str:
    """Text a spreadsheet shows as text: never read as a formula, no control characters."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    text = ILLEGAL_CHARACTERS_RE.sub("", value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _period(table: StatementTable) -> str:
    return gettext("%(start)s to %(end)s") % {
        "start": table.start.isoformat(),
        "end": table.end.isoformat(),
    }


def statement_xlsx(statement: Statement, language: str, *, hidden: Collection[int] = ()) -> bytes:
    """The statement as an .xlsx workbook: values only, amounts in yuan as numbers."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    with translation.override(language):
        table = statement_table(statement, hidden=hidden)
        workbook = Workbook()
        sheet = cast("Worksheet", workbook.active)
        sheet.title = safe_text(gettext("Statement"))[:31]
        bold = Font(bold=True)
        header = [
            (gettext("Consultant"), table.consultant),
            (gettext("Period"), _period(table)),
            (gettext("Reward rule"), table.rule),
            (gettext("Currency"), gettext("Amounts in yuan (CNY)")),
        ]
        for label, value in header:
            sheet.append([safe_text(label), safe_text(value)])
            sheet.cell(row=sheet.max_row, column=1).font = bold
        sheet.append([])
        columns = [
            gettext("Company"),
            gettext("Project"),
            gettext("Stage"),
            gettext("Signed value"),
            gettext("Paid-in capital"),
            gettext("Reward at the end of the period"),
            gettext("Due in the period"),
            gettext("Explanation"),
        ]
        sheet.append([safe_text(c) for c in columns])
        for cell in sheet[sheet.max_row]:
            cell.font = bold
        first_row = sheet.max_row + 1
        for row in table.rows:
            sheet.append(
                [
                    safe_text(row.company),
                    safe_text(row.project),
                    safe_text(row.stage),
                    row.signed_value,
                    row.paid_in,
                    row.reward_at_end,
                    row.due_in_period,
                    safe_text("\n".join(row.steps)),
                ]
            )
        sheet.append(
            [safe_text(gettext("Total")), None, None, None, None]
            + [table.total_reward, table.total_due, None]
        )
        for cell in sheet[sheet.max_row]:
            cell.font = bold
        for cells in sheet.iter_rows(min_row=first_row, min_col=4, max_col=7):
            for cell in cells:
                cell.number_format = AMOUNT_FORMAT
        for cells in sheet.iter_rows(min_row=first_row, min_col=8, max_col=8):
            for cell in cells:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
        for letter, width in zip("ABCDEFGH", (28, 28, 14, 18, 18, 22, 18, 70), strict=True):
            sheet.column_dimensions[letter].width = width
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


# ---------------------------------------------------------------- the PDF


def _money(amount: Decimal | None) -> str:
    return "—" if amount is None else format_money(Money(amount, "CNY"))


def statement_pdf_context(table: StatementTable, language: str) -> dict[str, Any]:
    return {
        "table": table,
        "language": language,
        "chinese": language.lower().startswith("zh"),
        "start": formats.date_format(table.start, "DATE_FORMAT"),
        "end": formats.date_format(table.end, "DATE_FORMAT"),
        "rows": [
            {
                "row": row,
                "signed_value": _money(row.signed_value),
                "paid_in": _money(row.paid_in),
                "reward_at_end": _money(row.reward_at_end),
                "due_in_period": _money(row.due_in_period),
            }
            for row in table.rows
        ],
        "total_reward": _money(table.total_reward),
        "total_due": _money(table.total_due),
    }


def statement_pdf(statement: Statement, language: str, *, hidden: Collection[int] = ()) -> bytes:
    """The statement as an A4 PDF with bilingual headings, rendered offline by WeasyPrint."""
    with translation.override(language):
        table = statement_table(statement, hidden=hidden)
        html = render_to_string(TEMPLATE, statement_pdf_context(table, language))
    return render_pdf(html, root=TEMPLATE_DIR)
