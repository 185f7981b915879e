"""`zoneinvest search_reindex [--zone CODE] [--kind KIND ...]`: rebuild the search entries."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from zoneinvest.core.models import Zone
from zoneinvest.search.models import SearchKind
from zoneinvest.search.services import reindex


class Command(BaseCommand):
    help = "Rebuild the search entries (after a bulk load, or once on an existing database)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--zone", help="Only this zone (its code).")
        parser.add_argument(
            "--kind", action="append", choices=SearchKind.values, help="Only this kind."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        zone = None
        if options["zone"]:
            zone = Zone.objects.filter(code=options["zone"]).first()
            if zone is None:
                raise CommandError(f"No zone {options['zone']!r}.")
        written = reindex(zone=zone, kinds=options["kind"])
        self.stdout.write(f"{written} search entries written.")
