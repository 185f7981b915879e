"""Issue 10: a backup can be restored, and a restore refuses what it cannot trust.

The round trip runs on the suite's own engine: SQLite in the default pass, PostgreSQL in CI's
second pass (DATABASE_URL). A varied data set (the personas, `zoneinvest synth` at a small size,
the search index) is backed up with `zoneinvest backup`, restored with the real command line
(`python -m zoneinvest restore --yes`) into a fresh database this test creates and drops
itself — never the test database in use — and every table's row count and checksum
(`core.backup.table_checksums`, the function the manifest uses) must come back equal.
"""

import json
import os
import subprocess
import sys
from io import StringIO
from pathlib import Path
from urllib.parse import quote

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from zoneinvest.core import backup as backups
from zoneinvest.core.backup import (
    Backup,
    BackupError,
    backup_create,
    backup_restore,
    database_checksums,
    opened,
)
from zoneinvest.pipeline.models import Project

ROOT = Path(__file__).resolve().parents[2]
ON_CI = os.environ.get("CI") == "true"

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def folders(settings, tmp_path):
    """MEDIA_ROOT and PRIVATE_ROOT of this test, each with a file in it."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_ROOT = tmp_path / "private"
    (settings.MEDIA_ROOT / "pages").mkdir(parents=True)
    (settings.MEDIA_ROOT / "pages" / "park.jpg").write_bytes(b"\xff\xd8 a park " * 100)
    (settings.PRIVATE_ROOT / "imports").mkdir(parents=True)
    (settings.PRIVATE_ROOT / "imports" / "companies.csv").write_text("名称,国家\n博世,DE\n")
    return settings.MEDIA_ROOT, settings.PRIVATE_ROOT


@pytest.fixture
def data(transactional_db, world):
    """The personas, a small synthetic data set (every domain) and the search index."""
    call_command(
        "synth",
        zones=2,
        companies=40,
        projects=80,
        activities=160,
        seed=7,
        stdout=StringIO(),
    )
    call_command("search_reindex", verbosity=0, stdout=StringIO())
    return world


def _pg_url(settings_dict: dict, name: str) -> str:
    user = quote(settings_dict["USER"] or "", safe="")
    password = f":{quote(settings_dict['PASSWORD'], safe='')}" if settings_dict["PASSWORD"] else ""
    host = settings_dict["HOST"] or "127.0.0.1"
    port = settings_dict["PORT"] or 5432
    return f"postgres://{user}{password}@{host}:{port}/{name}"


@pytest.fixture
def fresh_database(transactional_db, tmp_path):
    """(settings, DATABASE_URL) of an empty database beside the test database, dropped after."""
    settings_dict = dict(connection.settings_dict)
    if connection.vendor == "sqlite":
        path = tmp_path / "restored.sqlite3"
        settings_dict["NAME"] = str(path)
        yield settings_dict, f"sqlite:///{path}"
        return
    name = f"{settings_dict['NAME']}_restored"[:63]
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        cursor.execute(f'CREATE DATABASE "{name}"')
    settings_dict["NAME"] = name
    try:
        yield settings_dict, _pg_url(settings_dict, name)
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _restore_command(file: Path, url: str, home: Path, *extra: str) -> subprocess.CompletedProcess:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.settings",
        "DATABASE_URL": url,
        "MEDIA_ROOT": str(home / "media"),
        "PRIVATE_ROOT": str(home / "private"),
        "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), str(ROOT)]),
    }
    return subprocess.run(  # noqa: S603 - our own command line
        [sys.executable, "-m", "zoneinvest", "restore", str(file), *extra],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def _needs_pg_tools() -> None:
    if connection.vendor != "postgresql":
        return
    try:
        backups.pg_program("pg_dump")
    except BackupError as error:
        if ON_CI:
            pytest.fail(f"CI=true but {error.message}")
        pytest.skip(error.message)


def _files(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in root.rglob("*") if p.is_file()}


# ---------------------------------------------------------------- the round trip


def test_a_backup_restored_into_a_fresh_database_gives_back_every_table_row_for_row(
    data, folders, fresh_database, tmp_path
):
    _needs_pg_tools()
    target = tmp_path / "backups" / "zoneinvest.backup"
    out = StringIO()

    call_command("backup", str(target), stdout=out)

    original = database_checksums(connection)
    manifest = json.loads(Backup(target).manifest.read_text())
    assert manifest["engine"] == connection.vendor
    assert manifest["tables"] == original  # the manifest describes the data as it was
    assert "pipeline.0001_initial" in manifest["migrations"]
    assert manifest["files"]["count"] == 2
    assert Project.objects.count() >= 80
    filled = {t for t, state in original.items() if state["rows"]}
    assert {"pipeline_project", "pipeline_company", "events_signing", "core_auditevent"} <= filled
    assert len(filled) >= 20  # a varied data set, not one table
    printed = out.getvalue()
    assert "pipeline_project" in printed
    assert f"{original['pipeline_project']['rows']:>10,}" in printed
    assert "manifest.json" in printed
    assert sorted(p.name for p in target.parent.iterdir()) == [
        "zoneinvest.backup",
        "zoneinvest.backup.files.tar",
        "zoneinvest.backup.manifest.json",
    ]  # and no temporary file left beside them

    settings_dict, url = fresh_database
    home = tmp_path / "restored-home"
    done = _restore_command(target, url, home, "--yes")

    assert done.returncode == 0, done.stderr
    assert "checked against the manifest" in done.stdout
    with opened(settings_dict) as restored:
        assert database_checksums(restored) == original
    media, private = folders
    assert _files(home / "media") == _files(media)
    assert _files(home / "private") == _files(private)


def test_the_checksum_sees_a_changed_value(data):
    before = database_checksums(connection)
    project = Project.objects.order_by("pk").first()
    Project.objects.filter(pk=project.pk).update(title_en=project.title_en + ".")
    after = database_checksums(connection)
    assert after["pipeline_project"]["rows"] == before["pipeline_project"]["rows"]
    assert after["pipeline_project"]["checksum"] != before["pipeline_project"]["checksum"]
    assert {t for t in before if before[t] != after[t]} == {"pipeline_project"}


# ---------------------------------------------------------------- refusals


@pytest.fixture
def made(world, folders, tmp_path):
    _needs_pg_tools()
    target = tmp_path / "zoneinvest.backup"
    backup_create(target=target)
    return target


def _refused(*args: str) -> str:
    with pytest.raises(CommandError) as refused:
        call_command("restore", *args, stdout=StringIO())
    assert refused.value.returncode == 1
    return str(refused.value)


def test_restore_refuses_a_damaged_backup_file_and_leaves_the_database_alone(made, world):
    content = bytearray(made.read_bytes())
    content[len(content) // 2] ^= 0xFF
    made.write_bytes(bytes(content))
    projects = Project.objects.count()

    message = _refused(str(made), "--yes")

    assert "damaged or was changed" in message
    assert Project.objects.count() == projects


def test_restore_refuses_a_missing_file_or_manifest(made, tmp_path):
    assert "There is no backup file" in _refused(str(tmp_path / "nothing.backup"), "--yes")
    Backup(made).manifest.unlink()
    assert "manifest" in _refused(str(made), "--yes")


def test_restore_refuses_a_backup_of_the_other_engine_or_of_a_newer_version(made):
    manifest_path = Backup(made).manifest
    manifest = json.loads(manifest_path.read_text())
    other = "postgresql" if connection.vendor == "sqlite" else "sqlite"
    manifest_path.write_text(json.dumps({**manifest, "engine": other}))
    assert f"This is a {other} backup" in _refused(str(made), "--yes")
    newer = [*manifest["migrations"], "pipeline.9999_from_the_future"]
    manifest_path.write_text(json.dumps({**manifest, "migrations": newer}))
    assert "newer version" in _refused(str(made), "--yes")


def test_restore_asks_for_yes_before_replacing_anything(made):
    assert "confirm with --yes" in _refused(str(made))


def test_a_restore_whose_tables_differ_from_the_manifest_is_reported(made, fresh_database):
    manifest_path = Backup(made).manifest
    manifest = json.loads(manifest_path.read_text())
    manifest["tables"]["pipeline_project"]["checksum"] = "0" * 64
    manifest_path.write_text(json.dumps(manifest))
    settings_dict, _url = fresh_database

    with pytest.raises(BackupError) as refused:
        backup_restore(source=made, settings_dict=settings_dict, with_files=False)

    assert (
        "does not match the backup's manifest (tables: pipeline_project)" in refused.value.message
    )


def test_a_backup_that_fails_leaves_no_file_behind(world, folders, tmp_path, monkeypatch):
    _needs_pg_tools()

    def disk_full(target: Path) -> int:
        target.write_bytes(b"half a tar")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(backups, "_archive_files", disk_full)
    with pytest.raises(CommandError) as failed:
        call_command("backup", str(tmp_path / "out" / "zoneinvest.backup"), stdout=StringIO())
    assert failed.value.returncode == 1
    assert "No backup was written" in str(failed.value)
    assert list((tmp_path / "out").iterdir()) == []


def test_pg_tools_get_the_password_from_the_environment_never_the_command_line(monkeypatch):
    seen = {}

    def run(command, env, **_kwargs):
        seen.update(command=command, env=env)
        return subprocess.CompletedProcess(command, 0, "", "")

    monkeypatch.setattr(backups.subprocess, "run", run)
    settings_dict = {"NAME": "zi", "USER": "zi", "PASSWORD": "s3cret-pw", "HOST": "db", "PORT": 5}
    backups._run(["pg_restore", "--list", "x"], settings_dict)
    assert "s3cret-pw" not in " ".join(seen["command"])
    assert seen["env"]["PGPASSWORD"] == "s3cret-pw"
    assert (seen["env"]["PGHOST"], seen["env"]["PGUSER"], seen["env"]["PGPORT"]) == (
        "db",
        "zi",
        "5",
    )
