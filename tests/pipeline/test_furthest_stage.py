"""Project.furthest_stage_index follows the project's stage changes: raised by every move along
the main road, never lowered by a move back, a hold, a loss or a resumption."""

import datetime as dt
from decimal import Decimal

import pytest

from tests.factories.pipeline import CompanyFactory
from zoneinvest.events.services import signing_record
from zoneinvest.pipeline.models import Project, StageChange
from zoneinvest.pipeline.services import (
    MissingStageFields,
    project_change_stage,
    project_create,
)
from zoneinvest.pipeline.stages import Stage, road_index


def _furthest(project: Project) -> int | None:
    return Project.objects.values_list("furthest_stage_index", flat=True).get(pk=project.pk)


def _negotiating(world) -> Project:
    company = CompanyFactory(zone=world.zone)
    project = project_create(zone=world.zone, title_en="Cells", company=company, by=world.officer)
    project = project_change_stage(
        project=project,
        to=Stage.QUALIFIED,
        by=world.officer,
        values={"sector": "manufacturing", "chain": world.chain, "owner": world.officer},
    )
    return project_change_stage(
        project=project,
        to=Stage.NEGOTIATING,
        by=world.officer,
        values={"total_investment": Decimal("1e8"), "est_signing_date": dt.date(2024, 1, 1)},
    )


def test_a_new_project_stands_at_the_start_of_the_road(world):
    project = project_create(zone=world.zone, title_en="New", by=world.officer)
    assert project.furthest_stage_index == 0
    assert _furthest(project) == 0


def test_each_step_forward_raises_it_in_the_row_and_in_the_returned_project(world):
    project = _negotiating(world)
    assert project.furthest_stage_index == _furthest(project) == road_index(Stage.NEGOTIATING)
    signing_record(
        project=project,
        date=dt.date(2024, 2, 1),
        amount=Decimal("1e8"),
        by=world.officer,
        event=None,
        venue=None,
        kind="new",
    )
    assert _furthest(project) == road_index(Stage.SIGNED)


def test_a_move_back_a_hold_a_loss_and_a_resumption_keep_it(world):
    project = _negotiating(world)
    negotiating = road_index(Stage.NEGOTIATING)
    project = project_change_stage(project=project, to=Stage.QUALIFIED, by=world.officer)
    assert _furthest(project) == negotiating
    project = project_change_stage(project=project, to=Stage.ON_HOLD, by=world.officer)
    assert _furthest(project) == negotiating
    project = project_change_stage(project=project, to=Stage.QUALIFIED, by=world.officer)
    assert _furthest(project) == negotiating
    project = project_change_stage(
        project=project, to=Stage.LOST, by=world.officer, reason="Chose Chengdu"
    )
    assert _furthest(project) == negotiating
    project = project_change_stage(project=project, to=Stage.LEAD, by=world.officer)
    assert project.furthest_stage_index == _furthest(project) == negotiating


def test_a_refused_move_leaves_it_as_it_was(world):
    project = project_create(zone=world.zone, title_en="Bare", by=world.officer)
    with pytest.raises(MissingStageFields):  # it lacks what "qualified" needs
        project_change_stage(project=project, to=Stage.QUALIFIED, by=world.officer)
    project.refresh_from_db()
    assert project.stage == Stage.LEAD
    assert _furthest(project) == 0


def test_a_stage_change_written_on_its_own_raises_its_project_too(world):
    project = world.project  # written by a factory: no history, never on the road
    assert _furthest(project) is None
    StageChange.objects.create(zone=world.zone, project=project, to_stage=Stage.ON_HOLD)
    assert _furthest(project) is None
    StageChange.objects.create(zone=world.zone, project=project, to_stage=Stage.SIGNED)
    assert project.furthest_stage_index == _furthest(project) == road_index(Stage.SIGNED)
    StageChange.objects.create(zone=world.zone, project_id=project.pk, to_stage=Stage.LEAD)
    assert _furthest(project) == road_index(Stage.SIGNED)
    StageChange.objects.create(zone=world.zone, project_id=project.pk, to_stage=Stage.OPERATING)
    assert _furthest(project) == road_index(Stage.OPERATING)
