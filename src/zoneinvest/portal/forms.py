from django import forms
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from zoneinvest.core.models import Zone
from zoneinvest.industries.models import IndustryChain
from zoneinvest.portal.selectors import interest_chains


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
    # The honeypot: hidden from people, filled in by bots; it must stay empty.
    website = forms.CharField(label=_("Leave this field empty"), required=False)

    def __init__(self, *args: object, zone: Zone, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["chain"].queryset = interest_chains(zone=zone)  # type: ignore[attr-defined]

    @property
    def is_bot(self) -> bool:
        return bool(self.data.get("website"))
