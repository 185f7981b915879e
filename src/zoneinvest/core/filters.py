"""Query strings shared by several pages and their exports: a period of days, an optional year."""

import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

DATE = forms.DateInput(attrs={"type": "date"})


class PeriodForm(forms.Form):
    """A period of days (?start=&end=); this calendar year unless chosen."""

    start = forms.DateField(label=_("From"), widget=DATE, required=False)
    end = forms.DateField(label=_("To"), widget=DATE, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if start and end and start > end:
            self.add_error("end", _("The end of the period comes before its start."))
        return data

    def period(self, today: dt.date) -> tuple[dt.date, dt.date]:
        """The chosen period; this calendar year where a bound is missing or invalid."""
        if not self.is_valid():
            return dt.date(today.year, 1, 1), dt.date(today.year, 12, 31)
        end = self.cleaned_data["end"]
        start = self.cleaned_data["start"] or dt.date((end or today).year, 1, 1)
        return start, end or dt.date(start.year, 12, 31)


class YearForm(forms.Form):
    """An optional year for the dashboard's cluster targets."""

    year = forms.IntegerField(label=_("Year"), required=False, min_value=2000, max_value=2100)

    def chosen(self) -> int | None:
        if not self.is_bound or not self.is_valid():
            return None
        return self.cleaned_data.get("year")
