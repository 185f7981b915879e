"""Consultants. A consultant's own pages (my/…): their referrals, a new referral, their advice and
their statement; they never see the pipeline, and amounts only of signed projects. The bureau's
pages (consultants/…): the list, one consultant, the ranking, conflicting claims and statements."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zoneinvest.accounts.models import Role, User
from zoneinvest.accounts.selectors import user_can_read_pipeline
from zoneinvest.consultants import selectors, services
from zoneinvest.consultants.models import Consultant, Referral
from zoneinvest.consultants.selectors import Statement
from zoneinvest.consultants.statement import statement_table
from zoneinvest.core.errors import DomainError
from zoneinvest.office.access import (
    AuthedRequest,
    View,
    _role_required,
    pipeline_reader,
    report_error,
)
from zoneinvest.office.forms import AdviceForm, PeriodForm, ReferralForm, ResolveForm

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _is_consultant(*, user: User) -> bool:
    return bool(user.is_authenticated and user.is_active and user.role == Role.CONSULTANT)


def _is_director(*, user: User) -> bool:
    return user_can_read_pipeline(user=user) and user.role in (Role.DIRECTOR, Role.ADMIN)


director_only = _role_required(_is_director)


def consultant_only(view: View) -> View:
    """A consultant's own page: other roles get 403; a consultant log-in that is not linked to a
    consultant record gets a page saying so (404). The view receives the consultant."""

    @_role_required(_is_consultant)
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        consultant = selectors.consultant_of(user=request.user)  # type: ignore[arg-type]
        if consultant is None:
            return render(request, "office/consultants/not_linked.html", status=404)
        return view(request, consultant, *args, **kwargs)

    return wrapped


def staff_page(own: str) -> Callable[[View], View]:
    """A page about one consultant for the bureau's staff. A consultant who opens it about
    themselves is sent to their own page `own` (with the same query); anyone else's is 404."""

    def decorator(view: View) -> View:
        @login_required
        @wraps(view)
        def wrapped(request: HttpRequest, pk: int) -> HttpResponse:
            user: User = request.user  # type: ignore[assignment]
            if user_can_read_pipeline(user=user):
                return view(request, pk)
            if not _is_consultant(user=user):
                raise Http404  # not of the bureau's pipeline staff: the page does not exist
            selectors.consultant_get(user=user, pk=pk)  # their own, or 404
            query = request.GET.urlencode()
            return redirect(f"{reverse(own)}?{query}" if query else reverse(own))

        return wrapped

    return decorator


# ---------------------------------------------------------------- the consultant's own pages


@consultant_only
def my_referrals(request: AuthedRequest, consultant: Consultant) -> HttpResponse:
    referrals = selectors.referral_views(user=request.user)
    return render(request, "office/consultants/my_referrals.html", {"referrals": referrals})


@consultant_only
def my_referral_detail(request: AuthedRequest, consultant: Consultant, pk: int) -> HttpResponse:
    referral = selectors.referral_get(user=request.user, pk=pk)
    view = selectors.referral_view(referral=referral)
    return render(request, "office/consultants/my_referral.html", {"referral": view})


@consultant_only
def my_referral_new(request: AuthedRequest, consultant: Consultant) -> HttpResponse:
    form = ReferralForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            referral = services.referral_submit(
                consultant=consultant, by=request.user, **form.service_values()
            )
        except DomainError as error:
            report_error(request, error, form)
        else:
            company = selectors.referral_view(referral=referral).company
            if referral.status == Referral.Status.CONFLICT:
                messages.warning(
                    request,
                    _(
                        "Thank you. “%(company)s” was referred by another consultant before you: "
                        "a director will decide whose referral stands."
                    )
                    % {"company": company},
                )
            else:
                messages.success(
                    request,
                    _("Thank you: your referral of “%(company)s” is recorded.")
                    % {"company": company},
                )
            return redirect("office:my_referrals")
    return render(request, "office/consultants/referral_form.html", {"form": form})


@consultant_only
def my_advice(request: AuthedRequest, consultant: Consultant) -> HttpResponse:
    form = AdviceForm(request.POST or None, initial={"date": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.advice_record(consultant=consultant, by=request.user, **form.cleaned_data)
        except DomainError as error:
            report_error(request, error, form)
        else:
            messages.success(request, _("Thank you: your advice is recorded."))
            return redirect("office:my_advice")
    advice = selectors.advice_list(user=request.user)
    return render(request, "office/consultants/my_advice.html", {"form": form, "advice": advice})


def _statement(request: AuthedRequest, consultant: Consultant) -> tuple[PeriodForm, Statement]:
    """The period asked for (this calendar year by default) and the statement a reader may see:
    a consultant their signed referrals only, the bureau's staff every valid referral."""
    form = PeriodForm(request.GET or None)
    start, end = form.period(timezone.localdate())
    if user_can_read_pipeline(user=request.user):
        statement = selectors.consultant_statement(consultant=consultant, start=start, end=end)
    else:
        statement = selectors.consultant_statement_signed(
            consultant=consultant, start=start, end=end
        )
    return form, statement


def _hidden(request: AuthedRequest, statement: Statement) -> set[int]:
    return selectors.statement_hidden_referrals(user=request.user, statement=statement)


def _download(content: bytes, kind: str, statement: Statement, *, attachment: bool) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX if kind == "xlsx" else "application/pdf")
    with translation.override("en"):
        name = slugify(str(statement.consultant.name)) or "consultant"
    filename = f"{name}-statement-{statement.start.isoformat()}-{statement.end.isoformat()}.{kind}"
    response["Content-Disposition"] = content_disposition_header(attachment, filename) or "inline"
    return response


def _xlsx(request: AuthedRequest, consultant: Consultant) -> HttpResponse:
    from zoneinvest.consultants.statement import statement_xlsx

    statement = _statement(request, consultant)[1]
    content = statement_xlsx(
        statement, translation.get_language(), hidden=_hidden(request, statement)
    )
    return _download(content, "xlsx", statement, attachment=True)


def _pdf(request: AuthedRequest, consultant: Consultant) -> HttpResponse:
    from zoneinvest.consultants.statement import statement_pdf  # WeasyPrint loads slowly

    statement = _statement(request, consultant)[1]
    content = statement_pdf(
        statement, translation.get_language(), hidden=_hidden(request, statement)
    )
    return _download(content, "pdf", statement, attachment=False)


@consultant_only
def my_statement(request: AuthedRequest, consultant: Consultant) -> HttpResponse:
    form, statement = _statement(request, consultant)
    table = statement_table(statement, hidden=_hidden(request, statement))
    return render(request, "office/consultants/statement.html", {"form": form, "table": table})


@consultant_only
def my_statement_xlsx(request: AuthedRequest, consultant: Consultant) -> HttpResponse:
    return _xlsx(request, consultant)


@consultant_only
def my_statement_pdf(request: AuthedRequest, consultant: Consultant) -> HttpResponse:
    return _pdf(request, consultant)


# ---------------------------------------------------------------- the bureau's pages


@pipeline_reader
def consultant_list(request: AuthedRequest) -> HttpResponse:
    rows = selectors.consultant_list(user=request.user)
    return render(request, "office/consultants/list.html", {"rows": rows})


@staff_page(own="office:my_referrals")
def consultant_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    consultant = selectors.consultant_get(user=request.user, pk=pk)
    profile = selectors.consultant_profile(user=request.user, consultant=consultant)
    return render(request, "office/consultants/detail.html", {"profile": profile})


@pipeline_reader
def consultant_ranking(request: AuthedRequest) -> HttpResponse:
    form = PeriodForm(request.GET or None)
    start, end = form.period(timezone.localdate())
    rows = selectors.consultant_ranking(user=request.user, start=start, end=end)
    return render(
        request,
        "office/consultants/ranking.html",
        {"form": form, "rows": rows, "start": start, "end": end},
    )


@pipeline_reader
def referral_conflicts(request: AuthedRequest) -> HttpResponse:
    return render(
        request,
        "office/consultants/conflicts.html",
        {
            "groups": selectors.referral_conflict_groups(user=request.user),
            "can_resolve": _is_director(user=request.user),
            "form": ResolveForm(),
        },
    )


@require_POST
@director_only
def referral_resolve(request: AuthedRequest, pk: int) -> HttpResponse:
    winner = selectors.conflict_claim_get(user=request.user, pk=pk)
    form = ResolveForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    services.referral_resolve(winner=winner, by=request.user, note=note)
    messages.success(
        request,
        _("Decided: the referral of “%(company)s” by %(consultant)s stands.")
        % {"company": winner.company, "consultant": winner.consultant},
    )
    return redirect("office:referral_conflicts")


@staff_page(own="office:my_statement")
def consultant_statement(request: AuthedRequest, pk: int) -> HttpResponse:
    consultant = selectors.consultant_get(user=request.user, pk=pk)
    form, statement = _statement(request, consultant)
    table = statement_table(statement, hidden=_hidden(request, statement))
    return render(
        request,
        "office/consultants/statement.html",
        {"form": form, "table": table, "consultant": consultant},
    )


@staff_page(own="office:my_statement_xlsx")
def consultant_statement_xlsx(request: AuthedRequest, pk: int) -> HttpResponse:
    return _xlsx(request, selectors.consultant_get(user=request.user, pk=pk))


@staff_page(own="office:my_statement_pdf")
def consultant_statement_pdf(request: AuthedRequest, pk: int) -> HttpResponse:
    return _pdf(request, selectors.consultant_get(user=request.user, pk=pk))
