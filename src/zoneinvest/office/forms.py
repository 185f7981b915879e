"""Forms parse and clean what a person typed; the services decide whether it may be saved."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from zoneinvest.accounts.models import User
from zoneinvest.accounts.selectors import user_zones, zone_officers_in
from zoneinvest.core.filters import PeriodForm as PeriodForm
from zoneinvest.core.filters import YearForm as YearForm
from zoneinvest.core.models import Currency
from zoneinvest.events.filters import SigningFilterForm as SigningFilterForm
from zoneinvest.events.models import DiligenceCheck, Event, Signing, Venue
from zoneinvest.events.selectors import signing_project_choices, venue_choices
from zoneinvest.industries.selectors import chain_list, link_choices
from zoneinvest.matching.criteria import DEFAULT_POINTS, MAX_POINTS, Criterion
from zoneinvest.pipeline.filters import ProjectFilterForm as ProjectFilterForm
from zoneinvest.pipeline.models import Activity, Company, Project
from zoneinvest.pipeline.selectors import company_choices
from zoneinvest.pipeline.services import COMPANY_FIELDS, PROJECT_FIELDS
from zoneinvest.pipeline.stages import Stage
from zoneinvest.places.models import Park
from zoneinvest.portal.models import Page, Story
from zoneinvest.portal.selectors import story_event_choices
from zoneinvest.portal.services import CONTENT_FIELDS

DATE = forms.DateInput(attrs={"type": "date"})
EDITABLE_PROJECT_FIELDS = [f for f in PROJECT_FIELDS if f not in ("external_id", "illustrative")]
# ProjectFilterForm, SigningFilterForm, PeriodForm and YearForm (imported above) live beside their
# selectors: a list page, its export and a background export job read a query string the same way.


class ZoneChoiceMixin:
    """Adds a zone field for people who work in more than one zone."""

    def add_zone_field(self, user: User) -> None:
        zones = user_zones(user=user)
        self.zones = list(zones)
        if len(self.zones) > 1:
            self.fields["zone"] = forms.ModelChoiceField(  # type: ignore[attr-defined]
                queryset=zones, label=_("Zone")
            )

    def chosen_zone(self) -> Any:
        if len(self.zones) == 1:
            return self.zones[0]
        return self.cleaned_data.get("zone")  # type: ignore[attr-defined]


class ProjectForm(ZoneChoiceMixin, forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Project
        fields = EDITABLE_PROJECT_FIELDS
        widgets = {
            name: DATE
            for name in (
                "est_signing_date",
                "signing_date",
                "est_registration_date",
                "registration_date",
                "est_construction_date",
                "construction_date",
                "est_operation_date",
                "operation_date",
            )
        } | {
            "description_en": forms.Textarea(attrs={"rows": 3}),
            "description_zh_hans": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk is None:
            self.add_zone_field(user)
        else:
            self.zones = [self.instance.zone]
            self.initial["version"] = self.instance.version
        zone_ids = [z.pk for z in self.zones]
        self.fields["company"].queryset = company_choices(user=user, zone_ids=zone_ids)
        self.fields["chain"].queryset = chain_list(user=user).filter(zone_id__in=zone_ids)
        self.fields["link"].queryset = link_choices(user=user, zone_ids=zone_ids)
        # the zone's parks, published on the portal or not (the service refuses another zone's)
        self.fields["park"].queryset = Park.objects.filter(zone_id__in=zone_ids).order_by(
            "zone_id", "position", "name"
        )
        self.fields["owner"].queryset = zone_officers_in(zone_ids=zone_ids)
        self.fields["title_en"].required = True

    def _post_clean(self) -> None:
        """Model rules run in the service, against the stored row; the form only parses."""

    def service_values(self) -> dict[str, Any]:
        return {k: v for k, v in self.cleaned_data.items() if k in EDITABLE_PROJECT_FIELDS}


class CompanyForm(ZoneChoiceMixin, forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Company
        fields = list(COMPANY_FIELDS)

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk is None:
            self.add_zone_field(user)
        else:
            self.zones = [self.instance.zone]
            self.initial["version"] = self.instance.version
        self.fields["chain"].queryset = chain_list(user=user).filter(
            zone_id__in=[z.pk for z in self.zones]
        )
        self.fields["link"].queryset = link_choices(user=user, zone_ids=[z.pk for z in self.zones])
        self.fields["name_en"].required = True

    def _post_clean(self) -> None:
        """Uniqueness and other model rules run in the service."""

    def service_values(self) -> dict[str, Any]:
        return {k: v for k, v in self.cleaned_data.items() if k in COMPANY_FIELDS}


class ContactForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    title = forms.CharField(label=_("Job title"), max_length=200, required=False)
    email = forms.EmailField(label=_("Email"), required=False)
    phone = forms.CharField(label=_("Phone"), max_length=50, required=False)
    languages = forms.CharField(label=_("Languages"), max_length=100, required=False)


class ActivityForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=Activity.Kind.choices)
    date = forms.DateField(label=_("Date"), widget=DATE)
    people = forms.CharField(label=_("People"), max_length=500, required=False)
    notes = forms.CharField(
        label=_("Notes"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class TaskForm(forms.Form):
    title = forms.CharField(label=_("Follow-up"), max_length=300)
    due_date = forms.DateField(label=_("Due date"), widget=DATE)
    assignee = forms.ModelChoiceField(label=_("Assignee"), queryset=User.objects.none())

    def __init__(self, *args: Any, zone_ids: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = zone_officers_in(zone_ids=zone_ids)


class ArrivalForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=DATE)
    amount = forms.DecimalField(label=_("Amount"), max_digits=20, decimal_places=2, min_value=0)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


class StageForm(forms.Form):
    """Moving to `to`: the version the user saw, and whatever the target stage still needs."""

    to = forms.ChoiceField(choices=Stage.choices, widget=forms.HiddenInput)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    reason = forms.CharField(
        label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    lost_to = forms.CharField(label=_("Lost to (location)"), max_length=200, required=False)

    def __init__(
        self, *args: Any, value_fields: list[str], project: Project, user: User, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.value_fields = value_fields
        form_fields = forms.fields_for_model(
            Project,
            fields=value_fields,
            widgets={n: DATE for n in value_fields if n.endswith("date")},
        )
        for name in value_fields:
            field = form_fields[name]
            if name == "owner":
                field.queryset = zone_officers_in(zone_ids=[project.zone_id])
            elif name == "company":
                field.queryset = company_choices(user=user, zone_ids=[project.zone_id])
            elif name == "chain":
                field.queryset = chain_list(user=user).filter(zone_id=project.zone_id)
            field.required = False
            field.initial = getattr(project, name)
            self.fields[name] = field

    def stage_values(self) -> dict[str, Any]:
        return {
            n: self.cleaned_data[n]
            for n in self.value_fields
            if self.cleaned_data.get(n) not in (None, "")
        }


class MergeForm(forms.Form):
    duplicate: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Duplicate to merge into this company"), queryset=Company.objects.none()
    )

    def __init__(self, *args: Any, survivor: Company, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["duplicate"].queryset = company_choices(
            user=user, zone_ids=[survivor.zone_id]
        ).exclude(pk=survivor.pk)


# ---------------------------------------------------------------- events and signings


class SigningForm(forms.Form):
    """A signing at an event; `events.services.signing_record` decides whether it may be saved."""

    project: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Project"), queryset=Project.objects.none()
    )
    venue: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Venue"), queryset=Venue.objects.none()
    )
    date = forms.DateField(label=_("Date of signing"), widget=DATE)
    amount = forms.DecimalField(
        label=_("Amount announced"),
        max_digits=20,
        decimal_places=2,
        help_text=_("As announced at the ceremony; the report counts each project once."),
    )
    currency = forms.ChoiceField(label=_("Currency"), choices=Currency.choices)
    document = forms.ChoiceField(label=_("Document"), choices=Signing.Document.choices)
    kind = forms.ChoiceField(label=_("Kind of signing"), choices=Signing.Kind.choices)
    note = forms.CharField(label=_("Note"), max_length=500, required=False)

    def __init__(self, *args: Any, user: User, event: Event, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        project = self.fields["project"]
        project.queryset = signing_project_choices(user=user, event=event)
        project.label_from_instance = _signing_project_label  # type: ignore[attr-defined]
        venues = venue_choices(event=event)
        if venues.exists():
            self.fields["venue"].queryset = venues
            self.fields["venue"].empty_label = None  # type: ignore[attr-defined]
        else:
            del self.fields["venue"]

    def service_values(self) -> dict[str, Any]:
        return {k: v for k, v in self.cleaned_data.items() if v not in (None, "")}


def _signing_project_label(project: Project) -> str:
    if project.company is None:
        return _("%(project)s (%(stage)s)") % {
            "project": project,
            "stage": project.get_stage_display(),
        }
    return _("%(project)s — %(company)s (%(stage)s)") % {
        "project": project,
        "company": project.company,
        "stage": project.get_stage_display(),
    }


class DiligenceForm(forms.Form):
    project = forms.IntegerField(widget=forms.HiddenInput)
    item = forms.ChoiceField(choices=DiligenceCheck.Item.choices, widget=forms.HiddenInput)


class DaysForm(forms.Form):
    days = forms.IntegerField(
        label=_("Days since signing"), min_value=0, max_value=3650, required=False
    )

    def chosen(self, default: int = 90) -> int:
        if not self.is_valid() or self.cleaned_data["days"] is None:
            return default
        return int(self.cleaned_data["days"])


# ---------------------------------------------------------------- consultants


class ReferralForm(forms.Form):
    """A consultant brings a company; `consultants.services.referral_submit` records the claim."""

    company_name_en = forms.CharField(
        label=_("Company name (English)"), max_length=300, required=False
    )
    company_name_zh = forms.CharField(
        label=_("Company name (Chinese)"), max_length=300, required=False
    )
    country = Company._meta.get_field("country").formfield(label=_("Country of the company"))
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")
    idea = forms.CharField(
        label=_("Project idea"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What the company might invest in, and why in this zone."),
    )
    project_title_en = forms.CharField(
        label=_("Project title (English, optional)"), max_length=300, required=False
    )
    project_title_zh = forms.CharField(
        label=_("Project title (Chinese, optional)"), max_length=300, required=False
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        name_en = data.get("company_name_en", "").strip()
        name_zh = data.get("company_name_zh", "").strip()
        if not name_en and not name_zh:
            self.add_error("company_name_en", _("Give the company’s name in English or Chinese."))
        # The company's main name is the English one; a Chinese name alone serves as both.
        data["company_name_en"] = name_en or name_zh
        return data

    def service_values(self) -> dict[str, Any]:
        return dict(self.cleaned_data)


class AdviceForm(forms.Form):
    topic = forms.CharField(label=_("Topic"), max_length=300)
    text = forms.CharField(label=_("Recommendation"), widget=forms.Textarea(attrs={"rows": 4}))
    date = forms.DateField(label=_("Date"), widget=DATE)


class ResolveForm(forms.Form):
    note = forms.CharField(label=_("Reason for the decision"), max_length=500, required=False)


class GapAssignForm(forms.Form):
    """Assign a target company of a gap link to an officer (opens a lead)."""

    company = forms.IntegerField(widget=forms.HiddenInput)
    owner = forms.ModelChoiceField(queryset=User.objects.none(), label=_("Owner"))

    def __init__(self, *args: Any, zone_ids: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = zone_officers_in(zone_ids=zone_ids)  # type: ignore[attr-defined]


class IndicatorUploadForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_("Columns: kind, area, year, value, unit, source (UTF-8)."),
    )

    def content(self) -> str | None:
        """The file's text, or None (with an error on the field) when it is not UTF-8 text."""
        data = self.cleaned_data["file"].read()
        try:
            return str(data.decode("utf-8-sig"))
        except UnicodeDecodeError:
            self.add_error("file", _("The file is not UTF-8 text."))
            return None


# ---------------------------------------------------------------- the portal's pages and stories


class ContentForm(forms.ModelForm):
    """A page's or story's text in English and Chinese, shown side by side (pairs)."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    PAIRS = ("title", "summary", "body", "image_alt")

    class Meta:
        model = Page
        fields = list(CONTENT_FIELDS)
        widgets = {
            "summary_en": forms.Textarea(attrs={"rows": 3}),
            "summary_zh_hans": forms.Textarea(attrs={"rows": 3}),
            "body_en": forms.Textarea(attrs={"rows": 16}),
            "body_zh_hans": forms.Textarea(attrs={"rows": 16}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in self.PAIRS:
            self.fields[f"{name}_en"].label = f"{self.fields[f'{name}_en'].label} · English"
            self.fields[f"{name}_zh_hans"].label = f"{self.fields[f'{name}_zh_hans'].label} · 中文"
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version

    def pairs(self) -> list[tuple[forms.BoundField, forms.BoundField]]:
        return [(self[f"{name}_en"], self[f"{name}_zh_hans"]) for name in self.PAIRS]

    def others(self) -> list[forms.BoundField]:
        paired = {f"{name}_{lang}" for name in self.PAIRS for lang in ("en", "zh_hans")}
        return [
            field
            for field in self.visible_fields()
            if field.name not in paired and field.name != "version"
        ]

    def service_values(self) -> dict[str, Any]:
        return {k: v for k, v in self.cleaned_data.items() if k in self._meta.fields}  # type: ignore[operator]


class StoryForm(ContentForm):
    class Meta(ContentForm.Meta):
        model = Story  # type: ignore[assignment]
        fields = ["slug", "kind", "event", *CONTENT_FIELDS]

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["event"].queryset = story_event_choices(user=user)  # type: ignore[attr-defined]


# The criteria by what they score, in the order of the weights page.
WEIGHT_GROUPS = (
    ("park_", _("A park for an investor")),
    ("opportunity_", _("An opportunity for an investor")),
    ("company_", _("A company for a chain gap")),
)


class WeightsForm(forms.Form):
    """Every criterion's points, and (hidden) the points the page showed when it was opened."""

    def __init__(self, *args: Any, current: dict[str, int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for criterion in Criterion:
            self.fields[criterion.value] = forms.IntegerField(
                label=criterion.label,
                min_value=-MAX_POINTS,
                max_value=MAX_POINTS,
                initial=current[criterion],
                widget=forms.NumberInput(attrs={"step": 1, "class": "points"}),
            )
            self.fields[f"seen_{criterion.value}"] = forms.IntegerField(
                widget=forms.HiddenInput, initial=current[criterion]
            )

    def points(self) -> dict[str, int]:
        return {c.value: self.cleaned_data[c.value] for c in Criterion}

    def expected(self) -> dict[str, int]:
        return {c.value: self.cleaned_data[f"seen_{c.value}"] for c in Criterion}

    def groups(self) -> list[tuple[str, list[tuple[forms.BoundField, forms.BoundField, int]]]]:
        """(heading, [(points field, its hidden seen field, the default points)]) per group."""
        return [
            (
                str(heading),
                [
                    (self[c.value], self[f"seen_{c.value}"], DEFAULT_POINTS[c])
                    for c in Criterion
                    if c.value.startswith(prefix)
                ],
            )
            for prefix, heading in WEIGHT_GROUPS
        ]
