"""On PostgreSQL the audit trail is append-only: a trigger refuses UPDATE, DELETE and TRUNCATE of
core_auditevent (migration core 0002), whoever sends them (the ORM or raw SQL)."""

import pytest
from django.db import DatabaseError, connection, transaction

from zoneinvest.core.audit import audit_record
from zoneinvest.core.models import AuditEvent

pytestmark = pytest.mark.postgres


@pytest.fixture
def event(world):
    if connection.vendor != "postgresql":
        pytest.skip(
            "the append-only trigger exists on PostgreSQL only (SQLite: no trigger; "
            "Django empties SQLite tables between tests with DELETE)"
        )
    return audit_record(actor=world.officer, verb="test.written", obj=world.company, zone=None)


def _refused(run):
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        run()


def test_an_event_can_be_written_and_read(event):
    assert AuditEvent.objects.get(pk=event.pk).verb == "test.written"


def test_the_orm_cannot_change_an_event(event):
    _refused(lambda: AuditEvent.objects.filter(pk=event.pk).update(verb="test.forged"))
    event.verb = "test.forged"
    _refused(event.save)
    assert AuditEvent.objects.get(pk=event.pk).verb == "test.written"


def test_the_orm_cannot_delete_an_event(event):
    _refused(event.delete)
    _refused(lambda: AuditEvent.objects.all().delete())
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def _sql(statement, *params):
    with connection.cursor() as cursor:
        cursor.execute(statement, params or None)


def test_raw_sql_cannot_change_or_delete_an_event(event):
    _refused(lambda: _sql("UPDATE core_auditevent SET actor_id = NULL WHERE id = %s", event.pk))
    _refused(lambda: _sql("DELETE FROM core_auditevent WHERE id = %s", event.pk))
    _refused(lambda: _sql("DELETE FROM core_auditevent"))
    assert AuditEvent.objects.get(pk=event.pk).actor_id is not None


def test_truncate_is_refused_unless_a_wipe_is_asked_for(event):
    # (In a test database, `zoneinvest.allow_audit_truncate` unset means on: Django's test
    # runner empties every table with one TRUNCATE between transactional tests.)
    def truncate_with(setting):
        _sql("SET CONSTRAINTS ALL IMMEDIATE")  # the event's deferred key checks, done now
        _sql("SELECT set_config('zoneinvest.allow_audit_truncate', %s, true)", setting)
        _sql("TRUNCATE core_auditevent")

    _refused(lambda: truncate_with("off"))
    assert AuditEvent.objects.filter(pk=event.pk).exists()
    with transaction.atomic():
        truncate_with("on")
        assert not AuditEvent.objects.exists()
        transaction.set_rollback(True)
    assert AuditEvent.objects.filter(pk=event.pk).exists()
