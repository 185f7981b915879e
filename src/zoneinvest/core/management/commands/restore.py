"""`zoneinvest restore FILE [--yes] [--no-files]`: check a backup, then replace the configured
database (and the files) with it (core/backup.py)."""

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection
from django.utils.translation import gettext as _

from zoneinvest.core.backup import BackupError, backup_check, backup_restore
from zoneinvest.core.management.commands.backup import table_lines


class Command(BaseCommand):
    help = (
        "Restore the backup FILE (made by `zoneinvest backup`) into the configured database, "
        "after checking it against its manifest. Stop the app and the workers first."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help=_("The backup to restore."))
        parser.add_argument(
            "--yes", action="store_true", help=_("Replace the database without asking.")
        )
        parser.add_argument(
            "--no-files",
            action="store_true",
            help=_("Restore the database only, not MEDIA_ROOT and PRIVATE_ROOT."),
        )

    def _refuse(self, message: str) -> CommandError:
        return CommandError(message, returncode=1)

    def _confirmed(self, manifest: dict[str, Any], yes: bool) -> bool:
        if yes:
            return True
        question = _(
            "This replaces everything in the database %(database)s with the backup made at "
            "%(created)s. Type yes to continue: "
        ) % {"database": connection.settings_dict["NAME"], "created": manifest["created_at"]}
        if not sys.stdin.isatty():
            return False
        return input(question).strip().lower() == "yes"

    def handle(self, *args: Any, **options: Any) -> None:
        source = options["file"].resolve()
        try:
            manifest = backup_check(source=source, vendor=connection.vendor)
        except BackupError as error:
            raise self._refuse(_("Not restored: %(reason)s") % {"reason": error.message}) from None
        if not self._confirmed(manifest, options["yes"]):
            raise self._refuse(
                _("Not restored: restoring replaces the whole database; confirm with --yes.")
            )
        try:
            restored = backup_restore(
                source=source,
                settings_dict=connection.settings_dict,
                with_files=not options["no_files"],
            )
        except BackupError as error:
            raise self._refuse(
                _("Restore failed: %(reason)s") % {"reason": error.message}
            ) from None
        self.stdout.write(_("Rows per table (checked against the manifest):"))
        self.stdout.write("\n".join(table_lines(restored["tables"])))
        self.stdout.write(
            _("Restored %(path)s (made at %(created)s) and %(files)d files.")
            % {
                "path": source,
                "created": restored["created_at"],
                "files": restored["restored_files"],
            }
        )
        if restored["missing_migrations"]:
            self.stdout.write(
                _(
                    "This backup predates %(count)d migrations of this version: "
                    "run zoneinvest migrate."
                )
                % {"count": len(restored["missing_migrations"])}
            )
