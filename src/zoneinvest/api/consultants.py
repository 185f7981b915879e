"""The consultant network: consultants, their referrals (with rewards), and the ranking.

Unlike the pipeline, these addresses accept a consultant's token, scoped to the consultant's own
record and referrals (another consultant's referral is a 404), and read through ReferralView so an
unsigned project's amounts never reach a consultant. The zone's staff read everything of their
zones; directors decide conflicting claims; only staff see the ranking.
"""

from collections.abc import Callable
from typing import Any

from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.translation import gettext
from ninja import Query, Router, Status
from ninja.pagination import paginate

from zoneinvest.accounts.models import Role, User
from zoneinvest.accounts.selectors import user_can_read_pipeline, user_can_write_pipeline
from zoneinvest.api.auth import BearerToken, caller
from zoneinvest.api.consultant_schemas import (
    AnyReferralOut,
    ConsultantOut,
    ConsultantRankingOut,
    RankingQuery,
    ReferralIn,
    ReferralQuery,
    ResolveIn,
    reward_out,
)
from zoneinvest.api.errors import READ_ERRORS, WRITE_ERRORS, PermissionDeniedError
from zoneinvest.api.schemas import Pagination
from zoneinvest.consultants.models import Consultant, Referral
from zoneinvest.consultants.selectors import (
    consultant_of,
    consultant_ranking,
    consultant_scope,
    is_staff_reader,
    referral_get,
    referral_rewards,
    referral_scope,
    referral_view,
)
from zoneinvest.consultants.services import referral_resolve, referral_submit
from zoneinvest.core.errors import ValidationFailed
from zoneinvest.pipeline.selectors import project_scope


def network_permission(user: User, writing: bool) -> None:
    """Consultants and the pipeline's readers may read; consultants and its writers may write."""
    if user.role == Role.CONSULTANT:
        return
    if not user_can_read_pipeline(user=user):
        raise PermissionDeniedError(
            gettext("Your role does not give access to the consultant network.")
        )
    if writing and not user_can_write_pipeline(user=user):
        raise PermissionDeniedError(
            gettext("Your role may read the consultant network but not change it.")
        )


network_auth = BearerToken(permission=network_permission)
consultants = Router(auth=network_auth, tags=["consultants"])
referrals = Router(auth=network_auth, tags=["consultants"])

Prepare = Callable[[HttpRequest, list[Any]], list[Any]]


class PreparedPagination(Pagination):
    """Pagination whose page, once read, goes through `prepare(request, items)`: the work for
    the page as a whole (rewards, a consultant's view) runs once per page, not once per row."""

    def __init__(self, *, prepare: Prepare, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.prepare = prepare

    def paginate_queryset(
        self, queryset: QuerySet[Any], pagination: Any, request: HttpRequest, **params: Any
    ) -> Any:
        page = super().paginate_queryset(queryset, pagination, request, **params)
        page[self.items_attribute] = self.prepare(request, list(page[self.items_attribute]))
        return page


def _staff_only(user: User) -> None:
    if not is_staff_reader(user):
        raise PermissionDeniedError(gettext("Only the zone's staff may see this."))


# ---------------------------------------------------------------- consultants


def _consultants(user: User) -> QuerySet[Consultant]:
    return (
        consultant_scope(user=user)
        .select_related("zone", "user")
        .prefetch_related("chains", "appointments")
    )


# Before "/{consultant_id}", which would not take "ranking" anyway (ids are whole numbers).
@consultants.get("/ranking", response={200: ConsultantRankingOut, **READ_ERRORS})
def get_consultant_ranking(request: HttpRequest, period: Query[RankingQuery]) -> Any:
    """Per consultant (staff only): valid referrals submitted in the period, how far their
    projects went, the value signed (counted once), paid-in capital and the reward due."""
    user = caller(request)
    _staff_only(user)
    end = period.end or timezone.localdate()
    if period.start and period.start > end:
        raise ValidationFailed.for_fields(
            gettext("Please correct the fields marked below."),
            {"start": [gettext("The start may not be after the end.")]},
        )
    rows = consultant_ranking(user=user, start=period.start, end=end)
    return {"start": period.start, "end": end, "rows": rows}


@consultants.get("", response={200: list[ConsultantOut], **READ_ERRORS})
@paginate(Pagination)
def list_consultants(request: HttpRequest) -> Any:
    """The zone's consultants for staff; for a consultant's token, its own record only."""
    return _consultants(caller(request))


@consultants.get("/{consultant_id}", response={200: ConsultantOut, **READ_ERRORS})
def get_consultant(request: HttpRequest, consultant_id: int) -> Any:
    consultant = _consultants(caller(request)).filter(pk=consultant_id).first()
    if consultant is None:
        raise Http404
    return consultant


# ---------------------------------------------------------------- referrals


def _prepared(user: User, items: list[Referral]) -> list[Any]:
    """Staff: the referrals with their reward as of today. A consultant: its own view of each,
    with amounts only once the project is signed.

    A confidential project the staff member may not see (pipeline.selectors.project_scope) is
    left out of its referral, with its amounts and reward: the instances are only read from here.
    """
    if not is_staff_reader(user):
        return [referral_view(referral=r) for r in items]
    project_ids = {r.project_id for r in items if r.project_id is not None}
    visible = set(project_scope(user=user).filter(pk__in=project_ids).values_list("pk", flat=True))
    for referral in items:
        if referral.project_id is not None and referral.project_id not in visible:
            referral.project = None
    today = timezone.localdate()
    rewards = referral_rewards(referrals=items, on=today)
    for referral in items:
        referral.reward = reward_out(rewards.get(referral.pk), today)  # type: ignore[attr-defined]
    return items


def _prepare_page(request: HttpRequest, items: list[Any]) -> list[Any]:
    return _prepared(caller(request), items)


def _referrals(user: User) -> QuerySet[Referral]:
    return referral_scope(user=user).select_related(
        "zone", "consultant", "company", "project", "resolved_by"
    )


def _referral(user: User, pk: int) -> Any:
    referral = _referrals(user).filter(pk=pk).first()
    if referral is None:
        raise Http404
    return _prepared(user, [referral])[0]


def _referrer(user: User, pk: int | None) -> Consultant:
    """Who refers: staff name a consultant of their zones; a consultant refers for itself."""
    if is_staff_reader(user):
        if pk is None:
            raise _refused(gettext("Give the id of the consultant who refers."))
        consultant = consultant_scope(user=user).filter(pk=pk).first()
        if consultant is None:
            raise _refused(gettext("Not found."))
        return consultant
    own = consultant_of(user=user)
    if own is None:
        raise PermissionDeniedError(
            gettext("Your log-in is not linked to a consultant."), code="no_consultant"
        )
    if pk is not None and pk != own.pk:
        raise _refused(gettext("You may refer only in your own name."))
    return own


def _refused(message: str) -> ValidationFailed:
    return ValidationFailed.for_fields(
        gettext("Please correct the fields marked below."), {"consultant": [message]}
    )


@referrals.get("", response={200: list[AnyReferralOut], **READ_ERRORS})
@paginate(PreparedPagination, prepare=_prepare_page)
def list_referrals(request: HttpRequest, filters: Query[ReferralQuery]) -> Any:
    """Staff: every referral of their zones, with the reward as of today and how it was
    computed. A consultant: its own referrals, amounts only once a project is signed."""
    user = caller(request)
    found = _referrals(user).order_by("-submitted_at", "-id")
    if filters.status:
        found = found.filter(status=filters.status)
    if filters.consultant is not None:
        found = found.filter(consultant_id=filters.consultant)
    return found


@referrals.get("/{referral_id}", response={200: AnyReferralOut, **READ_ERRORS})
def get_referral(request: HttpRequest, referral_id: int) -> Any:
    return _referral(caller(request), referral_id)


@referrals.post("", response={201: AnyReferralOut, **WRITE_ERRORS})
def submit_referral(request: HttpRequest, payload: ReferralIn) -> Any:
    """A consultant brings a company: it is found or created, a lead is opened (source
    `consultant`), and the claim recorded. A later claim on a company another consultant already
    referred is recorded with status `conflict` until a director decides; referring the same
    company twice is refused with 422 `already_referred`."""
    user = caller(request)
    consultant = _referrer(user, payload.consultant)
    referral = referral_submit(
        consultant=consultant,
        by=user,
        **payload.model_dump(exclude={"consultant"}),
    )
    return Status(201, _referral(user, referral.pk))


@referrals.post("/{referral_id}/resolve", response={200: AnyReferralOut, **WRITE_ERRORS})
def resolve_referral(request: HttpRequest, referral_id: int, payload: ResolveIn) -> Any:
    """A director makes this claim the winner: it becomes valid, the company's other claims are
    rejected. Directors and platform admins only; send `{}` when there is no note."""
    user = caller(request)
    if user.role not in (Role.DIRECTOR, Role.ADMIN):
        raise PermissionDeniedError(gettext("Only a director may decide between claims."))
    referral = referral_get(user=user, pk=referral_id)
    referral_resolve(winner=referral, by=user, note=payload.note)
    return _referral(user, referral_id)
