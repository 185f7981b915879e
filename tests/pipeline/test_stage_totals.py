"""The board's stage totals (pipeline/totals.py): kept with every way a project is written,
read by the board instead of counting every project, counted again by `zoneinvest recount`.

Every test of the suite also ends by comparing them with the projects (tests/conftest.py)."""

import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories.pipeline import ProjectFactory
from zoneinvest.core.bulk import BulkWriter, allocate_ids, fast_insert
from zoneinvest.pipeline.models import Project, StageTotal
from zoneinvest.pipeline.selectors import (
    ProjectFilters,
    pipeline_board,
    project_count,
    project_list,
)
from zoneinvest.pipeline.services import project_change_stage, project_create, project_update
from zoneinvest.pipeline.totals import stage_totals_differences, stage_totals_rebuild


def kept(zone, stage, currency="CNY", confidential=False):
    row = StageTotal.objects.filter(
        zone=zone, stage=stage, currency=currency, confidential=confidential
    ).first()
    return (row.projects, row.total_cents) if row else (0, 0)


def column(user, stage, filters=None):
    return next(c for c in pipeline_board(user=user, filters=filters) if c.stage == stage)


def test_services_keep_the_totals(world):
    start = kept(world.zone, "lead")
    project = project_create(
        zone=world.zone,
        title_en="Cell plant",
        by=world.director,
        total_investment=Decimal("12.34"),
        company=world.company,
        sector="manufacturing",
        chain=world.chain,
    )
    assert kept(world.zone, "lead") == (start[0] + 1, start[1] + 1234)
    project = project_update(
        project=project, version=project.version, by=world.director, currency="USD"
    )
    assert kept(world.zone, "lead", "USD") == (1, 1234)
    project_change_stage(project=project, to="qualified", by=world.director)
    assert kept(world.zone, "lead", "USD") == (0, 0)
    assert kept(world.zone, "qualified", "USD") == (1, 1234)
    assert stage_totals_differences() == {}


def test_saves_of_instances_read_in_part_or_stale_keep_the_totals(world):
    project = ProjectFactory(zone=world.zone, stage="lead", total_investment=Decimal(5))
    partial = Project.objects.only("id", "stage").get(pk=project.pk)
    partial.stage = "qualified"
    partial.save(update_fields=["stage"])
    assert stage_totals_differences() == {}
    # `project` still says lead: saving it writes lead back, from qualified.
    project.confidential = True
    project.save()
    assert kept(world.zone, "lead", confidential=True) == (1, 500)
    assert stage_totals_differences() == {}
    stale = Project.objects.get(pk=project.pk)
    Project.objects.filter(pk=project.pk).update(stage="negotiating")
    stale.title_en = "Renamed"
    stale.save(update_fields=["title_en"])  # writes no counted field: the stored stage stays
    assert stage_totals_differences() == {}
    stale.delete()
    assert stage_totals_differences() == {}


def test_queryset_writes_keep_the_totals(world):
    a, b = ProjectFactory.create_batch(2, zone=world.zone, stage="lead")
    Project.objects.filter(stage="lead", zone=world.zone).update(stage="negotiating")
    assert stage_totals_differences() == {}
    a.currency, b.confidential = "EUR", True
    Project.objects.bulk_update([a, b], ["currency", "confidential"])
    assert stage_totals_differences() == {}
    Project.objects.bulk_create(
        [Project(zone=world.zone, title_en="Bulk", total_investment=Decimal("0.5"))]
    )
    assert stage_totals_differences() == {}
    Project.objects.filter(pk=a.pk).update(title_en="Not counted")  # no recount needed
    Project.objects.filter(zone=world.zone).delete()
    assert stage_totals_differences() == {}
    assert not StageTotal.objects.filter(zone=world.zone).exclude(projects=0).exists()


def _bulk_row(world, stage):
    return {
        "zone": world.zone,
        "title": "B",
        "title_en": "B",
        "stage": stage,
        "currency": "USD",
        "total_investment": Decimal("2.50"),
    }


@pytest.mark.django_db(transaction=True)
def test_bulk_writes_keep_the_totals(world):
    from django.db import transaction

    with transaction.atomic():
        fast_insert(Project, [_bulk_row(world, "lead")])
        with BulkWriter() as writer:
            rows = [_bulk_row(world, "signed") for _ in range(3)]
            writer.insert(Project, rows, allocate_ids(Project, 3))
    assert kept(world.zone, "signed", "USD") == (3, 750)
    assert stage_totals_differences() == {}


def _import_that_stops(world):
    from django.db import transaction

    with transaction.atomic(), BulkWriter() as writer:
        writer.insert(Project, [_bulk_row(world, "signed")], allocate_ids(Project, 1))
        raise RuntimeError("the import stops")


@pytest.mark.django_db(transaction=True)
def test_a_bulk_write_rolled_back_leaves_its_totals_rolled_back_too(world):
    with pytest.raises(RuntimeError):
        _import_that_stops(world)
    assert kept(world.zone, "signed", "USD") == (0, 0)
    assert not Project.objects.filter(zone=world.zone, stage="signed").exists()


def _stop_inside_the_block(world):
    with BulkWriter() as writer:
        writer.insert(Project, [_bulk_row(world, "signed")], allocate_ids(Project, 1))
        raise RuntimeError("the caller's own error")


@pytest.mark.django_db(transaction=True)
def test_rows_kept_after_a_caller_s_error_in_the_block_are_counted(world):
    """The caller catches its error and commits: the rows sent stay, and so do their totals."""
    from django.db import transaction

    with transaction.atomic():
        with pytest.raises(RuntimeError):
            _stop_inside_the_block(world)
    assert Project.objects.filter(zone=world.zone, stage="signed").count() == 1
    assert kept(world.zone, "signed", "USD") == (1, 250)


def test_the_board_reads_the_kept_totals_and_recount_repairs_them(world):
    ProjectFactory(zone=world.zone, stage="negotiating", total_investment=Decimal(100))
    StageTotal.objects.filter(zone=world.zone, stage="negotiating").update(projects=99)
    assert column(world.director, "negotiating").count == 99  # read from the totals
    with pytest.raises(CommandError):
        call_command("recount", "--check", stdout=io.StringIO())
    call_command("recount", stdout=io.StringIO())
    assert column(world.director, "negotiating").count == 1
    call_command("recount", "--check", stdout=io.StringIO())


def test_an_officer_counts_the_open_projects_and_their_own_confidential_ones(world):
    ProjectFactory(zone=world.zone, stage="qualified", total_investment=Decimal(1))
    ProjectFactory(zone=world.zone, stage="qualified", confidential=True, owner=world.officer)
    ProjectFactory(zone=world.zone, stage="qualified", confidential=True, owner=world.officer2)
    assert column(world.director, "qualified").count == 3
    assert column(world.officer, "qualified").count == 2
    assert column(world.officer2, "qualified").count == 2
    # A consultant (who sees none of the pipeline) and another zone's officer: nothing.
    assert column(world.consultant, "qualified").count == 0
    assert column(world.outsider, "qualified").count == 0


def test_a_filtered_board_counts_the_projects(world):
    ProjectFactory(zone=world.zone, stage="qualified", total_investment=Decimal(1))
    ProjectFactory(zone=world.zone, stage="qualified", total_investment=Decimal(500))
    StageTotal.objects.filter(zone=world.zone, stage="qualified").update(projects=77)
    filtered = ProjectFilters(min_amount=Decimal(100))
    assert column(world.director, "qualified", filtered).count == 1
    stage_totals_rebuild()


# ---------------------------------------------------------------- the list's count


@pytest.fixture
def mixed(world):
    """Projects of both zones, several stages and currencies, some confidential (of two
    officers), some lost."""
    for stage, currency, confidential, owner in (
        ("lead", "CNY", False, world.officer),
        ("lead", "USD", False, world.officer2),
        ("lead", "CNY", True, world.officer),
        ("lead", "EUR", True, world.officer2),
        ("qualified", "CNY", True, world.officer),
        ("negotiating", "USD", False, None),
        ("lost", "CNY", False, world.officer2),
    ):
        ProjectFactory(
            zone=world.zone, stage=stage, currency=currency, confidential=confidential, owner=owner
        )
    ProjectFactory(zone=world.other_zone, stage="lead")
    ProjectFactory(zone=world.other_zone, stage="lead", confidential=True)
    return world


COUNTED_BY = ("director", "officer", "officer2", "analyst", "consultant", "admin", "outsider")


@pytest.mark.parametrize("who", COUNTED_BY)
@pytest.mark.parametrize(
    "filters",
    [
        {},
        {"stage": "lead"},
        {"stage": "qualified"},
        {"stage": "signed"},
        {"zone": "zone"},
        {"zone": "zone", "stage": "lead"},
        {"zone": "other_zone"},
        {"stage": "lead", "min_amount": Decimal("1")},  # counted from the projects
        {"reached": "qualified"},
    ],
    ids=lambda f: ",".join(f) or "none",
)
def test_the_lists_count_is_what_the_list_holds(mixed, who, filters):
    values = dict(filters)
    if "zone" in values:
        values["zone"] = getattr(mixed, values["zone"]).pk
    user = getattr(mixed, who)
    chosen = ProjectFilters(**values)
    assert (
        project_count(user=user, filters=chosen) == project_list(user=user, filters=chosen).count()
    )


def test_a_director_s_count_of_a_stage_reads_the_kept_totals_not_the_projects(mixed):
    with CaptureQueriesContext(connection) as queries:
        count = project_count(user=mixed.director, filters=ProjectFilters(stage="lead"))
    assert count == 5  # the world's project and four of `mixed`
    sql = [query["sql"] for query in queries]
    assert sum('"pipeline_stagetotal"' in text for text in sql) == 1, sql
    assert not any('"pipeline_project"' in text for text in sql), sql
