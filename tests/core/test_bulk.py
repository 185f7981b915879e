"""`core.bulk.BulkWriter`: rows written in batches keep their foreign keys honest.

On PostgreSQL, a role that may set `session_replication_role` has the row triggers turned off
while the batches are sent, and the keys checked in bulk at the end of the block; any other role
has them checked by the database, batch by batch. Both must refuse a row that points at nothing,
write nothing of the block, and leave the connection as it found it.
"""

import datetime as dt
import gc
from decimal import Decimal
from typing import Any

import psycopg
import pytest
from axes.models import AccessLog
from django.db import IntegrityError, connection, transaction

from tests.factories.core import ZoneFactory
from tests.factories.pipeline import CompanyFactory
from zoneinvest.core import bulk
from zoneinvest.core.bulk import BulkWriter, allocate_ids, fast_insert
from zoneinvest.pipeline.models import Company, Project, StageChange

ON_POSTGRESQL = connection.vendor == "postgresql"
postgresql_only = pytest.mark.skipif(
    not ON_POSTGRESQL, reason="needs PostgreSQL: COPY, row triggers and row locks are its own"
)


def _project(zone: Any, company_id: int | None, title: str = "Battery plant") -> dict[str, Any]:
    return {
        "zone": zone,
        "title": title,
        "title_en": title,
        "company_id": company_id,
        "stage": "lead",
    }


def _role() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SHOW session_replication_role")
        return str(cursor.fetchone()[0])


@pytest.fixture(params=["keys checked in bulk", "keys checked by the database"])
def path(request, monkeypatch) -> str:
    if request.param == "keys checked by the database":
        monkeypatch.setattr(bulk, "_may_turn_row_triggers_off", lambda: False)
    return str(request.param)


@pytest.mark.django_db
def test_rows_pointing_at_rows_of_the_block_and_rows_already_there_are_written(path):
    zone = ZoneFactory()
    known = CompanyFactory(zone=zone)
    new_id = allocate_ids(Company, 1)[0]
    with transaction.atomic(), BulkWriter() as writer:
        new = {"zone": zone, "name": "Neu AG", "name_en": "Neu AG", "normalized_name": "neu"}
        writer.insert(Company, [{**new, "country": "DE"}], [new_id])
        ids = allocate_ids(Project, 2)
        writer.insert(Project, [_project(zone, known.pk, "A"), _project(zone, new_id, "B")], ids)
        if ON_POSTGRESQL and path == "keys checked in bulk":
            assert _role() == "replica"  # the row triggers are off while the rows are sent
    written = dict(Project.objects.filter(pk__in=ids).values_list("title_en", "company_id"))
    assert written == {"A": known.pk, "B": new_id}
    if ON_POSTGRESQL:
        assert _role() == "origin"


def _write_good_rows_and_one_pointing_at(zone: Any, known: int, nowhere: int) -> None:
    with transaction.atomic(), BulkWriter() as writer:
        good = [_project(zone, known, f"Good {n}") for n in range(3)]
        writer.insert(Project, good, allocate_ids(Project, 3))
        writer.insert(Project, [_project(zone, nowhere)], allocate_ids(Project, 1))


def _leave_a_block_with_an_error(zone: Any) -> None:
    with BulkWriter() as writer:
        writer.insert(Project, [_project(zone, None)], allocate_ids(Project, 1))
        raise RuntimeError("the caller's own error")


def _create_a_project_pointing_at_nothing(zone: Any) -> None:
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # the trigger fires now
        Project.objects.create(zone=zone, title_en="X", title="X", company_id=10**9)


@postgresql_only
@pytest.mark.django_db
def test_a_row_pointing_at_nothing_is_refused_and_nothing_of_the_block_is_kept(path):
    zone = ZoneFactory()
    known = CompanyFactory(zone=zone)
    nowhere = known.pk + 1000
    before = Project.objects.count()
    with pytest.raises((IntegrityError, psycopg.IntegrityError)) as refused:
        _write_good_rows_and_one_pointing_at(zone, known.pk, nowhere)
    assert str(nowhere) in str(refused.value)
    assert Project.objects.count() == before
    assert _role() == "origin"
    Project.objects.create(zone=zone, title_en="After", title="After")  # the connection goes on


@postgresql_only
@pytest.mark.django_db
def test_leaving_the_block_on_an_error_puts_the_triggers_back_for_the_rest_of_the_transaction():
    zone = ZoneFactory()
    with transaction.atomic():
        with pytest.raises(RuntimeError):
            _leave_a_block_with_an_error(zone)
        assert _role() == "origin"
        with pytest.raises(IntegrityError):
            _create_a_project_pointing_at_nothing(zone)


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_the_rows_pointed_at_cannot_be_deleted_until_the_block_s_transaction_ends():
    """Without the row lock taken for each key, another session could delete the investor
    between the check and the commit, and the import would commit projects pointing at
    nothing."""
    zone = ZoneFactory()
    investor = CompanyFactory(zone=zone)
    params = connection.get_connection_params()
    other = psycopg.connect(
        host=params.get("host"),
        port=params.get("port"),
        user=params.get("user"),
        dbname=params["dbname"],
        autocommit=True,
    )
    try:
        with transaction.atomic():
            with BulkWriter() as writer:
                writer.insert(Project, [_project(zone, investor.pk)], allocate_ids(Project, 1))
            other.execute("SET lock_timeout = '200ms'")
            with pytest.raises(psycopg.errors.LockNotAvailable):
                other.execute("DELETE FROM pipeline_company WHERE id = %s", [investor.pk])
            transaction.set_rollback(True)
    finally:
        other.close()


@pytest.mark.parametrize("zone_given_as", ["object", "key"])
@pytest.mark.django_db
def test_a_project_written_in_bulk_reads_back_as_its_values(zone_given_as):
    """Whatever format the rows travel in (COPY's binary on PostgreSQL) and however they are
    read (value by value when a related object is given, in one call a row when only keys are),
    each value comes back as given: text with tabs, backslashes and Chinese, amounts (at the
    column's precision, as the writers give them), dates, aware times, flags and keys."""
    zone = ZoneFactory()
    company = CompanyFactory(zone=zone)
    at = dt.datetime(2026, 3, 1, 9, 30, 15, 123456, tzinfo=dt.UTC)
    given = _project(zone, company.pk, "Tab\there, back\\slash,\nnew line")
    if zone_given_as == "key":
        given["zone_id"] = given.pop("zone").pk
    row = {
        **given,
        "title_zh_hans": "电池工厂\t二期",
        "total_investment": Decimal("3010000000.25"),
        "land_mu": Decimal("120.5"),
        "expected_jobs": 800,
        "confidential": True,
        "est_signing_date": dt.date(2026, 6, 30),
        "stage_changed_at": at,
    }
    [pk] = fast_insert(Project, [row])
    project = Project.objects.get(pk=pk)
    assert project.title_en == "Tab\there, back\\slash,\nnew line"
    assert project.title_zh_hans == "电池工厂\t二期"  # type: ignore[attr-defined]
    assert project.total_investment == Decimal("3010000000.25")
    assert project.land_mu == Decimal("120.5")
    assert (project.expected_jobs, project.confidential) == (800, True)
    assert project.est_signing_date == dt.date(2026, 6, 30)
    assert project.stage_changed_at == at
    assert (project.zone_id, project.company_id) == (zone.pk, company.pk)


@postgresql_only
def test_batches_of_the_imported_tables_go_in_binary_and_a_table_with_an_inet_goes_as_text():
    for model in (Project, Company, StageChange):
        assert bulk._binary_types(tuple(model._meta.concrete_fields)) is not None, model
    assert bulk._binary_types(tuple(AccessLog._meta.concrete_fields)) is None  # an inet


@postgresql_only
@pytest.mark.django_db
def test_a_table_sent_as_text_is_written_too():
    [pk] = fast_insert(AccessLog, [{"ip_address": "10.0.0.7", "username": "officer"}])
    assert str(AccessLog.objects.get(pk=pk).ip_address) == "10.0.0.7"


@pytest.mark.django_db
def test_ids_allocated_together_are_new_and_distinct():
    first = allocate_ids(Company, 5)
    second = allocate_ids(Company, 3)
    assert len(set(first + second)) == 8
    assert min(second) > max(first)
    assert allocate_ids(Company, 0) == []


@postgresql_only
@pytest.mark.django_db
def test_ids_that_do_not_run_without_a_gap_are_each_read():
    """When the sequence hands out ids with gaps between them (another writer took some
    meanwhile; here, a sequence that counts in twos), every id is read back, not a range."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_get_serial_sequence('pipeline_company', 'id')")
        sequence = cursor.fetchone()[0]
        cursor.execute(f"ALTER SEQUENCE {sequence} INCREMENT BY 2")  # noqa: S608
    try:
        ids = allocate_ids(Company, 4)
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"ALTER SEQUENCE {sequence} INCREMENT BY 1")  # noqa: S608
    assert ids == [ids[0] + 2 * n for n in range(4)]


def test_the_collector_is_paused_for_the_block_and_on_again_after():
    assert gc.isenabled()
    with bulk.collector_paused():
        assert not gc.isenabled()
        with bulk.collector_paused():  # nested: the outermost block turns it on again
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()
    with pytest.raises(ValueError, match="boom"), bulk.collector_paused():
        raise ValueError("boom")
    assert gc.isenabled()


def test_the_collector_is_left_off_after_the_block_when_it_was_off_before():
    gc.disable()
    try:
        with bulk.collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()  # left as it was found
    finally:
        gc.enable()
