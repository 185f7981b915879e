"""`zoneinvest demo [--port N] [--no-serve]`: migrate, load the Liangjiang case, list the log-ins,
and serve on 127.0.0.1 (run by `make demo` with DEBUG=true SECURE_COOKIES=false)."""

import subprocess
import sys
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from zoneinvest.demo.liangjiang import (
    ZONE_NAME_EN,
    ZONE_NAME_ZH,
    DemoConflictError,
    DemoResult,
    demo_load,
)
from zoneinvest.demo.two_factor import DEMO_TOTP_COMMAND, DEMO_TOTP_SECRET

DEFAULT_PORT = 8000


class Command(BaseCommand):
    help = (
        "Create the database, load the Liangjiang New Area demo and serve it on 127.0.0.1. "
        "Loading twice changes nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--port", type=int, default=DEFAULT_PORT, help=_("Port to serve on (default 8000).")
        )
        parser.add_argument(
            "--no-serve",
            action="store_true",
            help=_("Load the demo and print the log-ins, but do not start the server."),
        )

    def handle(self, *args: Any, port: int, no_serve: bool, **options: Any) -> None:
        if not 0 < port < 65536:
            raise CommandError(_("The port must be between 1 and 65535."))
        call_command("migrate", interactive=False, verbosity=0)
        try:
            result = demo_load()
        except DemoConflictError as exc:
            raise CommandError(exc.message) from exc
        url = f"http://127.0.0.1:{port}/"
        self.stdout.write(self.report(result, url))
        if not no_serve:
            self.serve(port)

    def serve(self, port: int) -> None:
        """The site, with a background worker beside it for imports (stopped with the site)."""
        worker = subprocess.Popen([sys.executable, "-m", "zoneinvest", "worker", "-v", "0"])  # noqa: S603
        self.stdout.write(_("Background worker started (imports run in it)."))
        try:
            call_command("runserver", f"127.0.0.1:{port}", use_reloader=False)
        finally:
            worker.terminate()
            worker.wait(timeout=10)

    def report(self, result: DemoResult, url: str) -> str:
        counts = result.counts
        if result.created:
            head = _(
                "Loaded the demo of %(zone)s in %(seconds).1f s: %(projects)d illustrative "
                "projects of %(companies)d companies, %(activities)d activities, "
                "%(tasks)d tasks, %(arrivals)d capital arrivals."
            )
        else:
            head = _(
                "The demo of %(zone)s is already loaded; nothing was changed "
                "(%(projects)d projects of %(companies)d companies)."
            )
        lines = [
            self.style.SUCCESS(
                head
                % {
                    "zone": f"{ZONE_NAME_EN} ({ZONE_NAME_ZH})",
                    "seconds": result.seconds,
                    "projects": counts["projects"],
                    "companies": counts["companies"],
                    "activities": counts["activities"],
                    "tasks": counts["tasks"],
                    "arrivals": counts["capital_arrivals"],
                }
            ),
            "",
        ]
        header = (_("User name"), _("Password"), _("Role"), _("Name"))
        rows = [header] + [
            (u.username, u.password, u.role_label, u.display_name) for u in result.users
        ]
        widths = [max(len(row[i]) for row in rows) for i in range(3)]
        for number, row in enumerate(rows):
            cells = [cell.ljust(width) for cell, width in zip(row, widths, strict=False)]
            lines.append("  " + "  ".join([*cells, row[3]]))
            if number == 0:
                lines.append("  " + "  ".join("-" * w for w in [*widths, len(row[3])]))
        lines += [
            "",
            _(
                "After the password, admin and director enter a two-factor code. Add the demo "
                "key %(key)s to an authenticator app, or print the current code with:"
            )
            % {"key": DEMO_TOTP_SECRET},
            "  " + DEMO_TOTP_COMMAND,
            "",
            _("Open %(url)s and log in with one of the accounts above.") % {"url": url},
            _("The demo's passwords are public: never load it into a database with real data."),
            "",
        ]
        return "\n".join(lines)
