"""`zoneinvest synth --zones N --companies N --projects N --activities N --seed S [--replace]`:
a deterministic synthetic data set at a provincial platform's scale (zones coded `synth-0001`…)."""

import datetime as dt
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from django.utils.translation import gettext as _

from zoneinvest.demo.synth import SynthConflict, SynthResult, SynthSize, synth_generate

PROGRESS_EVERY = 2.0  # seconds between two progress lines


def _date(value: str) -> dt.date:
    return dt.date.fromisoformat(value)


class Command(BaseCommand):
    help = (
        "Generate a deterministic synthetic data set (zones, users, chains, companies, projects "
        "with their history and signings, events, consultants, activities) for scale tests. "
        "The same seed and date give the same data."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        counts = (
            ("--zones", 200, _("Number of zones (default 200).")),
            ("--companies", 100_000, _("Number of companies (default 100,000).")),
            ("--projects", 1_000_000, _("Number of projects (default 1,000,000).")),
            ("--activities", 10_000_000, _("Number of activities (default 10,000,000).")),
        )
        for flag, default, text in counts:
            parser.add_argument(flag, type=int, default=default, help=text)
        parser.add_argument(
            "--signings",
            type=int,
            default=None,
            help=_(
                "Number of signings (default: one per signed project and about 8% more "
                "re-signings and capital increases)."
            ),
        )
        parser.add_argument(
            "--consultants",
            type=int,
            default=None,
            help=_("Number of consultants (default: one per 100 companies, 1 to 5 per zone)."),
        )
        parser.add_argument("--seed", type=int, default=1, help=_("Random seed (default 1)."))
        parser.add_argument(
            "--as-of",
            type=_date,
            default=None,
            help=_("The day the data set ends on, YYYY-MM-DD (default today)."),
        )
        parser.add_argument(
            "--replace",
            action="store_true",
            help=_("Delete the synthetic zones already in the database first."),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        size = SynthSize(
            zones=options["zones"],
            companies=options["companies"],
            projects=options["projects"],
            activities=options["activities"],
            signings=options["signings"],
            consultants=options["consultants"],
            seed=options["seed"],
            as_of=options["as_of"] or timezone.localdate(),
        )
        self.last_line = time.monotonic()
        self.stdout.write(
            _(
                "Generating %(zones)s zones, %(companies)s companies, %(projects)s projects and "
                "%(activities)s activities (seed %(seed)d, as of %(as_of)s)…"
            )
            % {
                "zones": f"{size.zones:,}",
                "companies": f"{size.companies:,}",
                "projects": f"{size.projects:,}",
                "activities": f"{size.activities:,}",
                "seed": size.seed,
                "as_of": size.as_of.isoformat(),
            }
        )
        try:
            result = synth_generate(size=size, replace=options["replace"], progress=self.progress)
        except SynthConflict as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(self.summary(result))

    def progress(self, done: int, total: int, counts: dict[str, int], seconds: float) -> None:
        now = time.monotonic()
        if done < total and now - self.last_line < PROGRESS_EVERY:
            return
        self.last_line = now
        self.stdout.write(
            _(
                "  zone %(done)d of %(total)d: %(projects)s projects, %(activities)s activities, "
                "%(seconds).0f s"
            )
            % {
                "done": done,
                "total": total,
                "projects": f"{counts.get('projects', 0):,}",
                "activities": f"{counts.get('activities', 0):,}",
                "seconds": seconds,
            }
        )

    def summary(self, result: SynthResult) -> str:
        lines = []
        if result.replaced:
            lines.append(_("Replaced %(zones)d synthetic zones.") % {"zones": result.replaced})
        width = max(len(name) for name in result.counts)
        lines += [f"  {name.ljust(width)}  {count:>12,}" for name, count in result.counts.items()]
        lines.append(
            self.style.SUCCESS(
                _("Wrote %(rows)s rows in %(seconds).1f s.")
                % {"rows": f"{sum(result.counts.values()):,}", "seconds": result.seconds}
            )
        )
        return "\n".join(lines)
