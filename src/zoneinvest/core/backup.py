"""Backups that can be checked, and restores that check them (`zoneinvest backup` / `restore`).

A backup of `<file>` is three files side by side:

- `<file>`: the database. PostgreSQL: `pg_dump --format=custom`, taken in one snapshot; SQLite:
  a copy made with SQLite's online backup API (consistent while the app keeps writing).
- `<file>.files.tar`: the files the database refers to, `MEDIA_ROOT` (the portal's images) as
  `media/…` and `PRIVATE_ROOT` (import uploads, built exports) as `private/…`.
- `<file>.manifest.json`: what a restore checks: the engine, each table's row count and
  checksum (`table_checksums`, computed on the very snapshot that was dumped), the SHA-256 of
  the two other files, the applied Django migrations and when it was made.

Each file is written under a temporary name and renamed once complete (`core.safe_files`): a
backup that fails (disk full, pg_dump refused) leaves no partial file behind.

A restore refuses — before touching anything — a missing, damaged or altered backup (its
SHA-256 differs from the manifest's), one made on the other engine, or one made by a newer
version of ZoneInvest (migrations this code does not know). After restoring it compares every
table's row count and checksum with the manifest. PostgreSQL: `pg_restore --clean --if-exists
--no-owner --single-transaction` (all or nothing); SQLite: the online backup API again, into
the configured file. Passwords go to pg_dump/pg_restore through PGPASSWORD, never as arguments.
"""

import datetime as dt
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
from collections.abc import Iterator, Mapping
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.migrations.loader import MigrationLoader
from django.db.utils import load_backend
from django.utils.translation import gettext

from zoneinvest.core.safe_files import written_whole

FORMAT = 1
MANIFEST_SUFFIX = ".manifest.json"
FILES_SUFFIX = ".files.tar"
SQLITE, POSTGRESQL = "sqlite", "postgresql"
FETCH = 2_000  # rows read at a time while checksumming
# libpq's environment variables for the connection settings pg_dump/pg_restore need.
PG_ENV = {"HOST": "PGHOST", "PORT": "PGPORT", "USER": "PGUSER", "PASSWORD": "PGPASSWORD"}
PG_OPTION_ENV = {
    "sslmode": "PGSSLMODE",
    "sslrootcert": "PGSSLROOTCERT",
    "sslcert": "PGSSLCERT",
    "sslkey": "PGSSLKEY",
    "passfile": "PGPASSFILE",
    "service": "PGSERVICE",
    "options": "PGOPTIONS",
}

Tables = dict[str, dict[str, Any]]  # table → {"rows": int, "checksum": str}


class BackupError(Exception):
    """A backup could not be made, or a file is refused as a backup; the message says why."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Backup:
    """The three files of one backup."""

    dump: Path

    @property
    def manifest(self) -> Path:
        return self.dump.with_name(self.dump.name + MANIFEST_SUFFIX)

    @property
    def files(self) -> Path:
        return self.dump.with_name(self.dump.name + FILES_SUFFIX)


# ---------------------------------------------------------------- checksums


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _sqlite_tables(cursor: Any) -> list[tuple[str, list[str], list[str]]]:
    """(table, columns, primary key columns) of every table, SQLite's internal ones aside."""
    cursor.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
        "ORDER BY name"
    )
    tables = []
    for (name,) in cursor.fetchall():
        cursor.execute(f"PRAGMA table_info({_quote(name)})")
        info = cursor.fetchall()
        columns = [row[1] for row in info]
        key = [row[1] for row in sorted(info, key=lambda row: row[5]) if row[5]]
        tables.append((name, columns, key))
    return tables


def _sqlite_rows(cursor: Any, table: str, columns: list[str], key: list[str]) -> None:
    # quote() gives each value as an SQL literal: its type and its exact text (no converters).
    values = ", ".join(f"quote({_quote(c)})" for c in columns)
    order = ", ".join(_quote(c) for c in key) if key else "rowid"
    # bandit B608, reviewed: table and column names come from the database's own catalogue, quoted
    cursor.execute(f"SELECT {values} FROM {_quote(table)} ORDER BY {order}")  # noqa: S608 # nosec B608


def _postgresql_tables(cursor: Any) -> list[tuple[str, list[str], list[str]]]:
    cursor.execute(
        "SELECT c.relname, a.attname FROM pg_index i "
        "JOIN pg_class c ON c.oid = i.indrelid "
        "JOIN pg_namespace n ON n.oid = c.relnamespace "
        "JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey) "
        "WHERE i.indisprimary AND n.nspname = current_schema() "
        "ORDER BY c.relname, array_position(i.indkey::int2[], a.attnum)"
    )
    keys: dict[str, list[str]] = {}
    for table, column in cursor.fetchall():
        keys.setdefault(table, []).append(column)
    cursor.execute(
        "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename"
    )
    return [(name, [], keys.get(name, [])) for (name,) in cursor.fetchall()]


def _postgresql_rows(cursor: Any, table: str, _columns: list[str], key: list[str]) -> None:
    # A row as PostgreSQL writes it as text: every value, exactly, in the table's column order.
    order = ", ".join(f"t.{_quote(c)}" for c in key) if key else "t::text"
    # bandit B608, reviewed: table and column names come from the database's own catalogue, quoted
    cursor.execute(f"SELECT t::text FROM {_quote(table)} AS t ORDER BY {order}")  # noqa: S608 # nosec B608


def table_checksums(cursor: Any, vendor: str) -> Tables:
    """Every table's row count and checksum (SHA-256 of its rows as text, in primary-key order).

    `cursor` is a DB-API cursor (Django's or sqlite3's) on the database; `vendor` is "sqlite" or
    "postgresql". The backup's manifest and the tests use this one function."""
    tables_of, rows_of = (
        (_sqlite_tables, _sqlite_rows)
        if vendor == SQLITE
        else (_postgresql_tables, _postgresql_rows)
    )
    result: Tables = {}
    for table, columns, key in tables_of(cursor):
        rows_of(cursor, table, columns, key)
        digest = hashlib.sha256()
        count = 0
        while batch := cursor.fetchmany(FETCH):
            for row in batch:
                digest.update("\x1f".join("\\N" if v is None else str(v) for v in row).encode())
                digest.update(b"\x1e")
            count += len(batch)
        result[table] = {"rows": count, "checksum": digest.hexdigest()}
    return result


def database_checksums(connection: BaseDatabaseWrapper) -> Tables:
    """`table_checksums` through a Django connection."""
    with connection.cursor() as cursor:
        return table_checksums(cursor, connection.vendor)


# ---------------------------------------------------------------- helpers


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        while chunk := stream.read(1024 * 1024):
            digest.update(chunk)
    return digest.hexdigest()


def _applied_migrations(connection: BaseDatabaseWrapper) -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT app, name FROM django_migrations")
        return sorted(f"{app}.{name}" for app, name in cursor.fetchall())


def _known_migrations() -> set[str]:
    loader = MigrationLoader(None, ignore_no_migrations=True)
    return {f"{app}.{name}" for app, name in loader.disk_migrations}


def pg_program(name: str) -> str:
    """The path of a PostgreSQL client program (PATH first, then the newest installed one)."""
    found = shutil.which(name)
    if found:
        return found
    for folder in sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True):
        if (folder / name).exists():
            return str(folder / name)
    raise BackupError(
        gettext("The PostgreSQL program %(name)s was not found; install the PostgreSQL client.")
        % {"name": name}
    )


def pg_env(settings_dict: Mapping[str, Any]) -> dict[str, str]:
    """The environment for pg_dump/pg_restore: the connection settings, the password in
    PGPASSWORD (never on a command line, where other users of the machine could read it)."""
    env = dict(os.environ)
    for key, variable in PG_ENV.items():
        if settings_dict.get(key):
            env[variable] = str(settings_dict[key])
    for key, variable in PG_OPTION_ENV.items():
        if settings_dict.get("OPTIONS", {}).get(key):
            env[variable] = str(settings_dict["OPTIONS"][key])
    return env


def _run(command: list[str], settings_dict: Mapping[str, Any]) -> None:
    done = subprocess.run(  # noqa: S603 - the PostgreSQL client programs, arguments as a list
        command, env=pg_env(settings_dict), capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise BackupError(
            gettext("%(program)s failed: %(error)s")
            % {"program": Path(command[0]).name, "error": done.stderr.strip()[-2000:]}
        )


@contextmanager
def opened(settings_dict: Mapping[str, Any]) -> Iterator[BaseDatabaseWrapper]:
    """A new Django connection with these settings (e.g. the default's with another NAME),
    closed at the end."""
    backend = load_backend(settings_dict["ENGINE"])
    connection = backend.DatabaseWrapper(dict(settings_dict), alias="zoneinvest-backup")
    try:
        yield connection
    finally:
        connection.close()


def _file_roots() -> dict[str, Path]:
    return {"media": Path(settings.MEDIA_ROOT), "private": Path(settings.PRIVATE_ROOT)}


# ---------------------------------------------------------------- backup


def _dump_postgresql(connection: BaseDatabaseWrapper, target: Path) -> Tables:
    """pg_dump of one snapshot, and the checksums of the same snapshot."""
    connection.set_autocommit(False)
    try:
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
            command = [pg_program("pg_dump"), "--format=custom", "--snapshot", snapshot]
            _run([*command, "--file", str(target), str(connection.settings_dict["NAME"])],
                 connection.settings_dict)  # fmt: skip
            return table_checksums(cursor, POSTGRESQL)
    finally:
        connection.rollback()
        connection.set_autocommit(True)


def _dump_sqlite(connection: BaseDatabaseWrapper, target: Path) -> Tables:
    """A copy by SQLite's online backup API, made self-contained, and its checksums."""
    connection.ensure_connection()
    copy = sqlite3.connect(target)
    try:
        connection.connection.backup(copy)
        copy.execute("PRAGMA journal_mode=DELETE")  # one file, no -wal beside it
        return table_checksums(copy.cursor(), SQLITE)
    finally:
        copy.close()


def _archive_files(target: Path) -> int:
    """MEDIA_ROOT and PRIVATE_ROOT into one tar; the number of files."""
    count = 0
    with tarfile.open(target, "w") as archive:
        for prefix, root in _file_roots().items():
            if not root.is_dir():
                continue
            for path in sorted(root.rglob("*")):
                if path.is_file() and not path.name.endswith(".part"):
                    archive.add(path, arcname=f"{prefix}/{path.relative_to(root)}")
                    count += 1
    return count


def backup_create(*, target: Path, with_files: bool = True, using: str = "default") -> dict:
    """Write the backup of the database `using` (and its files) to `target`; its manifest."""
    connection = connections[using]
    if connection.vendor not in (SQLITE, POSTGRESQL):
        raise BackupError(gettext("Only PostgreSQL and SQLite databases can be backed up."))
    backup = Backup(target)
    manifest: dict[str, Any] = {
        "format": FORMAT,
        "engine": connection.vendor,
        "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "database": str(connection.settings_dict["NAME"]),
        "migrations": _applied_migrations(connection),
    }
    dump = _dump_postgresql if connection.vendor == POSTGRESQL else _dump_sqlite
    # All three are renamed only once all three are written; any failure removes all three.
    with ExitStack() as parts:
        manifest_part = parts.enter_context(written_whole(backup.manifest))
        dump_part = parts.enter_context(written_whole(target))
        manifest["tables"] = dump(connection, dump_part)
        manifest["dump"] = {"file": target.name, "sha256": _sha256(dump_part)}
        manifest["files"] = None
        if with_files:
            files_part = parts.enter_context(written_whole(backup.files))
            count = _archive_files(files_part)
            manifest["files"] = {
                "file": backup.files.name,
                "sha256": _sha256(files_part),
                "count": count,
            }
        manifest_part.write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n")
    return manifest


# ---------------------------------------------------------------- restore


def _refuse(message: str, **values: Any) -> BackupError:
    return BackupError(message % values if values else message)


def backup_check(*, source: Path, vendor: str) -> dict:
    """The manifest of the backup at `source` once it is found whole and restorable here on
    `vendor`; BackupError saying why not otherwise. Touches no database."""
    backup = Backup(source)
    if not source.is_file():
        raise _refuse(gettext("There is no backup file at %(path)s."), path=source)
    try:
        manifest = json.loads(backup.manifest.read_text())
        expected = manifest["dump"]["sha256"]
        engine = manifest["engine"]
        tables = manifest["tables"]
    except (OSError, ValueError, KeyError, TypeError):
        raise _refuse(
            gettext(
                "The manifest %(path)s is missing or unreadable: this backup cannot be checked."
            ),
            path=backup.manifest,
        ) from None
    if manifest.get("format") != FORMAT or not isinstance(tables, dict):
        raise _refuse(
            gettext("The manifest %(path)s is not one this version reads."), path=backup.manifest
        )
    if engine != vendor:
        raise _refuse(
            gettext("This is a %(engine)s backup; the configured database is %(vendor)s."),
            engine=engine,
            vendor=vendor,
        )
    if _sha256(source) != expected:
        raise _refuse(
            gettext(
                "The backup file %(path)s is damaged or was changed: it does not match its "
                "manifest."
            ),
            path=source,
        )
    files = manifest.get("files")
    if files and (not backup.files.is_file() or _sha256(backup.files) != files["sha256"]):
        raise _refuse(
            gettext(
                "The files archive %(path)s is missing, damaged or changed: it does not match "
                "the manifest."
            ),
            path=backup.files,
        )
    unknown = sorted(set(manifest.get("migrations", [])) - _known_migrations())
    if unknown:
        raise _refuse(
            gettext(
                "This backup was made by a newer version of ZoneInvest (migrations this version "
                "does not know: %(names)s). Restore it with that version."
            ),
            names=", ".join(unknown[:5]),
        )
    return manifest


def _restore_postgresql(source: Path, settings_dict: Mapping[str, Any]) -> None:
    _run([pg_program("pg_restore"), "--list", str(source)], settings_dict)  # readable at all
    command = [
        pg_program("pg_restore"),
        "--clean",
        "--if-exists",
        "--no-owner",
        "--single-transaction",  # all or nothing
        "--exit-on-error",
        "--dbname",
        str(settings_dict["NAME"]),
        str(source),
    ]
    _run(command, settings_dict)


def _restore_sqlite(source: Path, settings_dict: Mapping[str, Any]) -> None:
    origin = sqlite3.connect(f"{source.as_uri()}?mode=ro", uri=True)
    try:
        if origin.execute("PRAGMA quick_check").fetchone()[0] != "ok":
            raise _refuse(gettext("The backup file %(path)s is damaged."), path=source)
        target = sqlite3.connect(str(settings_dict["NAME"]), timeout=30)
        try:
            origin.backup(target)  # one step: the target is replaced whole, or not at all
            target.execute("PRAGMA journal_mode=WAL")
        finally:
            target.close()
    except sqlite3.DatabaseError as error:
        raise _refuse(
            gettext("The database could not be restored from %(path)s: %(error)s"),
            path=source,
            error=error,
        ) from None
    finally:
        origin.close()


def _restore_files(archive_path: Path) -> int:
    roots = _file_roots()
    count = 0
    with tarfile.open(archive_path) as archive:
        for member in archive.getmembers():
            prefix, _, rest = member.name.partition("/")
            if prefix not in roots or not rest:
                continue
            roots[prefix].mkdir(parents=True, exist_ok=True)
            archive.extract(member.replace(name=rest), roots[prefix], filter="data")
            count += member.isfile()
    return count


def backup_restore(
    *, source: Path, settings_dict: Mapping[str, Any], with_files: bool = True
) -> dict:
    """Replace the database of `settings_dict` (and the files, if the backup has them) with the
    backup at `source`, then check every table against the manifest. Returns the manifest
    with "restored_files" and "missing_migrations" (those this code has that the backup lacks:
    run `zoneinvest migrate`)."""
    vendor = SQLITE if settings_dict["ENGINE"].endswith("sqlite3") else POSTGRESQL
    manifest = backup_check(source=source, vendor=vendor)
    connections.close_all()  # this process holds no connection to what is replaced
    if vendor == POSTGRESQL:
        _restore_postgresql(source, settings_dict)
    else:
        _restore_sqlite(source, settings_dict)
    with opened(settings_dict) as connection:
        restored = database_checksums(connection)
        applied = set(_applied_migrations(connection))
    different = sorted(
        table
        for table in set(manifest["tables"]) | set(restored)
        if manifest["tables"].get(table) != restored.get(table)
    )
    if different:
        raise _refuse(
            gettext(
                "The restored database does not match the backup's manifest (tables: "
                "%(tables)s). Do not use it; restore again from an intact backup."
            ),
            tables=", ".join(different[:10]),
        )
    restored_files = 0
    if with_files and manifest.get("files"):
        restored_files = _restore_files(Backup(source).files)
    manifest["restored_files"] = restored_files
    manifest["missing_migrations"] = sorted(_known_migrations() - applied)
    return manifest
