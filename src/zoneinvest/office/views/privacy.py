"""A contact's personal data: a director exports it (JSON) or erases it on the person's request.

Who: directors of the contact's zone and platform admins. Other bureau staff get 403, anyone
outside the zone 404 (as for every record of the zone).
"""

import json

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_POST

from zoneinvest.office.access import AuthedRequest, pipeline_reader
from zoneinvest.pipeline import privacy, selectors
from zoneinvest.pipeline.models import Contact


def confirmation_word() -> str:
    """The word a director types to confirm an erasure (in the page's language)."""
    return gettext("ERASE")


class EraseForm(forms.Form):
    confirm = forms.CharField(label=_("Confirmation"), max_length=40)

    def clean_confirm(self) -> str:
        typed = self.cleaned_data["confirm"].strip()
        if typed != confirmation_word():
            raise ValidationError(
                gettext("Type %(word)s exactly to confirm.") % {"word": confirmation_word()}
            )
        return typed


def _contact_for_privacy(request: AuthedRequest, pk: int) -> Contact | None:
    """The contact (404 outside its zone), or None when the user may not handle its data."""
    contact = selectors.contact_get(user=request.user, pk=pk)
    return contact if privacy.user_can_handle_personal_data(user=request.user) else None


def _forbidden(request: AuthedRequest) -> HttpResponse:
    return render(request, "office/forbidden.html", status=403)


def _page(request: AuthedRequest, contact: Contact, form: EraseForm) -> HttpResponse:
    context = {
        "contact": contact,
        "erased": privacy.contact_is_erased(contact),
        "activities": len(privacy.contact_activities(contact=contact)),
        "inquiries": privacy.contact_inquiries(contact=contact).count(),
        "form": form,
        "word": confirmation_word(),
    }
    return render(request, "office/companies/contact_privacy.html", context)


@pipeline_reader
@require_GET
def contact_privacy(request: AuthedRequest, pk: int) -> HttpResponse:
    contact = _contact_for_privacy(request, pk)
    if contact is None:
        return _forbidden(request)
    return _page(request, contact, EraseForm())


@pipeline_reader
@require_GET
def contact_export(request: AuthedRequest, pk: int) -> HttpResponse:
    contact = _contact_for_privacy(request, pk)
    if contact is None:
        return _forbidden(request)
    data = privacy.personal_data_export(contact=contact, by=request.user)
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json"
    )
    response["Content-Disposition"] = f'attachment; filename="contact-{contact.pk}.json"'
    return response


@pipeline_reader
@require_POST
def contact_erase(request: AuthedRequest, pk: int) -> HttpResponse:
    contact = _contact_for_privacy(request, pk)
    if contact is None:
        return _forbidden(request)
    form = EraseForm(request.POST)
    if not form.is_valid():
        return _page(request, contact, form)
    privacy.personal_data_erase(contact=contact, by=request.user)
    messages.success(request, gettext("The contact's personal data was erased."))
    return redirect("office:company_detail", pk=contact.company_id)
