"""Shapes of the consultant network's API: consultants, referrals, their rewards, the ranking.

A consultant's token reads its referrals as `OwnReferralOut` (consultants.selectors.ReferralView):
stage and dates, and an amount only once the project is signed. Staff read `ReferralOut`, with the
company, the project, its amounts and the reward as of today, explained step by step.
"""

import datetime as dt
from typing import Annotated, Any, Literal, cast

from django_countries.fields import Country
from ninja import Field, Schema
from pydantic import ConfigDict, Discriminator, Tag, field_validator

from zoneinvest.api.schemas import (
    ChainRef,
    ChoiceOut,
    CompanyRef,
    IsoDate,
    MoneyOut,
    ProjectRef,
    UserRef,
    WholeNumber,
    ZoneRef,
    choice,
    money,
)
from zoneinvest.consultants.models import Appointment, Consultant, Referral, RewardRule
from zoneinvest.consultants.rewards import Reward
from zoneinvest.consultants.selectors import ConsultantRow, ReferralView
from zoneinvest.core.money import PIVOT_CURRENCY
from zoneinvest.pipeline.stages import Stage

# A Literal, not the model's enum: "Status" would clash with other components.
ReferralStatus = Literal[tuple(Referral.Status.values)]  # type: ignore[valid-type]


# ---------------------------------------------------------------- consultants


class ConsultantRef(Schema):
    id: int
    name: str


class AppointmentOut(Schema):
    id: int
    batch: str
    appointed_on: dt.date
    term_start: dt.date
    term_end: dt.date | None
    status: ChoiceOut

    @staticmethod
    def resolve_batch(obj: Appointment) -> str:
        return str(obj.batch or "")

    @staticmethod
    def resolve_status(obj: Appointment) -> dict[str, str] | None:
        return choice(Appointment.Status, obj.status)


class ConsultantOut(Schema):
    id: int
    zone: ZoneRef
    name: str
    name_en: str
    name_zh_hans: str | None
    title: str
    organisation: str
    country: str = Field(description="ISO 3166-1 alpha-2 code; empty when not given.")
    country_name: str
    languages: str
    chains: list[ChainRef] = Field(description="Expertise: industry chains.")
    regions: str = Field(description="Expertise: regions.")
    bio: str
    public_consent: bool = Field(description="Agrees to be listed publicly.")
    user: UserRef | None = Field(description="The consultant's log-in, if it has one.")
    appointments: list[AppointmentOut]
    illustrative: bool
    created_at: dt.datetime
    updated_at: dt.datetime

    @staticmethod
    def resolve_title(obj: Consultant) -> str:
        return str(obj.title or "")

    @staticmethod
    def resolve_organisation(obj: Consultant) -> str:
        return str(obj.organisation or "")

    @staticmethod
    def resolve_bio(obj: Consultant) -> str:
        return str(obj.bio or "")

    @staticmethod
    def resolve_country(obj: Consultant) -> str:
        return cast(Country, obj.country).code or ""

    @staticmethod
    def resolve_country_name(obj: Consultant) -> str:
        return str(cast(Country, obj.country).name or "")

    @staticmethod
    def resolve_chains(obj: Consultant) -> list[Any]:
        return list(obj.chains.all())

    @staticmethod
    def resolve_appointments(obj: Consultant) -> list[Appointment]:
        return list(obj.appointments.all())


# ---------------------------------------------------------------- referrals


class OwnReferralOut(Schema):
    """A referral as its consultant sees it: no amount until the project is signed."""

    id: int
    company: str = Field(description="The company's name.")
    project: str = Field(description="The project's title; empty when there is none.")
    stage: ChoiceOut | None = Field(description="How far the project has gone.")
    status: ChoiceOut
    submitted_at: dt.datetime
    stage_changed_at: dt.datetime | None
    signing_date: dt.date | None = Field(description="Only once the project is signed.")
    amount: MoneyOut | None = Field(
        description="The project's total investment; only once the project is signed."
    )

    @staticmethod
    def resolve_id(obj: ReferralView) -> int:
        return obj.pk

    @staticmethod
    def resolve_stage(obj: ReferralView) -> dict[str, str] | None:
        return choice(Stage, obj.stage)

    @staticmethod
    def resolve_status(obj: ReferralView) -> dict[str, str] | None:
        return choice(Referral.Status, obj.status)

    @staticmethod
    def resolve_amount(obj: ReferralView) -> dict[str, str] | None:
        if obj.amount is None or not obj.currency:
            return None
        return money(obj.amount, obj.currency)


class RewardOut(Schema):
    on: dt.date = Field(description="The date the reward is computed for: today.")
    rule: str = Field(description="The name of the reward rule in force.")
    base_kind: ChoiceOut = Field(description="What the rule rewards: contracted or paid-in.")
    base: MoneyOut = Field(description="In yuan.")
    computed: MoneyOut = Field(description="What the band gives, capped; in yuan.")
    due: MoneyOut = Field(description="What is payable now; in yuan.")
    steps: list[str] = Field(description="The computation explained, line by line.")


def reward_out(reward: Reward | None, on: dt.date) -> dict[str, Any] | None:
    if reward is None:
        return None
    return {
        "on": on,
        "rule": reward.rule.name,
        "base_kind": choice(RewardRule.Base, reward.rule.base),
        "base": money(reward.base, PIVOT_CURRENCY),
        "computed": money(reward.computed, PIVOT_CURRENCY),
        "due": money(reward.due, PIVOT_CURRENCY),
        "steps": list(reward.steps),
    }


class ReferralOut(Schema):
    """A referral as the zone's staff see it, with the project's amounts and the reward."""

    id: int
    zone: ZoneRef
    consultant: ConsultantRef
    company: CompanyRef
    project: ProjectRef | None = Field(
        description="Null when there is none, or when it is confidential and not yours."
    )
    idea: str
    status: ChoiceOut
    stage: ChoiceOut | None = Field(description="How far the project has gone.")
    submitted_at: dt.datetime
    signing_date: dt.date | None
    total_investment: MoneyOut | None
    contracted_amount: MoneyOut | None
    resolved_by: UserRef | None = Field(description="The director who decided a conflict.")
    resolution_note: str
    reward: RewardOut | None = Field(
        description="As of today; null for a claim that is not valid or when no rule is in force."
    )
    created_at: dt.datetime
    updated_at: dt.datetime

    @staticmethod
    def resolve_status(obj: Referral) -> dict[str, str] | None:
        return choice(Referral.Status, obj.status)

    @staticmethod
    def resolve_stage(obj: Referral) -> dict[str, str] | None:
        return choice(Stage, obj.project.stage) if obj.project else None

    @staticmethod
    def resolve_signing_date(obj: Referral) -> dt.date | None:
        return obj.project.signing_date if obj.project else None

    @staticmethod
    def resolve_total_investment(obj: Referral) -> dict[str, str] | None:
        project = obj.project
        return money(project.total_investment, project.currency) if project else None

    @staticmethod
    def resolve_contracted_amount(obj: Referral) -> dict[str, str] | None:
        project = obj.project
        return money(project.contracted_amount, project.currency) if project else None


def _referral_kind(value: Any) -> str:
    return "own" if isinstance(value, ReferralView | OwnReferralOut) else "staff"


# What a caller reads of a referral: staff the full record, a consultant its own view of it;
# told apart by the object the view returns, never by trying one shape and then the other.
type AnyReferralOut = Annotated[
    Annotated[ReferralOut, Tag("staff")] | Annotated[OwnReferralOut, Tag("own")],
    Discriminator(_referral_kind),
]


class ReferralQuery(Schema):
    status: ReferralStatus | None = None  # type: ignore[valid-type]
    consultant: int | None = Field(None, description="Id of a consultant (staff only).")


class ReferralIn(Schema):
    model_config = ConfigDict(extra="forbid")

    consultant: WholeNumber | None = Field(
        None,
        description="Id of the consultant who refers; required when staff submit, "
        "and a consultant's own id (or omitted) when a consultant does.",
    )
    company_name_en: str = Field(min_length=1, max_length=300)
    company_name_zh: str = Field("", max_length=300)
    country: str = Field(min_length=2, max_length=2, description="ISO 3166-1 alpha-2 code.")
    website: str = Field("", max_length=200)
    idea: str = Field("", description="The project idea, in a few sentences.")
    project_title_en: str = Field(
        "",
        max_length=300,
        description="Opens a new lead under this title; by default the "
        "company's open project, or a lead named after the company.",
    )
    project_title_zh: str = Field("", max_length=300)

    @field_validator("country")
    @classmethod
    def _upper(cls, value: str) -> str:
        return value.upper()


class ResolveIn(Schema):
    model_config = ConfigDict(extra="forbid")

    note: str = Field("", max_length=500, description="Why this claim wins.")


# ---------------------------------------------------------------- the ranking


class RankingQuery(Schema):
    start: IsoDate | None = Field(None, description="Referrals submitted on or after this day.")
    end: IsoDate | None = Field(None, description="Up to this day; today by default.")


class RankingRowOut(Schema):
    consultant: ConsultantRef
    referrals: int = Field(description="Valid referrals submitted in the period.")
    qualified: int = Field(description="Of them, projects that reached `qualified`.")
    signed: int
    signed_value: MoneyOut = Field(description="Counted once, in yuan.")
    paid_in: MoneyOut = Field(description="Paid-in capital up to the end, in yuan.")
    reward_due: MoneyOut = Field(description="Rewards due at the end, in yuan.")

    @staticmethod
    def resolve_signed_value(obj: ConsultantRow) -> dict[str, str] | None:
        return money(obj.signed_value, PIVOT_CURRENCY)

    @staticmethod
    def resolve_paid_in(obj: ConsultantRow) -> dict[str, str] | None:
        return money(obj.paid_in, PIVOT_CURRENCY)

    @staticmethod
    def resolve_reward_due(obj: ConsultantRow) -> dict[str, str] | None:
        return money(obj.reward_due, PIVOT_CURRENCY)


class ConsultantRankingOut(Schema):
    start: dt.date | None
    end: dt.date
    rows: list[RankingRowOut] = Field(description="Best first: signed value, signed, referrals.")
