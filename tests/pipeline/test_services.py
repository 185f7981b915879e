import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.factories.pipeline import CompanyFactory, ContactFactory, ProjectFactory
from zoneinvest.core.errors import StaleEdit, ValidationFailed
from zoneinvest.core.models import AuditEvent
from zoneinvest.pipeline import services
from zoneinvest.pipeline.services import (
    DuplicateCompany,
    InvalidStageTransition,
    MissingStageFields,
)
from zoneinvest.pipeline.stages import MAIN_ROAD, Stage, fields_required_at, is_allowed


@pytest.mark.parametrize(
    ("name", "normalized"),
    [
        ("Bosch GmbH", "bosch"),
        ("BOSCH  G.m.b.H.", "bosch"),
        ("Robert Bosch Co., Ltd.", "robert bosch"),
        ("长安汽车股份有限公司", "长安汽车"),
        ("Procter & Gamble", "procter and gamble"),
    ],
)
def test_company_names_are_normalised_for_deduplication(name, normalized):
    assert services.company_normalize_name(name) == normalized


def test_a_duplicate_company_is_refused_and_names_the_existing_record(world):
    with pytest.raises(DuplicateCompany, match="already recorded as “Bosch GmbH”"):
        services.company_create(
            zone=world.zone, name_en="BOSCH gmbh.", country="DE", by=world.officer
        )


def test_the_same_name_in_another_country_or_zone_is_not_a_duplicate(world):
    services.company_create(zone=world.zone, name_en="Bosch", country="FR", by=world.officer)
    services.company_create(zone=world.other_zone, name_en="Bosch", country="DE", by=world.outsider)


def test_merging_moves_projects_contacts_and_history_to_the_survivor(world):
    duplicate = CompanyFactory(zone=world.zone, name_en="Bosch China", country="CN")
    project = ProjectFactory(zone=world.zone, company=duplicate)
    contact = ContactFactory(company=duplicate)
    services.activity_record(
        kind="call", date=dt.date(2024, 1, 1), by=world.officer, project=project
    )
    survivor = services.company_merge(
        survivor=world.company, duplicate=duplicate, by=world.director
    )
    project.refresh_from_db(), contact.refresh_from_db(), duplicate.refresh_from_db()
    assert project.company == survivor
    assert contact.company == survivor
    assert survivor.activities.count() == 1
    assert duplicate.merged_into == survivor
    assert AuditEvent.objects.filter(
        verb="pipeline.company.absorbed", object_id=str(survivor.pk)
    ).exists()


def test_a_project_cannot_use_a_company_of_another_zone(world):
    foreign = CompanyFactory(zone=world.other_zone)
    with pytest.raises(ValidationFailed) as caught:
        services.project_create(zone=world.zone, title_en="X", company=foreign, by=world.officer)
    assert "company" in caught.value.details["fields"]


def test_signing_needs_investor_amount_and_signing_date(world):
    project = services.project_create(zone=world.zone, title_en="Bare lead", by=world.officer)
    with pytest.raises(MissingStageFields) as caught:
        services.project_change_stage(project=project, to=Stage.QUALIFIED, by=world.officer)
    assert set(caught.value.details["fields"]) == {"company", "sector", "chain"}
    assert "investor" in caught.value.message
    assert "industry chain" in caught.value.message
    project.refresh_from_db()
    assert project.stage == Stage.LEAD
    assert project.version == 1


def test_required_fields_grow_along_the_road():
    assert {"company", "total_investment", "signing_date"} <= set(fields_required_at(Stage.SIGNED))
    assert "signing_date" not in fields_required_at(Stage.NEGOTIATING)
    assert set(fields_required_at(Stage.QUALIFIED)) < set(fields_required_at(Stage.OPERATING))


def test_a_stale_stage_change_is_refused(world):
    project = world.project
    seen = project.version
    services.project_update(project=project, version=seen, by=world.officer2, expected_jobs=10)
    with pytest.raises(StaleEdit, match="Officer2 saved this record"):
        services.project_change_stage(
            project=project, to=Stage.ON_HOLD, by=world.officer, version=seen
        )


def test_losing_a_project_needs_a_reason_and_keeps_the_competitor(world):
    with pytest.raises(MissingStageFields, match="Say why"):
        services.project_change_stage(project=world.project, to=Stage.LOST, by=world.officer)
    lost = services.project_change_stage(
        project=world.project,
        to=Stage.LOST,
        by=world.officer,
        reason="Chose a coastal site",
        lost_to="Suzhou",
    )
    assert (lost.lost_reason, lost.lost_to) == ("Chose a coastal site", "Suzhou")
    revived = services.project_change_stage(project=lost, to=Stage.LEAD, by=world.officer)
    assert revived.lost_reason == ""


def test_a_held_project_resumes_only_where_it_was_held(world):
    held = services.project_change_stage(project=world.project, to=Stage.ON_HOLD, by=world.officer)
    assert held.held_from_stage == Stage.LEAD
    with pytest.raises(InvalidStageTransition, match="Allowed: Lead, Lost"):
        services.project_change_stage(project=held, to=Stage.NEGOTIATING, by=world.officer)
    assert (
        services.project_change_stage(project=held, to=Stage.LEAD, by=world.officer).stage
        == Stage.LEAD
    )


def test_editing_cannot_blank_a_field_the_stage_requires(world):
    project = services.project_change_stage(
        project=world.project,
        to=Stage.QUALIFIED,
        by=world.officer,
        values={"sector": "manufacturing"},
    )
    with pytest.raises(MissingStageFields):
        services.project_update(
            project=project, version=project.version, by=world.officer, chain=None
        )


def test_paid_in_capital_must_be_positive_and_is_audited(world):
    with pytest.raises(ValidationFailed):
        services.capital_arrival_record(
            project=world.project, date=dt.date(2024, 1, 1), amount=Decimal(0), by=world.officer
        )
    services.capital_arrival_record(
        project=world.project, date=dt.date(2024, 1, 1), amount=Decimal(5), by=world.officer
    )
    assert AuditEvent.objects.filter(verb="pipeline.project.capital_arrived").count() == 1


def test_a_task_cannot_be_assigned_to_someone_outside_the_zone(world):
    with pytest.raises(ValidationFailed):
        services.task_create(
            zone=world.zone,
            title="Call",
            due_date=dt.date(2024, 1, 1),
            assignee=world.outsider,
            by=world.officer,
        )


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(list(Stage)), st.sampled_from(list(Stage)))
def test_the_transition_table_only_allows_one_step_on_the_road_or_a_side_exit(source, target):
    if not is_allowed(source, target):
        return
    if source in MAIN_ROAD and target in MAIN_ROAD:
        assert abs(MAIN_ROAD.index(source) - MAIN_ROAD.index(target)) == 1
    assert source != Stage.OPERATING


def test_a_project_takes_its_sector_from_its_chain_when_none_is_given(world):
    project = services.project_create(
        zone=world.zone, title_en="No sector", company=world.company, by=world.officer
    )
    qualified = services.project_change_stage(
        project=project, to=Stage.QUALIFIED, by=world.officer, values={"chain": world.chain}
    )
    assert qualified.sector == world.chain.sector
