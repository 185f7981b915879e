"""`zoneinvest backup FILE [--no-files]`: the database, its files, a manifest (core/backup.py)."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from zoneinvest.core.backup import BackupError, backup_create


def table_lines(tables: dict[str, dict[str, Any]]) -> list[str]:
    """One line per table: its name and its row count, aligned."""
    width = max((len(name) for name in tables), default=0)
    return [f"  {name:<{width}}  {tables[name]['rows']:>10,}" for name in sorted(tables)]


class Command(BaseCommand):
    help = (
        "Back up the configured database (PostgreSQL: pg_dump; SQLite: the online backup API) "
        "to FILE, the files of MEDIA_ROOT and PRIVATE_ROOT to FILE.files.tar, and a manifest "
        "with every table's row count and checksum to FILE.manifest.json."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help=_("Where to write the backup."))
        parser.add_argument(
            "--no-files",
            action="store_true",
            help=_("Leave out MEDIA_ROOT and PRIVATE_ROOT (back them up another way)."),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        target = options["file"].resolve()
        try:
            manifest = backup_create(target=target, with_files=not options["no_files"])
        except (BackupError, OSError) as error:
            raise CommandError(
                _("No backup was written: %(reason)s")
                % {"reason": getattr(error, "message", error)},
                returncode=1,
            ) from None
        tables = manifest["tables"]
        self.stdout.write(_("Rows per table:"))
        self.stdout.write("\n".join(table_lines(tables)))
        files = manifest["files"]
        self.stdout.write(
            _("Backup written to %(path)s: %(tables)d tables, %(rows)d rows, %(files)d files.")
            % {
                "path": target,
                "tables": len(tables),
                "rows": sum(t["rows"] for t in tables.values()),
                "files": files["count"] if files else 0,
            }
        )
        self.stdout.write(_("Manifest: %(path)s") % {"path": f"{target}.manifest.json"})
