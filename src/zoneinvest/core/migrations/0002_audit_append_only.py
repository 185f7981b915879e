"""The audit trail becomes append-only.

1. Personal values already in the trail are replaced by "[personal data]" (from now on
   `core.audit.audit_record` never writes them): once the trigger is in place they could not be
   erased on a person's request.
2. `actor` is PROTECT: deleting a user would have set their events' actor to NULL, an UPDATE.
3. On PostgreSQL, a trigger refuses UPDATE, DELETE and TRUNCATE of core_auditevent. TRUNCATE
   passes only when the session sets `zoneinvest.allow_audit_truncate = on` (a deliberate wipe
   of a demo database) or, with the setting unset, in a test database (`test_…`: Django's
   test runner empties tables with TRUNCATE between transactional tests). SQLite: nothing.
"""

from django.conf import settings
from django.db import migrations, models

# The personal fields at the time of this migration (core/audit.py PERSONAL_FIELDS).
PERSONAL_FIELDS = {
    "pipeline.contact": {"name", "title", "email", "phone", "languages", "notes"},
    "portal.inquiry": {"name", "email", "message"},
}
PERSONAL_VALUE = "[personal data]"

CREATE = r"""
CREATE OR REPLACE FUNCTION zoneinvest_audit_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'TRUNCATE' AND coalesce(
        nullif(current_setting('zoneinvest.allow_audit_truncate', true), ''),
        CASE WHEN current_database() LIKE 'test\_%' THEN 'on' ELSE 'off' END
    ) = 'on' THEN
        RETURN NULL;
    END IF;
    RAISE EXCEPTION 'audit events are append-only (% refused)', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$;
CREATE TRIGGER core_auditevent_append_only
    BEFORE UPDATE OR DELETE ON core_auditevent
    FOR EACH STATEMENT EXECUTE FUNCTION zoneinvest_audit_append_only();
CREATE TRIGGER core_auditevent_no_truncate
    BEFORE TRUNCATE ON core_auditevent
    FOR EACH STATEMENT EXECUTE FUNCTION zoneinvest_audit_append_only();
"""

DROP = """
DROP TRIGGER IF EXISTS core_auditevent_no_truncate ON core_auditevent;
DROP TRIGGER IF EXISTS core_auditevent_append_only ON core_auditevent;
DROP FUNCTION IF EXISTS zoneinvest_audit_append_only();
"""


def _masked(value):
    if isinstance(value, list):
        return [_masked(v) for v in value]
    return value if value in (None, "") else PERSONAL_VALUE


def hide_personal_values(apps, schema_editor):
    AuditEvent = apps.get_model("core", "AuditEvent")
    for label, fields in PERSONAL_FIELDS.items():
        model_name = label.split(".")[1]
        for event in AuditEvent.objects.filter(object_type=label).iterator():
            event.changes = {
                k: _masked(v) if k in fields else v for k, v in (event.changes or {}).items()
            }
            event.object_repr = f"{model_name} {event.object_id}"
            event.save(update_fields=["changes", "object_repr"])


def create_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE, params=None)


def drop_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP, params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RunPython(hide_personal_values, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="auditevent",
            name="actor",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="actor",
            ),
        ),
        migrations.RunPython(create_trigger, drop_trigger),
    ]
