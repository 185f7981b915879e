"""The environment of a benchmark that runs ZoneInvest in its own process (before
`django.setup()`): a throwaway home, production-like settings without TLS, fast password
hashing, no log-in lockout; `src/` importable. A variable already set wins."""

import os
import sys
import tempfile
from pathlib import Path

DEFAULTS = {
    "SECRET_KEY": "bench-" + "x" * 50,
    "ALLOWED_HOSTS": "testserver",
    "SECURE_SSL_REDIRECT": "false",
    "FAST_PASSWORD_HASHER": "true",
    "AXES_ENABLED": "false",
    "DJANGO_SETTINGS_MODULE": "zoneinvest.settings",
}


def prepare(name: str, **extra: str) -> str:
    """Set the defaults (and `extra`) for the benchmark `name`; its home directory."""
    home = tempfile.mkdtemp(prefix=f"zoneinvest-bench-{name}-")
    os.environ.setdefault("STATIC_ROOT", static_root(str(Path(home) / "static")))
    os.environ.setdefault("ZONEINVEST_HOME", home)
    for key, value in {**DEFAULTS, **extra}.items():
        os.environ.setdefault(key, value.replace("{home}", home))
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    return home


def static_root(own: str) -> str:
    """Where a benchmark's server finds its static files: BENCH_STATIC_ROOT when `make bench`
    has collected them once for the run (bench/all.sh), else `own`."""
    return os.environ.get("BENCH_STATIC_ROOT") or own


def collect_static() -> None:
    """`collectstatic` (370-odd files compressed twice: ~25 s here), unless `make bench` has
    collected them once for the whole run into BENCH_STATIC_ROOT, where STATIC_ROOT points."""
    from django.core.management import call_command

    if not os.environ.get("BENCH_STATIC_ROOT"):
        call_command("collectstatic", interactive=False, verbosity=0)
