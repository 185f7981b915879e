import datetime as dt
from decimal import Decimal

import pytest

from tests.factories.accounts import UserFactory
from zoneinvest.accounts.models import Role
from zoneinvest.consultants import services
from zoneinvest.consultants.models import Referral
from zoneinvest.consultants.selectors import (
    consultant_ranking,
    referral_rewards,
    referral_views,
)
from zoneinvest.consultants.services import AlreadyReferred
from zoneinvest.pipeline.models import Source
from zoneinvest.pipeline.services import (
    capital_arrival_record,
    company_create,
    company_merge,
    project_change_stage,
)
from zoneinvest.pipeline.stages import Stage

M = Decimal(10) ** 6


@pytest.fixture
def consultants(world):
    other_user = UserFactory(username="consultant2", role=Role.CONSULTANT, zones=[world.zone])
    first = services.consultant_create(
        zone=world.zone, name_en="Li Zexiang", user=world.consultant, by=world.director
    )
    second = services.consultant_create(
        zone=world.zone, name_en="Denis Depoux", user=other_user, by=world.director
    )
    services.reward_rule_create(
        zone=world.zone,
        name="Paid-in rule",
        valid_from=dt.date(2022, 1, 1),
        base="paid_in",
        minimum_project_size=100 * M,
        cap=5 * M,
        bands=[{"lower": Decimal(0), "upper": None, "rate": Decimal("1"), "fixed": None}],
        by=world.director,
    )
    return first, second


def refer(world, consultant, name="Voltstore GmbH", country="DE"):
    return services.referral_submit(
        consultant=consultant, company_name_en=name, country=country, by=consultant.user
    )


def test_a_referral_opens_a_lead_with_the_consultant_as_source_and_no_owner(world, consultants):
    referral = refer(world, consultants[0])
    assert referral.status == Referral.Status.VALID
    assert referral.project.stage == Stage.LEAD
    assert referral.project.source == Source.CONSULTANT
    assert referral.project.owner is None


def test_the_first_claim_stands_and_a_second_consultant_waits_for_a_director(world, consultants):
    first = refer(world, consultants[0])
    second = refer(world, consultants[1], name="VOLTSTORE gmbh.")
    assert second.status == Referral.Status.CONFLICT
    assert second.company == first.company
    services.referral_resolve(winner=second, by=world.director, note="Met them first")
    first.refresh_from_db()
    assert (first.status, Referral.objects.get(pk=second.pk).status) == ("rejected", "valid")


def test_the_same_consultant_cannot_claim_twice(world, consultants):
    refer(world, consultants[0])
    with pytest.raises(AlreadyReferred):
        refer(world, consultants[0])


def arrive(world, project, amount):
    capital_arrival_record(
        project=project, date=dt.date(2024, 3, 1), amount=amount, by=world.officer
    )


def _signed(world, referral, amount=300 * M):
    project = project_change_stage(
        project=referral.project,
        to=Stage.QUALIFIED,
        by=world.officer,
        values={"sector": "manufacturing", "chain": world.chain, "owner": world.officer},
    )
    project = project_change_stage(
        project=project,
        to=Stage.NEGOTIATING,
        by=world.officer,
        values={"total_investment": amount, "est_signing_date": dt.date(2024, 1, 1)},
    )
    from zoneinvest.events.services import signing_record

    signing_record(project=project, date=dt.date(2024, 1, 10), amount=amount, by=world.officer)
    project.refresh_from_db()
    return project


def test_a_consultant_sees_amounts_only_once_the_project_is_signed(world, consultants):
    referral = refer(world, consultants[0])
    (view,) = referral_views(user=world.consultant)
    assert view.amount is None
    _signed(world, referral)
    (view,) = referral_views(user=world.consultant)
    assert view.amount == 300 * M
    assert referral_views(user=consultants[1].user) == []


def test_the_reward_is_due_only_on_capital_that_arrived(world, consultants):
    referral = refer(world, consultants[0])
    project = _signed(world, referral)
    referral.refresh_from_db()
    assert referral_rewards(referrals=[referral])[referral.pk].due == 0
    capital_arrival_record(
        project=project, date=dt.date(2024, 3, 1), amount=120 * M, by=world.officer
    )
    assert referral_rewards(referrals=[referral])[referral.pk].due == Decimal("1.2") * M
    assert referral_rewards(referrals=[referral], on=dt.date(2024, 2, 1))[referral.pk].due == 0


def test_attribution_and_reward_survive_a_merge_of_two_companies(world, consultants):
    referral = refer(world, consultants[0], name="Voltstore Energy")
    project = _signed(world, referral)
    capital_arrival_record(
        project=project, date=dt.date(2024, 3, 1), amount=50 * M, by=world.officer
    )
    survivor = company_create(
        zone=world.zone, name_en="Voltstore AG", country="CH", by=world.officer
    )
    company_merge(survivor=survivor, duplicate=referral.company, by=world.director)
    referral.refresh_from_db()
    assert referral.project.company == survivor
    assert referral_rewards(referrals=[referral])[referral.pk].due == Decimal("0.5") * M
    # A later claim on the surviving company by another consultant is a conflict, not a new lead.
    later = refer(world, consultants[1], name="Voltstore AG", country="CH")
    assert later.status == Referral.Status.CONFLICT


def test_the_ranking_is_computed_from_records(world, consultants):
    referral = refer(world, consultants[0])
    _signed(world, referral, amount=800 * M)
    refer(world, consultants[1], name="Other Co")
    ranking = consultant_ranking(user=world.director)
    assert [row.consultant for row in ranking] == list(consultants)
    assert ranking[0].signed == 1
    assert ranking[0].signed_value == 800 * M
    assert ranking[1].referrals == 1
    assert consultant_ranking(user=world.consultant)[0].consultant == consultants[0]


def test_a_claim_on_a_company_the_bureau_already_works_with_waits_for_a_director(
    world, consultants
):
    referral = refer(world, consultants[0], name=world.company.name_en, country="DE")
    assert referral.status == Referral.Status.CONFLICT
    assert referral.project == world.project
    services.referral_resolve(winner=referral, by=world.director)
    referral.refresh_from_db()
    assert referral.status == Referral.Status.VALID
