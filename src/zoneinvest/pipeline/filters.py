"""The project list's query string (?q=&stage=&sort=…) as `ProjectFilters`: one parser for the
office page, the board, the export and a background export job."""

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from zoneinvest.accounts.models import User
from zoneinvest.accounts.selectors import user_zone_ids, zone_officers_in
from zoneinvest.industries.selectors import chain_list
from zoneinvest.pipeline.models import Source
from zoneinvest.pipeline.selectors import ProjectFilters
from zoneinvest.pipeline.stages import Stage


class ProjectFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    stage = forms.ChoiceField(
        label=_("Stage"), choices=[("", _("All stages")), *Stage.choices], required=False
    )
    sector = forms.ChoiceField(label=_("Sector"), required=False)
    chain = forms.TypedChoiceField(
        label=_("Industry chain"), coerce=int, empty_value=None, required=False
    )
    owner = forms.TypedChoiceField(label=_("Owner"), coerce=int, empty_value=None, required=False)
    country = forms.CharField(label=_("Country"), max_length=2, required=False)
    source = forms.ChoiceField(
        label=_("Source"), choices=[("", _("All sources")), *Source.choices], required=False
    )
    min_amount = forms.DecimalField(label=_("Investment from"), required=False, min_value=0)
    max_amount = forms.DecimalField(
        label=pgettext_lazy("amount range", "to"), required=False, min_value=0
    )
    sort = forms.CharField(required=False, widget=forms.HiddenInput)
    reached = forms.ChoiceField(
        choices=[("", ""), *Stage.choices], required=False, widget=forms.HiddenInput
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from zoneinvest.industries.models import Sector

        cast("forms.ChoiceField", self.fields["sector"]).choices = [
            ("", _("All sectors")),
            *Sector.choices,
        ]
        cast("forms.ChoiceField", self.fields["chain"]).choices = [("", _("All chains"))] + [
            (c.pk, str(c)) for c in chain_list(user=user)
        ]
        cast("forms.ChoiceField", self.fields["owner"]).choices = [("", _("Anyone"))] + [
            (u.pk, str(u)) for u in zone_officers_in(zone_ids=user_zone_ids(user=user))
        ]

    def filters(self) -> ProjectFilters:
        if not self.is_valid():
            return ProjectFilters()
        data = {k: v for k, v in self.cleaned_data.items() if v not in (None, "")}
        data["country"] = data.get("country", "").upper()
        return ProjectFilters(**data)
