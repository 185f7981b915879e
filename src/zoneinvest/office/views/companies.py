"""Investors: the company list, a company's page with its projects, edits and merges."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from zoneinvest.accounts.selectors import user_can_write_pipeline
from zoneinvest.core.errors import DomainError
from zoneinvest.office.access import AuthedRequest, pipeline_reader, pipeline_writer, report_error
from zoneinvest.office.forms import CompanyForm, ContactForm, MergeForm
from zoneinvest.pipeline import selectors, services
from zoneinvest.pipeline.privacy import user_can_handle_personal_data

PAGE_SIZE = 50


@pipeline_reader
def company_list(request: AuthedRequest) -> HttpResponse:
    q = request.GET.get("q", "")
    companies = selectors.company_list(user=request.user, q=q)
    page = Paginator(companies, PAGE_SIZE).get_page(request.GET.get("page"))
    template = "office/companies/_results.html" if request.htmx else "office/companies/list.html"
    return render(request, template, {"page": page, "q": q})


@pipeline_writer
def company_new(request: AuthedRequest) -> HttpResponse:
    form = CompanyForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            company = services.company_create(
                zone=form.chosen_zone(), by=request.user, **form.service_values()
            )
        except DomainError as error:
            report_error(request, error, form)
        else:
            messages.success(request, _("Company created."))
            return redirect("office:company_detail", pk=company.pk)
    return render(request, "office/companies/form.html", {"form": form})


@pipeline_reader
def company_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    company = selectors.company_get(user=request.user, pk=pk)
    return render(
        request,
        "office/companies/detail.html",
        {
            "company": company,
            "projects": selectors.company_projects(user=request.user, company=company),
            "contacts": selectors.company_contacts(company=company),
            "can_write": user_can_write_pipeline(user=request.user),
            "can_handle_personal_data": user_can_handle_personal_data(user=request.user),
            "contact_form": ContactForm(),
        },
    )


@pipeline_writer
def company_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    company = selectors.company_get(user=request.user, pk=pk)
    form = CompanyForm(request.POST or None, instance=company, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.company_update(
                company=company,
                version=form.cleaned_data["version"],
                by=request.user,
                **form.service_values(),
            )
        except DomainError as error:
            report_error(request, error, form)
        else:
            messages.success(request, _("Company saved."))
            return redirect("office:company_detail", pk=company.pk)
    return render(request, "office/companies/form.html", {"form": form, "company": company})


@pipeline_writer
def company_merge(request: AuthedRequest, pk: int) -> HttpResponse:
    survivor = selectors.company_get(user=request.user, pk=pk)
    form = MergeForm(request.POST or None, survivor=survivor, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.company_merge(
                survivor=survivor, duplicate=form.cleaned_data["duplicate"], by=request.user
            )
        except DomainError as error:
            report_error(request, error, form)
        else:
            messages.success(request, _("Merged: projects, contacts and history now belong here."))
            return redirect("office:company_detail", pk=survivor.pk)
    return render(request, "office/companies/merge.html", {"form": form, "company": survivor})


@pipeline_writer
def contact_new(request: AuthedRequest, pk: int) -> HttpResponse:
    company = selectors.company_get(user=request.user, pk=pk)
    form = ContactForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.contact_create(company=company, by=request.user, **form.cleaned_data)
        except DomainError as error:
            report_error(request, error, form)
        else:
            messages.success(request, _("Contact added."))
            return redirect("office:company_detail", pk=company.pk)
    return render(request, "office/companies/contact_form.html", {"form": form, "company": company})
