"""`zoneinvest recount [--check] [--zone CODE]`: count the board's stage totals again from the
projects (pipeline/totals.py), or with --check only say whether they match."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from zoneinvest.core.models import Zone
from zoneinvest.pipeline.totals import stage_totals_differences, stage_totals_rebuild


class Command(BaseCommand):
    help = (
        "Count the pipeline board's stage totals again from the projects (after SQL written by "
        "hand, or a restore from elsewhere); with --check, only compare them."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--zone", help="Only this zone (its code).")
        parser.add_argument(
            "--check",
            action="store_true",
            help="Change nothing; exit with 1 if the kept totals differ from the projects.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        zone_ids = None
        if options["zone"]:
            zone = Zone.objects.filter(code=options["zone"]).first()
            if zone is None:
                raise CommandError(f"No zone {options['zone']!r}.")
            zone_ids = [zone.pk]
        if options["check"]:
            differences = stage_totals_differences(zone_ids)
            for (zone_id, stage, currency, confidential), (kept, counted) in differences.items():
                self.stdout.write(
                    f"zone {zone_id} {stage} {currency}"
                    f"{' confidential' if confidential else ''}: kept {kept}, counted {counted}"
                )
            if differences:
                raise CommandError(
                    f"{len(differences)} stage totals differ from the projects; "
                    "run `zoneinvest recount` to count them again.",
                    returncode=1,
                )
            self.stdout.write("The stage totals match the projects.")
            return
        with transaction.atomic():
            written = stage_totals_rebuild(zone_ids)
        self.stdout.write(f"{written} stage totals written.")
