"""An event's signing list query string (?sector=&chain=&country=&venue=&counted_only=) as
`SigningFilters`: one parser for the office page, its export and a background export job."""

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from zoneinvest.accounts.models import User
from zoneinvest.events.models import Event
from zoneinvest.events.selectors import SigningFilters, venue_choices
from zoneinvest.industries.selectors import chain_list


class SigningFilterForm(forms.Form):
    """The filters of an event's signing list; the report's figures link here with them."""

    sector = forms.ChoiceField(label=_("Sector"), required=False)
    chain = forms.TypedChoiceField(
        label=_("Industry chain"), coerce=int, empty_value=None, required=False
    )
    country = forms.CharField(label=_("Country (ISO code)"), max_length=2, required=False)
    venue = forms.TypedChoiceField(label=_("Venue"), coerce=int, empty_value=None, required=False)
    counted_only = forms.BooleanField(label=_("First signings only"), required=False)

    def __init__(self, *args: Any, user: User, event: Event, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from zoneinvest.industries.models import Sector

        self.event = event
        cast("forms.ChoiceField", self.fields["sector"]).choices = [
            ("", _("All sectors")),
            *Sector.choices,
        ]
        cast("forms.ChoiceField", self.fields["chain"]).choices = [("", _("All chains"))] + [
            (c.pk, str(c)) for c in chain_list(user=user).filter(zone_id=event.zone_id)
        ]
        cast("forms.ChoiceField", self.fields["venue"]).choices = [("", _("All venues"))] + [
            (v.pk, str(v)) for v in venue_choices(event=event)
        ]

    def filters(self) -> SigningFilters:
        """The valid filters (an invalid one is dropped and shown as an error)."""
        self.is_valid()
        data = {k: v for k, v in getattr(self, "cleaned_data", {}).items() if v not in (None, "")}
        if "country" in data:
            data["country"] = data["country"].upper()
        return SigningFilters(event=self.event.pk, **data)
