from decimal import Decimal
from typing import Any

from django import forms
from django.db import models
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from zoneinvest.core.errors import ValidationFailed
from zoneinvest.core.models import Zone
from zoneinvest.industries.models import IndustryChain
from zoneinvest.matching.profile import Logistics, Motivation, Premises, profile_from_data
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
    # The investor's answers to "Find your location", signed (portal.location.profile_token).
    profile = forms.CharField(required=False, max_length=4000, widget=forms.HiddenInput)
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


# ---------------------------------------------------------------- "Find your location"

ANOTHER_INDUSTRY = "other"  # the chain answer of an investor whose industry the zone does not list
LINK_SEPARATOR = ":"  # a link's answer is "<chain>:<link>" (link codes repeat across chains)
# The profile's names of the answers a form field gives (land is in 亩 or m², as the unit says).
PROFILE_FIELD = {"land_mu": "land", "land_m2": "land"}


def _number(label: Any, *, hint: Any = "") -> forms.CharField:
    """A number as people type it ("1,000,000,000"); profile_from_data reads and checks it."""
    return forms.CharField(
        label=label,
        help_text=hint,
        required=False,
        max_length=30,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
    )


class _Answers(forms.Form):
    """One step of the wizard: its fields, read into a profile by `profile_from_data`, whose
    complaints are shown beside the fields they are about."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)

    def profile_data(self) -> dict[str, Any]:
        """The step's answers under the profile's names (each step says how it maps them)."""
        data = getattr(self, "cleaned_data", {})
        return {name: data.get(name, "") for name in self.fields}

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        try:
            profile_from_data(self.profile_data())
        except ValidationFailed as refused:
            for name, problems in refused.details.get("fields", {}).items():
                field = PROFILE_FIELD.get(name, name)
                for problem in problems:
                    if field in self.fields and field not in self.errors:
                        self.add_error(field, problem)
        return cleaned


class LocationProjectForm(_Answers):
    """Step 1, "Your project"."""

    chain = forms.ChoiceField(label=_("Industry chain"))
    link = forms.ChoiceField(
        label=_("Link in the chain"),
        required=False,
        help_text=_("Where your products sit in the chain, if you know it."),
    )
    investment = forms.CharField(
        label=_("Planned investment (yuan)"),
        max_length=30,
        help_text=_("For example 1,000,000,000 for 1 billion yuan."),
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
    )
    company_type = forms.ChoiceField(label=_("Company type"), required=False)
    country = CountryField(blank=True).formfield(label=_("Country of your company"), required=False)

    def __init__(self, *args: Any, zone: Zone, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        chains = list(interest_chains(zone=zone).prefetch_related("links"))
        self.links = {
            f"{chain.code}{LINK_SEPARATOR}{link.code}": (chain.code, link.code)
            for chain in chains
            for link in chain.links.all()
        }
        self.fields["chain"].choices = [  # type: ignore[attr-defined]
            ("", _("Choose your industry")),
            *((chain.code, chain.name) for chain in chains),
            (ANOTHER_INDUSTRY, _("Another industry")),
        ]
        self.fields["link"].choices = [  # type: ignore[attr-defined]
            ("", _("(not sure)")),
            *(
                (
                    chain.name,
                    [
                        (f"{chain.code}{LINK_SEPARATOR}{link.code}", link.name)
                        for link in chain.links.all()
                    ],
                )
                for chain in chains
                if chain.links.all()
            ),
        ]
        self.fields["company_type"].choices = [("", _("(not said)")), *Ownership.choices]  # type: ignore[attr-defined]
        country = self.fields["country"]
        country.choices = [("", _("(not said)")), *list(country.choices)[1:]]  # type: ignore[attr-defined]

    def profile_data(self) -> dict[str, Any]:
        data = getattr(self, "cleaned_data", {})
        chain = data.get("chain") or ""
        _chain, link = self.links.get(data.get("link") or "", ("", ""))
        return {
            "chain": "" if chain == ANOTHER_INDUSTRY else chain,
            "link": link,
            "investment": data.get("investment", ""),
            "company_type": data.get("company_type") or "",
            "country": str(data.get("country") or ""),
        }

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        link = cleaned.get("link") or ""
        chain = cleaned.get("chain") or ""
        if link and chain and self.links[link][0] != chain:
            self.add_error("link", _("Choose a link of the industry chain above, or “(not sure)”."))
        return cleaned


class LandUnit(models.TextChoices):
    MU = "mu", _("亩 (mu)")
    M2 = "m2", "m²"


class LocationSiteForm(_Answers):
    """Step 2, "Your site"."""

    premises = forms.ChoiceField(
        label=_("Premises"),
        choices=Premises.choices,
        initial=Premises.EITHER,
        required=False,
        widget=forms.RadioSelect,
    )
    land = _number(
        _("Land needed"),
        hint=_("1 亩 (mu) is about 667 m². Leave it empty if you want a ready building."),
    )
    land_unit = forms.ChoiceField(
        label=_("Unit of land"),
        choices=LandUnit.choices,
        initial=LandUnit.MU,
        required=False,
        widget=forms.RadioSelect,
    )
    power_mw = _number(_("Power needed (MW)"))
    water_m3_day = _number(_("Water needed (m³ a day)"))
    workforce = _number(_("Workforce (people)"))
    logistics = forms.MultipleChoiceField(
        label=_("Export logistics"),
        help_text=_("How your goods leave the zone; choose all that apply."),
        choices=Logistics.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    motivations = forms.MultipleChoiceField(
        label=_("Why you invest abroad"),
        help_text=_("Choose all that apply."),
        choices=Motivation.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    timeline_months = _number(
        _("Timeline (months)"), hint=_("In how many months you want to start production.")
    )

    def profile_data(self) -> dict[str, Any]:
        data = getattr(self, "cleaned_data", {})
        unit = "land_m2" if data.get("land_unit") == LandUnit.M2 else "land_mu"
        return {
            unit: data.get("land", ""),
            "premises": data.get("premises") or Premises.EITHER,
            "power_mw": data.get("power_mw", ""),
            "water_m3_day": data.get("water_m3_day", ""),
            "workforce": data.get("workforce", ""),
            "logistics": data.get("logistics") or [],
            "motivations": data.get("motivations") or [],
            "timeline_months": data.get("timeline_months", ""),
        }


def answers_initial(form_class: type[forms.Form], data: QueryDict) -> dict[str, Any]:
    """A step's answers given earlier (the Back link carries them), to show them again."""
    initial: dict[str, Any] = {}
    for name, field in form_class.base_fields.items():
        if name in data:
            multiple = isinstance(field, forms.MultipleChoiceField)
            initial[name] = data.getlist(name) if multiple else data.get(name)
    return initial
