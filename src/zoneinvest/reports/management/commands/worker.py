"""`zoneinvest worker`: run background jobs (imports, large exports) as they are queued;
Django's tasks stored in the database (django-tasks-db). Run one or more per machine; stop with
SIGTERM (the running job finishes) — a job killed harder leaves nothing half-imported and can
be run again."""

from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = "Run queued background jobs (imports, large exports)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--interval", type=float, default=0.5, help="Seconds between polls.")
        parser.add_argument(
            "--batch", action="store_true", help="Run the queued jobs, then stop (for scripts)."
        )

    def handle(self, *args: Any, interval: float, batch: bool, **options: Any) -> None:
        worker_options: dict[str, Any] = {
            "interval": interval,
            "verbosity": options["verbosity"],
            "reload": False,
            "startup_delay": False,
        }
        if batch:
            worker_options["batch"] = True
        call_command("db_worker", **worker_options)
