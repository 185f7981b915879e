"""`make bench`'s set-up, once a run (bench/all.sh): migrate the empty PostgreSQL database of
DATABASE_URL, the template each benchmark's fresh database is copied from (BENCH_TEMPLATE), so
that the migrations run once rather than once a database (~14 s each here), and collect the
static files into BENCH_STATIC_ROOT (~25 s each time here), which every benchmark then serves.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import inprocess  # noqa: E402

inprocess.prepare("migrated")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402

call_command("migrate", verbosity=0)
call_command("collectstatic", interactive=False, verbosity=0)
