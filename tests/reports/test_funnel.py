"""The funnel and the "reached" filter read Project.furthest_stage_index; on a varied data set
(the synthetic one and histories written by hand) they give what the stage changes give, as
written by the generator, the import and the migration's backfill."""

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.models import Count, Q
from django.test.utils import CaptureQueriesContext

from tests.factories.pipeline import ProjectFactory
from tests.reports.test_imports import check, csv_file, good_rows, run, upload
from zoneinvest.demo.synth import SynthSize, synth_generate
from zoneinvest.pipeline.models import Project, StageChange
from zoneinvest.pipeline.selectors import ProjectFilters, project_list, project_scope
from zoneinvest.pipeline.stages import BOARD_COLUMNS, MAIN_ROAD, Stage, reached_through, road_index
from zoneinvest.reports.selectors import _reached, kpis

BEFORE = ("pipeline", "0010_fewer_write_indexes")
SMALL = SynthSize(
    zones=2,
    companies=40,
    projects=400,
    activities=400,
    seed=11,
    consultants=4,
    as_of=dt.date(2026, 6, 30),
)
LEAD, QUAL, NEG = Stage.LEAD, Stage.QUALIFIED, Stage.NEGOTIATING
HOLD, LOST = Stage.ON_HOLD, Stage.LOST
HISTORIES = {
    "lead only": [LEAD],
    "walked to registered": list(MAIN_ROAD[: road_index(Stage.REGISTERED) + 1]),
    "operating": list(MAIN_ROAD),
    "held at negotiating": [LEAD, QUAL, NEG, HOLD],
    "lost and back to lead": [LEAD, QUAL, LOST, LEAD],
    "imported at negotiating": [NEG],
    "only on hold": [HOLD],
    "moved back": [LEAD, QUAL, NEG, QUAL],
    "resumed": [LEAD, QUAL, HOLD, QUAL, NEG],
}


# The oracles: what the funnel and the filter computed from the stage changes before the column.


def _old_reached(projects) -> dict[str, int]:
    return StageChange.objects.filter(project__in=projects.values("pk")).aggregate(
        **{
            stage.value: Count(
                "project", distinct=True, filter=Q(to_stage__in=reached_through(stage))
            )
            for stage in MAIN_ROAD
        }
    )


def _old_reached_ids(stage: Stage) -> set[int]:
    changes = StageChange.objects.filter(to_stage__in=reached_through(stage))
    return set(changes.values_list("project_id", flat=True))


def _furthest_from_history() -> dict[int, int | None]:
    furthest: dict[int, int | None] = dict.fromkeys(Project.objects.values_list("pk", flat=True))
    for project_id, stage in StageChange.objects.values_list("project_id", "to_stage"):
        index = road_index(stage)
        if index is not None:
            furthest[project_id] = max(index, furthest[project_id] or 0)
    return furthest


def _hand_written(world) -> None:
    """Histories as rows (bulk: no model code runs), with the column left empty."""
    changes = []
    for title, road in HISTORIES.items():
        confidential = title == "operating"
        project = ProjectFactory(
            zone=world.zone, title_en=title, confidential=confidential, owner=world.officer2
        )
        changes += [
            StageChange(zone=world.zone, project=project, from_stage="", to_stage=stage)
            for stage in road
        ]
    StageChange.objects.bulk_create(changes)


def _zones() -> set[int]:
    return set(Project.objects.values_list("zone", flat=True))


def _assert_same_as_the_stage_changes(world) -> None:
    assert dict(Project.objects.values_list("pk", "furthest_stage_index")) == (
        _furthest_from_history()
    )
    for projects in (
        Project.objects.all(),
        *(Project.objects.filter(zone=zone) for zone in _zones()),
        project_scope(user=world.officer),  # without another's confidential project
    ):
        assert _reached(projects) == _old_reached(projects)
    funnel = {step.stage: step.reached for step in kpis(user=world.director).funnel}
    assert funnel == _old_reached(project_scope(user=world.director))
    visible = set(project_scope(user=world.director).values_list("pk", flat=True))
    for stage in BOARD_COLUMNS:
        listed = project_list(user=world.director, filters=ProjectFilters(reached=stage))
        assert set(listed.values_list("pk", flat=True)) == _old_reached_ids(stage) & visible


def _migrate(target: list[tuple[str, str]]) -> None:
    executor = MigrationExecutor(connection)
    executor.migrate(target)


@pytest.mark.django_db(transaction=True)
def test_the_backfill_gives_the_funnel_the_stage_changes_gave(world):
    synth_generate(size=SMALL)
    _hand_written(world)
    assert Project.objects.filter(furthest_stage_index__isnull=True).count() > len(HISTORIES)
    _migrate([BEFORE])
    _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
    _assert_same_as_the_stage_changes(world)
    funnel = _reached(Project.objects.all())
    assert funnel[Stage.LEAD] > funnel[Stage.SIGNED] > funnel[Stage.OPERATING] > 0


def test_the_synthetic_projects_carry_the_furthest_stage_of_their_history(world):
    synth_generate(size=SMALL)
    synthetic = Project.objects.exclude(zone=world.zone)
    furthest = _furthest_from_history()
    assert {p: furthest[p] for p in synthetic.values_list("pk", flat=True)} == dict(
        synthetic.values_list("pk", "furthest_stage_index")
    )
    assert _reached(synthetic) == _old_reached(synthetic)


@pytest.mark.django_db(transaction=True)
def test_imported_projects_stand_at_the_stage_they_were_imported_at(world):
    job = run(world, check(world, upload(world, csv_file(good_rows(world)))))
    imported = dict(
        Project.objects.filter(source="import").values_list("external_id", "furthest_stage_index")
    )
    assert imported == {"P-1": 0, "P-2": road_index(Stage.QUALIFIED), "P-3": 0}
    assert job.result["created"] == 3
    _assert_same_as_the_stage_changes(world)


def test_the_funnel_is_one_query(world):
    _hand_written(world)
    projects = project_scope(user=world.director)
    with CaptureQueriesContext(connection) as captured:
        _reached(projects)
    assert len(captured) == 1


def test_the_kpis_without_a_campaign_take_seven_queries(world):
    """The user's zones, the funnel with the capital contracted (two before), the chains, one
    grouped query for the three breakdowns (three before), the capital arrived, every year's
    targets (the year and its targets were two), the latest campaign; no rate (all in yuan)."""
    _hand_written(world)
    Project.objects.filter(title_en__in=["walked to registered", "operating"]).update(
        stage=Stage.REGISTERED, chain=world.chain
    )
    with CaptureQueriesContext(connection) as captured:
        result = kpis(user=world.director)
    assert len(captured) == 7, [q["sql"][:80] for q in captured]
    assert [b.projects for b in result.by_chain] == [2]
