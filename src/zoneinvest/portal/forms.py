from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from zoneinvest.core.models import Zone
from zoneinvest.industries.models import IndustryChain
from zoneinvest.pipeline.models import Ownership
from zoneinvest.places.models import Facility, PolicyKind
from zoneinvest.places.selectors import ParkFilters, PolicyFilters
from zoneinvest.portal.models import AmountBand
from zoneinvest.portal.selectors import OpportunityFilters, interest_chains

MILLION = Decimal(1_000_000)


class InquiryForm(forms.Form):
    name = forms.CharField(label=_("Your name"), max_length=200)
    organisation = forms.CharField(label=_("Organisation"), max_length=300)
    country = CountryField(blank=False).formfield(label=_("Country"))
    email = forms.EmailField(label=_("Email"))
    chain: "forms.ModelChoiceField[IndustryChain]" = forms.ModelChoiceField(
        label=_("Industry of interest"),
        queryset=IndustryChain.objects.none(),
        required=False,
        empty_label=_("(any)"),
    )
    message = forms.CharField(label=_("Message"), widget=forms.Textarea(attrs={"rows": 6}))
    # What page the inquiry was sent from ("ask about this park"): a slug, checked by the view.
    park = forms.SlugField(required=False, widget=forms.HiddenInput)
    policy = forms.SlugField(required=False, widget=forms.HiddenInput)
    opportunity = forms.SlugField(required=False, widget=forms.HiddenInput)
    # The honeypot: hidden from people, filled in by bots; it must stay empty.
    website = forms.CharField(label=_("Leave this field empty"), required=False)

    def __init__(self, *args: object, zone: Zone, **kwargs: object) -> None:
        kwargs.setdefault("label_suffix", "")  # labels stand above their fields
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["chain"].queryset = interest_chains(zone=zone)  # type: ignore[attr-defined]
        country = self.fields["country"]
        country.choices = [("", _("Choose your country")), *list(country.choices)[1:]]  # type: ignore[attr-defined]

    @property
    def is_bot(self) -> bool:
        return bool(self.data.get("website"))


# ---------------------------------------------------------------- filters of the public lists


def _chain_choices(zone: Zone) -> list[tuple[str, str]]:
    return [("", str(_("(any)")))] + [
        (chain.code, str(chain.name)) for chain in interest_chains(zone=zone)
    ]


class ParkFilterForm(forms.Form):
    chain = forms.ChoiceField(label=_("Industry"), required=False)
    facility = forms.ChoiceField(label=_("Facility"), required=False)
    land = forms.DecimalField(
        label=_("Land needed (亩)"), required=False, min_value=0, max_digits=10, decimal_places=1
    )

    def __init__(self, *args: object, zone: Zone, **kwargs: object) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["chain"].choices = _chain_choices(zone)  # type: ignore[attr-defined]
        self.fields["facility"].choices = [("", _("(any)")), *Facility.choices]  # type: ignore[attr-defined]

    def filters(self) -> ParkFilters:
        if not self.is_valid():
            return ParkFilters()
        data = self.cleaned_data
        return ParkFilters(
            chain=data["chain"], facility=data["facility"], min_free_land_mu=data["land"]
        )


class PolicyFinderForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    kind = forms.ChoiceField(label=_("Kind of incentive"), required=False)
    chain = forms.ChoiceField(label=_("Your industry"), required=False)
    company_type = forms.ChoiceField(label=_("Your company"), required=False)
    investment = forms.DecimalField(
        label=_("Planned investment (million yuan)"),
        required=False,
        min_value=0,
        max_digits=12,
        decimal_places=2,
    )
    expired = forms.BooleanField(label=_("Include expired policies"), required=False)

    def __init__(self, *args: object, zone: Zone, **kwargs: object) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["kind"].choices = [("", _("(any)")), *PolicyKind.choices]  # type: ignore[attr-defined]
        self.fields["chain"].choices = _chain_choices(zone)  # type: ignore[attr-defined]
        self.fields["company_type"].choices = [("", _("(any)")), *Ownership.choices]  # type: ignore[attr-defined]

    def filters(self) -> PolicyFilters:
        if not self.is_valid():
            return PolicyFilters()
        data = self.cleaned_data
        investment = data["investment"]
        return PolicyFilters(
            q=data["q"].strip(),
            kind=data["kind"],
            chain=data["chain"],
            company_type=data["company_type"],
            investment=None if investment is None else investment * MILLION,
            include_expired=data["expired"],
        )


class OpportunityFilterForm(forms.Form):
    chain = forms.ChoiceField(label=_("Industry"), required=False)
    amount_band = forms.ChoiceField(label=_("Investment"), required=False)

    def __init__(self, *args: object, zone: Zone, **kwargs: object) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["chain"].choices = _chain_choices(zone)  # type: ignore[attr-defined]
        self.fields["amount_band"].choices = [("", _("(any)")), *AmountBand.choices]  # type: ignore[attr-defined]

    def filters(self) -> OpportunityFilters:
        if not self.is_valid():
            return OpportunityFilters()
        return OpportunityFilters(
            chain=self.cleaned_data["chain"], amount_band=self.cleaned_data["amount_band"]
        )
