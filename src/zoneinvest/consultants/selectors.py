"""Reads of the consultant network. Consultants see their own referrals only, with amounts only
once a project is signed; staff of the zone see every consultant, the rankings and rewards."""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.http import Http404
from django.utils import timezone

from zoneinvest.accounts.models import Role, User
from zoneinvest.accounts.selectors import user_can_read_pipeline, user_zone_ids
from zoneinvest.consultants.models import Advice, Appointment, Consultant, Referral, RewardRule
from zoneinvest.consultants.rewards import Band, Inputs, Reward, Rule, reward_compute
from zoneinvest.core.money import YuanAtDate
from zoneinvest.events.models import Signing
from zoneinvest.pipeline.models import CapitalArrival, Company, Project
from zoneinvest.pipeline.selectors import project_scope
from zoneinvest.pipeline.stages import Stage, road_index

SIGNED_ROAD_INDEX = road_index(Stage.SIGNED) or 3
QUALIFIED_ROAD_INDEX = road_index(Stage.QUALIFIED) or 1


def consultant_of(*, user: User) -> Consultant | None:
    if not user.is_authenticated or user.role != Role.CONSULTANT:
        return None
    return Consultant.objects.filter(user=user).select_related("zone").first()


def is_staff_reader(user: User) -> bool:
    return user_can_read_pipeline(user=user)


def consultant_scope(*, user: User) -> QuerySet[Consultant]:
    if is_staff_reader(user):
        return Consultant.objects.filter(zone_id__in=user_zone_ids(user=user))
    own = consultant_of(user=user)
    return Consultant.objects.filter(pk=own.pk) if own else Consultant.objects.none()


def consultant_get(*, user: User, pk: int) -> Consultant:
    consultant = consultant_scope(user=user).filter(pk=pk).first()
    if consultant is None:
        raise Http404
    return consultant


def referral_scope(*, user: User) -> QuerySet[Referral]:
    if is_staff_reader(user):
        return Referral.objects.filter(zone_id__in=user_zone_ids(user=user))
    own = consultant_of(user=user)
    return Referral.objects.filter(consultant=own) if own else Referral.objects.none()


def referral_get(*, user: User, pk: int) -> Referral:
    referral = (
        referral_scope(user=user)
        .select_related("consultant", "company", "project")
        .filter(pk=pk)
        .first()
    )
    if referral is None:
        raise Http404
    return referral


def advice_list(*, user: User) -> QuerySet[Advice]:
    if is_staff_reader(user):
        advice = Advice.objects.filter(zone_id__in=user_zone_ids(user=user))
    else:
        own = consultant_of(user=user)
        advice = Advice.objects.filter(consultant=own) if own else Advice.objects.none()
    return advice.select_related("consultant", "follow_up_owner").order_by("-date", "-id")


# ---------------------------------------------------------------- what a consultant may see


@dataclass(frozen=True)
class ReferralView:
    """A referral as its consultant sees it: stage and dates; amounts only once signed."""

    pk: int
    company: str
    project: str
    stage: str
    stage_label: str
    status: str
    status_label: str
    submitted_at: dt.datetime
    stage_changed_at: dt.datetime | None
    signing_date: dt.date | None
    amount: Decimal | None
    currency: str | None

    @property
    def signed(self) -> bool:
        return self.amount is not None


def _reached_qualified(project: Project | None) -> bool:
    """The project's history shows it got at least as far as qualified (`reached_through`)."""
    furthest = project.furthest_stage_index if project else None
    return furthest is not None and furthest >= QUALIFIED_ROAD_INDEX


def _is_signed(project: Project | None) -> bool:
    index = road_index(project.stage) if project else None
    return index is not None and index >= SIGNED_ROAD_INDEX


def referral_views(*, user: User) -> list[ReferralView]:
    referrals = (
        referral_scope(user=user)
        .select_related("company", "project")
        .order_by("-submitted_at", "-id")
    )
    return [referral_view(referral=r) for r in referrals]


def referral_view(*, referral: Referral) -> ReferralView:
    project = referral.project
    signed = _is_signed(project)
    return ReferralView(
        pk=referral.pk,
        company=str(referral.company),
        project=str(project) if project else "",
        stage=project.stage if project else "",
        stage_label=str(project.get_stage_display()) if project else "",
        status=referral.status,
        status_label=str(referral.get_status_display()),
        submitted_at=referral.submitted_at,
        stage_changed_at=project.stage_changed_at if project else None,
        signing_date=project.signing_date if project and signed else None,
        amount=project.total_investment if project and signed else None,
        currency=project.currency if project and signed else None,
    )


# ---------------------------------------------------------------- rewards


def rule_in_force(*, zone_id: int, on: dt.date) -> Rule | None:
    rule = (
        RewardRule.objects.filter(zone_id=zone_id, valid_from__lte=on)
        .prefetch_related("bands")
        .order_by("-valid_from", "-id")
        .first()
    )
    if rule is None:
        return None
    return Rule(
        name=rule.name,
        base=rule.base,
        minimum_project_size=rule.minimum_project_size,
        cap=rule.cap,
        payable_after_arrival=rule.payable_after_arrival,
        bands=tuple(
            Band(lower=b.lower, upper=b.upper, rate=b.rate, fixed=b.fixed)
            for b in sorted(rule.bands.all(), key=lambda b: b.lower)
        ),
    )


_Yuan = YuanAtDate  # one conversion cache per computation


def _paid_in(project_ids: list[int], until: dt.date, yuan: _Yuan) -> dict[int, Decimal]:
    found = (
        CapitalArrival.objects.filter(project_id__in=project_ids, date__lte=until)
        .order_by()
        .values("project_id", "project__currency", "date")
        .annotate(total=Sum("amount"))
    )
    rows: Any = list(found)
    yuan.prefetch({(row["project__currency"], row["date"]) for row in rows})
    paid: dict[int, Decimal] = defaultdict(Decimal)
    for row in rows:
        paid[row["project_id"]] += yuan(row["total"], row["project__currency"], row["date"])
    return paid


def _signed_value(project_ids: list[int], yuan: _Yuan) -> dict[int, Decimal]:
    found = (
        Signing.objects.filter(project_id__in=project_ids)
        .order_by()
        .values("project_id", "currency", "date")
        .annotate(total=Sum("counted_amount"))
    )
    rows: Any = list(found)
    yuan.prefetch({(row["currency"], row["date"]) for row in rows})
    value: dict[int, Decimal] = defaultdict(Decimal)
    for row in rows:
        value[row["project_id"]] += yuan(row["total"], row["currency"], row["date"])
    return value


def referral_rewards(
    *, referrals: list[Referral], on: dt.date | None = None
) -> dict[int, Reward | None]:
    """The reward each valid referral earns as of `on` (None where no rule is in force)."""
    on = on or timezone.localdate()
    yuan = _Yuan()
    projects = [r.project for r in referrals if r.project is not None]
    paid = _paid_in([p.pk for p in projects], on, yuan)
    rules: dict[int, Rule | None] = {}
    rewards: dict[int, Reward | None] = {}
    for referral in referrals:
        project = referral.project
        if referral.status != Referral.Status.VALID or project is None:
            rewards[referral.pk] = None
            continue
        if referral.zone_id not in rules:
            rules[referral.zone_id] = rule_in_force(zone_id=referral.zone_id, on=on)
        rule = rules[referral.zone_id]
        if rule is None:
            rewards[referral.pk] = None
            continue
        when = project.signing_date or on
        contracted = yuan(project.contracted_amount, project.currency, when)
        size = contracted or yuan(project.total_investment, project.currency, when)
        rewards[referral.pk] = reward_compute(
            rule, Inputs(project_size=size, contracted=contracted, paid_in=paid[project.pk])
        )
    return rewards


# ---------------------------------------------------------------- the director's view


@dataclass
class ConsultantRow:
    consultant: Consultant
    referrals: int = 0
    qualified: int = 0
    signed: int = 0
    signed_value: Decimal = Decimal(0)
    paid_in: Decimal = Decimal(0)
    reward_due: Decimal = Decimal(0)


def consultant_ranking(
    *, user: User, start: dt.date | None = None, end: dt.date | None = None
) -> list[ConsultantRow]:
    """Per consultant: referrals submitted in the period and how far their projects went,
    signed value counted once, paid-in capital and reward due; best first."""
    end = end or timezone.localdate()
    rows = {c.pk: ConsultantRow(consultant=c) for c in consultant_scope(user=user)}
    referrals = list(
        referral_scope(user=user)
        .filter(status=Referral.Status.VALID, consultant_id__in=list(rows))
        .filter(Q(submitted_at__date__gte=start) if start else Q())
        .filter(submitted_at__date__lte=end)
        .select_related("project")
    )
    project_ids = [r.project_id for r in referrals if r.project_id]
    yuan = _Yuan()
    signed_value = _signed_value(project_ids, yuan)
    paid = _paid_in(project_ids, end, yuan)
    rewards = referral_rewards(referrals=referrals, on=end)
    for referral in referrals:
        row = rows[referral.consultant_id]
        row.referrals += 1
        pid = referral.project_id
        if pid is None:
            continue
        row.qualified += _reached_qualified(referral.project)
        row.signed += _is_signed(referral.project) or signed_value.get(pid, 0) > 0
        row.signed_value += signed_value.get(pid, Decimal(0))
        row.paid_in += paid.get(pid, Decimal(0))
        reward = rewards.get(referral.pk)
        row.reward_due += reward.due if reward else Decimal(0)
    return sorted(
        rows.values(),
        key=lambda r: (-r.signed_value, -r.signed, -r.referrals, str(r.consultant)),
    )


@dataclass
class StatementLine:
    referral: Referral
    reward_at_start: Reward | None
    reward_at_end: Reward | None

    @property
    def due_in_period(self) -> Decimal:
        end = self.reward_at_end.due if self.reward_at_end else Decimal(0)
        start = self.reward_at_start.due if self.reward_at_start else Decimal(0)
        return end - start


@dataclass
class Statement:
    consultant: Consultant
    start: dt.date
    end: dt.date
    lines: list[StatementLine]

    @property
    def total_due(self) -> Decimal:
        return sum((line.due_in_period for line in self.lines), Decimal(0))


def consultant_statement(*, consultant: Consultant, start: dt.date, end: dt.date) -> Statement:
    """What became due to a consultant between `start` and `end`, referral by referral."""
    referrals = list(
        consultant.referrals.filter(status=Referral.Status.VALID)
        .select_related("company", "project")
        .order_by("submitted_at", "id")
    )
    before = referral_rewards(referrals=referrals, on=start - dt.timedelta(days=1))
    after = referral_rewards(referrals=referrals, on=end)
    return Statement(
        consultant=consultant,
        start=start,
        end=end,
        lines=[StatementLine(r, before.get(r.pk), after.get(r.pk)) for r in referrals],
    )


def referral_conflicts(*, user: User) -> list[Referral]:
    """Claims waiting for a director, with the claims they compete with."""
    if not is_staff_reader(user):
        return []
    return list(
        referral_scope(user=user)
        .filter(status=Referral.Status.CONFLICT)
        .select_related("consultant", "company", "project")
        .order_by("submitted_at", "id")
    )


# ---------------------------------------------------------------- the office pages


@dataclass(frozen=True)
class ConsultantListRow:
    consultant: Consultant
    appointment: Appointment | None  # the latest
    referrals: int


def consultant_list(*, user: User) -> list[ConsultantListRow]:
    """The consultants of the user's zones with their latest appointment and referral count."""
    consultants = (
        consultant_scope(user=user)
        .annotate(referral_count=Count("referrals"))
        .prefetch_related("appointments")
        .order_by("name", "id")
    )
    return [
        ConsultantListRow(
            consultant=c,
            appointment=next(iter(c.appointments.all()), None),
            referrals=c.referral_count,  # type: ignore[attr-defined]
        )
        for c in consultants
    ]


def visible_project_ids(*, user: User, project_ids: list[int]) -> set[int]:
    """Which of these projects `user` may open in the pipeline (confidential ones may not)."""
    return set(project_scope(user=user).filter(pk__in=project_ids).values_list("pk", flat=True))


@dataclass(frozen=True)
class ReferralLine:
    referral: Referral
    reward: Reward | None
    visible: bool  # the reader may see the project in the pipeline


@dataclass(frozen=True)
class ConsultantProfile:
    consultant: Consultant
    appointments: list[Appointment]
    referrals: list[ReferralLine]
    advice: list[Advice]
    rule: Rule | None


def consultant_profile(*, user: User, consultant: Consultant) -> ConsultantProfile:
    """One consultant for the bureau's staff: appointments, referrals with today's rewards (and
    whether the reader may open each project), advice, and the reward rule in force."""
    referrals = list(
        consultant.referrals.select_related("company", "project").order_by("-submitted_at", "-id")
    )
    rewards = referral_rewards(referrals=referrals)
    visible = visible_project_ids(
        user=user, project_ids=[r.project_id for r in referrals if r.project_id]
    )
    return ConsultantProfile(
        consultant=consultant,
        appointments=list(consultant.appointments.order_by("-appointed_on", "id")),
        referrals=[ReferralLine(r, rewards.get(r.pk), r.project_id in visible) for r in referrals],
        advice=list(consultant.advice.select_related("follow_up_owner").order_by("-date", "-id")),
        rule=rule_in_force(zone_id=consultant.zone_id, on=timezone.localdate()),
    )


def consultant_statement_signed(
    *, consultant: Consultant, start: dt.date, end: dt.date
) -> Statement:
    """The statement as its consultant sees it: only referrals whose project is signed, so that
    no amount of an unsigned project leaves the bureau."""
    statement = consultant_statement(consultant=consultant, start=start, end=end)
    statement.lines = [line for line in statement.lines if _is_signed(line.referral.project)]
    return statement


@dataclass(frozen=True)
class StatementFigures:
    signed_value: Decimal | None  # yuan, each project counted once, signings up to the end
    paid_in: Decimal  # yuan, arrived up to the end


def statement_figures(*, statement: Statement) -> dict[int, StatementFigures]:
    """Signed value and paid-in capital of each statement line's project, by referral."""
    project_ids = [line.referral.project_id for line in statement.lines]
    ids = [pid for pid in project_ids if pid is not None]
    yuan = _Yuan()
    signed: dict[int, Decimal] = {}
    rows = (
        Signing.objects.filter(project_id__in=ids, date__lte=statement.end)
        .order_by()
        .values("project_id", "currency", "date")
        .annotate(total=Sum("counted_amount"))
    )
    for row in rows:
        pid = row["project_id"]
        signed[pid] = signed.get(pid, Decimal(0)) + yuan(row["total"], row["currency"], row["date"])
    paid = _paid_in(ids, statement.end, yuan)
    return {
        line.referral.pk: StatementFigures(
            signed_value=signed.get(line.referral.project_id or 0),
            paid_in=paid.get(line.referral.project_id or 0, Decimal(0)),
        )
        for line in statement.lines
    }


def statement_hidden_referrals(*, user: User, statement: Statement) -> set[int]:
    """Referrals of the statement whose project `user` may not open (confidential): their
    project's name and figures are left out of what the user is shown. A consultant's own
    statement hides nothing: it holds only their signed referrals."""
    if not is_staff_reader(user):
        return set()
    ids = [line.referral.project_id for line in statement.lines if line.referral.project_id]
    visible = visible_project_ids(user=user, project_ids=ids)
    return {
        line.referral.pk
        for line in statement.lines
        if line.referral.project_id is not None and line.referral.project_id not in visible
    }


@dataclass(frozen=True)
class ConflictGroup:
    company: Company
    claims: list[Referral]  # every claim still standing or waiting, oldest first


def _surviving_company(company: Company) -> Company:
    while company.merged_into_id is not None and company.merged_into is not None:
        company = company.merged_into
    return company


def referral_conflict_groups(*, user: User) -> list[ConflictGroup]:
    """Each company with a claim waiting for a director, and every claim competing for it."""
    waiting = referral_conflicts(user=user)
    companies: dict[int, Company] = {}
    for referral in waiting:
        company = _surviving_company(referral.company)
        companies.setdefault(company.pk, company)
    if not companies:
        return []
    claims = (
        referral_scope(user=user)
        .filter(Q(company_id__in=list(companies)) | Q(company__merged_into_id__in=list(companies)))
        .exclude(status=Referral.Status.REJECTED)
        .select_related("consultant", "company", "project")
        .order_by("submitted_at", "id")
    )
    groups: dict[int, list[Referral]] = {pk: [] for pk in companies}
    for claim in claims:
        key = claim.company_id if claim.company_id in groups else claim.company.merged_into_id
        if key in groups:
            groups[key].append(claim)
    return [ConflictGroup(company=companies[pk], claims=groups[pk]) for pk in companies]


def conflict_claim_get(*, user: User, pk: int) -> Referral:
    """A claim competing for a company that waits for a director's decision, or 404."""
    for group in referral_conflict_groups(user=user):
        for claim in group.claims:
            if claim.pk == pk:
                return claim
    raise Http404


def public_consultants(*, zone_id: int) -> QuerySet[Consultant]:
    """Consultants who agreed to be listed, for the public portal (public fields only)."""
    return (
        Consultant.objects.filter(zone_id=zone_id, public_consent=True)
        .prefetch_related("chains")
        .order_by("name", "id")
    )
