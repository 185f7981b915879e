"""Side by side, in one run: raw SQL (psycopg), ZoneInvest and BottleCRM on the same PostgreSQL.

    .venv/bin/python bench/compare.py                  # 10,000 projects / deals (~10 min)
    .venv/bin/python bench/compare.py --large          # and 1,000,000 (ZoneInvest and raw SQL)
    .venv/bin/python bench/compare.py --sizes 10000,100000

For each size: ZoneInvest gets its own database (migrated, filled by `zoneinvest synth` when the
command exists, else by a small generator here), BottleCRM (`django-crm` 1.35.0, in its own
virtualenv under /tmp/zoneinvest-bench) its own database owned by a non-superuser role (its row
level security is forced), migrated once and kept as a template, seeded with the same number of
deals (bench/bottlecrm/seed.py). Both are served by gunicorn on 127.0.0.1, 2 sync workers, DEBUG
off, and measured over HTTP by the same client (http.client in threads): p50 / p95 of RUNS
requests, requests/s under 8 clients; raw SQL is the same result read by psycopg directly. A
read set against raw SQL (the list, a project, the board, the dashboard, the event report,
search) is timed in turns with raw SQL in process and over HTTP (`timed_in_turns`), so the
ratios do not take a machine's slower minutes for a difference between them.
Servers are stopped at the end whatever happens (their process group is killed).

Prints one Markdown table (ratios of time: ZoneInvest ÷ raw SQL, BottleCRM ÷ ZoneInvest; above 1
is slower) with the machine, and writes it to bench/results/compare-<date>.md.
"""

# A benchmark: it runs the programs and SQL it builds itself, from its own constants.
# ruff: noqa: S603, S608, S108

import argparse
import contextlib
import datetime as dt
import http.client
import io
import json
import os
import platform
import signal
import statistics
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import inprocess  # bench/, the script's own folder

ROOT = Path(__file__).resolve().parents[1]
WORK = Path(os.environ.get("BENCH_WORK", "/tmp/zoneinvest-bench"))
BCRM_VENV = WORK / "bottlecrm-venv"
BCRM_VERSION = "1.35.0"
BCRM_ROLE = "bench_bottlecrm"
BCRM_TEMPLATE = "bench_bottlecrm_template"
BCRM_MAX = 100_000  # as its own figures: BottleCRM is not run above this
PG = "host=127.0.0.1 port=5432 user=postgres"
RUNS = 30
# An operation of a second or more (BottleCRM's list and board) is timed at least MIN_RUNS times,
# and no more once its runs have taken BUDGET_SECONDS: thirty would take over a minute each.
MIN_RUNS = 10
BUDGET_SECONDS = 10
# A read ZoneInvest's figure is set against raw SQL's (in process and over HTTP) is timed in
# turns with them, in the ZoneInvest phase: up to TURNS rounds of a block of TURN_RUNS runs
# each (after one untimed call), no new round once TURN_BUDGET_SECONDS have passed (at least
# MIN_TURNS rounds).
TURNS, TURN_RUNS, MIN_TURNS, TURN_BUDGET_SECONDS = 10, 6, 2, 20
# Before its runs an operation is called WARM_CALLS times (fewer once WARM_SECONDS have passed,
# at least two), so each of a server's two workers has started, compiled and prepared what it
# sends (psycopg prepares a statement on its fifth run on a connection) before a run is timed:
# with two calls, a worker's first request (~1 s) and its unprepared ones fell among the runs.
WARM_CALLS = 40
WARM_SECONDS = 5
CLIENTS = 8
LOAD_SECONDS = 10
EVENT_SIGNINGS = 10_000  # the event report is measured at this many signings
IMPORT_ROWS = 5_000  # BottleCRM's lead import takes at most 5,000 rows a file
ZI_PORT, BCRM_PORT, RAW_PORT = 8731, 8732, 8733
SECRET = "bench-" + "x" * 50

PHASES: list[tuple[str, float]] = []


@contextlib.contextmanager
def phase(name: str) -> Iterator[None]:
    start = time.perf_counter()
    print(f"== {name} …", flush=True)
    try:
        yield
    finally:
        took = time.perf_counter() - start
        PHASES.append((name, took))
        print(f"== {name}: {took:.1f} s", flush=True)


# ---------------------------------------------------------------- PostgreSQL


def pg(sql: str, dbname: str = "postgres") -> list[tuple[Any, ...]]:
    import psycopg

    with psycopg.connect(f"{PG} dbname={dbname}", autocommit=True) as conn:
        cur = conn.execute(sql)
        return cur.fetchall() if cur.description else []


def recreate(db: str, owner: str = "postgres", template: str | None = None) -> None:
    pg(f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)')
    extra = f' TEMPLATE "{template}"' if template else ""
    pg(f'CREATE DATABASE "{db}" OWNER "{owner}"{extra}')


# ---------------------------------------------------------------- servers


class Server:
    """gunicorn in its own process group; `peak` is the largest sum of RSS seen (MB)."""

    def __init__(self, name: str, cmd: list[str], env: dict[str, str], cwd: Path, port: int):
        self.name, self.port, self.peak = name, port, 0.0
        self.log = open(WORK / f"{name}-server.log", "w")  # noqa: SIM115
        self.proc = subprocess.Popen(
            cmd, env=env, cwd=cwd, stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True
        )
        self._stop = threading.Event()
        self._sampler = threading.Thread(target=self._sample, daemon=True)
        self._sampler.start()
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                break
            try:
                request(port, "GET", "/")
                return
            except OSError:
                time.sleep(0.5)
        self.stop()  # never leave it running
        raise RuntimeError(f"{name} did not start or answer in 120 s; see {self.log.name}")

    def _pids(self) -> list[int]:
        pids = [self.proc.pid]
        with contextlib.suppress(OSError):
            children = Path(f"/proc/{self.proc.pid}/task/{self.proc.pid}/children").read_text()
            pids += [int(p) for p in children.split()]
        return pids

    def rss_mb(self) -> float:
        total = 0
        for pid in self._pids():
            with contextlib.suppress(OSError):
                for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1])
        return total / 1024

    def _sample(self) -> None:
        while not self._stop.wait(0.25):
            self.peak = max(self.peak, self.rss_mb())

    def stop(self) -> None:
        self._stop.set()
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.proc.pid, signal.SIGTERM)
        try:
            self.proc.wait(15)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(5)
        self.log.close()


def gunicorn(python: Path, app: str, port: int) -> list[str]:
    return [
        str(python),
        "-m",
        "gunicorn",
        app,
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        "2",
        "--timeout",
        "300",
        "--log-level",
        "warning",
    ]


# ---------------------------------------------------------------- client


def request(
    port: int, method: str, path: str, headers: dict[str, str] | None = None, body: bytes = b""
) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=300)
    try:
        conn.request(method, path, body=body or None, headers=headers or {})
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


Call = Callable[[], Any]


ERRORS: list[str] = []


def timed(call: Call, runs: int = RUNS) -> tuple[float, float] | None:
    """p50 and p95 in ms of `runs` calls (fewer, at least MIN_RUNS, for an operation slow enough
    to spend more than BUDGET_SECONDS on them), after up to WARM_CALLS to warm up; None (noted)
    if it fails."""
    try:
        return _timed(call, runs)
    except Exception as error:  # noqa: BLE001 - one failed operation must not end the run
        ERRORS.append(str(error)[:300])
        print(f"   failed: {str(error)[:300]}", flush=True)
        return None


def _warm(call: Call) -> None:
    deadline = time.perf_counter() + WARM_SECONDS
    for number in range(WARM_CALLS):
        if number >= 2 and time.perf_counter() > deadline:
            return
        call()


def _timed(call: Call, runs: int) -> tuple[float, float]:
    _warm(call)
    times: list[float] = []
    deadline = time.perf_counter() + BUDGET_SECONDS
    while len(times) < runs and (len(times) < MIN_RUNS or time.perf_counter() < deadline):
        start = time.perf_counter()
        call()
        times.append((time.perf_counter() - start) * 1000)
    return _p50_p95(times)


def timed_in_turns(calls: dict[str, Call]) -> dict[str, tuple[float, float] | None]:
    """p50 and p95 in ms of each call, the calls taking turns in blocks of TURN_RUNS runs
    (after each's warm-up): a machine slower for a minute slows each alike, where timed
    one after another, minutes apart, it weighed on one and not the other. None (noted) for all
    if one fails."""
    try:
        for call in calls.values():
            _warm(call)
        times: dict[str, list[float]] = {name: [] for name in calls}
        deadline = time.perf_counter() + TURN_BUDGET_SECONDS
        for turn in range(TURNS):
            if turn >= MIN_TURNS and time.perf_counter() > deadline:
                break
            for name, call in calls.items():
                call()  # untimed: a block starts as warm as a run of one call alone would
                for _ in range(TURN_RUNS):
                    start = time.perf_counter()
                    call()
                    times[name].append((time.perf_counter() - start) * 1000)
    except Exception as error:  # noqa: BLE001 - one failed operation must not end the run
        ERRORS.append(str(error)[:300])
        print(f"   failed: {str(error)[:300]}", flush=True)
        return dict.fromkeys(calls)
    return {name: _p50_p95(values) for name, values in times.items()}


def _p50_p95(times: list[float]) -> tuple[float, float]:
    times = sorted(times)
    return statistics.median(times), times[max(0, int(len(times) * 0.95) - 1)]


def under_load(make: Callable[[], Call], seconds: float = LOAD_SECONDS) -> float:
    """Requests per second of CLIENTS threads calling for `seconds`."""
    done = [0] * CLIENTS
    deadline = time.perf_counter() + seconds

    def client(n: int) -> None:
        call = make()
        while time.perf_counter() < deadline:
            call()
            done[n] += 1

    start = time.perf_counter()
    threads = [threading.Thread(target=client, args=(n,)) for n in range(CLIENTS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return sum(done) / (time.perf_counter() - start)


def http_call(
    port: int,
    method: str,
    path: str,
    headers: dict[str, str],
    body: Any = None,
    ok: tuple[int, ...] = (200,),
) -> Call:
    def call() -> bytes:
        payload = body() if callable(body) else body
        data = json.dumps(payload).encode() if isinstance(payload, dict) else payload or b""
        extra = {"Content-Type": "application/json"} if isinstance(payload, dict) else {}
        status, content = request(port, method, path, {**headers, **extra}, data)
        if status not in ok:
            raise RuntimeError(f"{method} {path}: {status} {content[:300]!r}")
        return content

    return call


def multipart(field: str, filename: str, content: bytes) -> tuple[str, bytes]:
    boundary = uuid.uuid4().hex
    head = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="{field}"; filename="{filename}"'
        "\r\nContent-Type: text/csv\r\n\r\n"
    ).encode()
    return (
        f"multipart/form-data; boundary={boundary}",
        head + content + f"\r\n--{boundary}--\r\n".encode(),
    )


# ---------------------------------------------------------------- ZoneInvest


def zi_env(db: str, home: Path | None = None) -> dict[str, str]:
    """ZoneInvest's production settings for a benchmark (also bench/portal_load.py's)."""
    home = home or WORK / "zoneinvest-home"
    return {
        **os.environ,
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{db}",
        "ZONEINVEST_HOME": str(home),
        "MEDIA_ROOT": str(home / "media"),
        "PRIVATE_ROOT": str(home / "private"),
        "STATIC_ROOT": inprocess.static_root(str(home / "static")),
        "SECRET_KEY": SECRET,
        "DEBUG": "false",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "false",
        "SECURE_COOKIES": "false",
        "AXES_ENABLED": "false",
        "FAST_PASSWORD_HASHER": "true",
        "API_RATE_LIMIT_PER_MINUTE": "100000000",
        "PYTHONPATH": str(ROOT / "src"),
        "DJANGO_SETTINGS_MODULE": "zoneinvest.settings",
    }


def zi_setup(size: int) -> None:
    """(In a subprocess, ZoneInvest's environment.) Migrate, fill, and print the credentials."""
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.core.management import call_command, get_commands
    from django.db import connection
    from django.db.models import Count

    from zoneinvest.accounts.models import Role, User
    from zoneinvest.accounts.services import token_create, user_create
    from zoneinvest.accounts.two_factor import mark_verified
    from zoneinvest.core.models import FxRate, Zone
    from zoneinvest.pipeline.models import Project

    call_command("migrate", verbosity=0)
    inprocess.collect_static()
    if "synth" in get_commands():
        cmd = [
            str(Path(sys.executable).with_name("zoneinvest")),
            "synth",
            "--zones",
            "1",
            "--companies",
            str(max(200, size // 5)),
            "--projects",
            str(size),
            "--activities",
            str(size),
            "--seed",
            "1",
        ]
        subprocess.run(cmd, check=True, stdout=sys.stderr)
        how = "zoneinvest synth"
    else:
        zi_fallback_fill(size)
        how = "bench/compare.py fallback generator"
    for quote, rate in (("USD", "6.8"), ("EUR", "7.3")):
        if not FxRate.objects.filter(base=quote, quote="CNY").exists():
            FxRate.objects.create(
                date="2020-01-01", base=quote, quote="CNY", rate=rate, source="bench"
            )
    zones = list(Zone.objects.all())
    user = User.objects.filter(username="bench-director").first() or user_create(
        username="bench-director",
        password="bench-only",  # noqa: S106
        role=Role.DIRECTOR,
        zones=zones,
    )
    _, token = token_create(user=user, name="bench", days=30, read_only=False)
    engine = __import__(settings.SESSION_ENGINE, fromlist=["SessionStore"])
    session = engine.SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    mark_verified(session)  # the director has passed the second log-in step
    session.create()
    event = conference(zones[0], EVENT_SIGNINGS)
    if "search_reindex" in get_commands():
        call_command("search_reindex", verbosity=0)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    top = (Project.objects.values("stage").annotate(n=Count("id")).order_by("-n").first() or {})[
        "stage"
    ]
    print(
        json.dumps(
            {
                "token": token,
                "cookie": f"{settings.SESSION_COOKIE_NAME}={session.session_key}",
                "stage": top,
                "project": Project.objects.order_by("id").values_list("id", flat=True)[0],
                "zones": [z.pk for z in zones],
                "event": event,
                "projects": Project.objects.count(),
                "filled_by": how,
            }
        )
    )


def conference(zone: Any, signings: int) -> int:
    """An event of `zone` with `signings` first signings of as many of its projects (fewer if
    the zone has fewer), at two venues: the event report's worst case. Its id."""
    from django.utils import timezone

    from zoneinvest.events.models import Event, Signing, Venue
    from zoneinvest.pipeline.models import Project

    event = Event.objects.create(zone=zone, name_en="Bench conference", date=timezone.localdate())
    venues = [
        Venue.objects.create(zone=zone, event=event, name_en=name, position=i)
        for i, name in enumerate(("Chongqing", "Singapore"))
    ]
    projects = Project.objects.filter(zone=zone).order_by("id").values_list("id", "currency")
    batch = [
        Signing(
            zone=zone,
            project_id=pk,
            event=event,
            venue=venues[i % 2],
            date=event.date,
            amount=1_000_000 + i,
            counted_amount=1_000_000 + i,
            currency=currency,
        )
        for i, (pk, currency) in enumerate(projects[:signings])
    ]
    Signing.objects.bulk_create(batch, batch_size=5_000)
    return event.pk


def zi_fallback_fill(size: int) -> None:
    """Until `zoneinvest synth` exists: one zone, a chain, companies, projects on every stage."""
    from decimal import Decimal

    from zoneinvest.accounts.models import Role
    from zoneinvest.accounts.services import user_create
    from zoneinvest.core.models import Zone
    from zoneinvest.industries.services import chain_create
    from zoneinvest.pipeline.models import Company, Project
    from zoneinvest.pipeline.stages import BOARD_COLUMNS

    zone = Zone.objects.create(code="bench", name="Bench zone", parent_city="Chongqing")
    owner = user_create(
        username="bench-owner",
        password="bench-only",  # noqa: S106
        role=Role.OFFICER,
        zones=[zone],
    )
    chain = chain_create(
        zone=zone, code="nev", name_en="NEV", name_zh="新能源汽车", sector="manufacturing"
    )
    countries = ("DE", "US", "JP", "KR", "FR", "SG", "CN", "GB")
    companies = Company.objects.bulk_create(
        [
            Company(
                zone=zone,
                name=f"Company {i}",
                normalized_name=f"company {i}",
                country=countries[i % len(countries)],
            )
            for i in range(max(200, size // 5))
        ],
        batch_size=5000,
    )
    for start in range(0, size, 20_000):
        Project.objects.bulk_create(
            [
                Project(
                    zone=zone,
                    title=f"Project {i}",
                    company=companies[i % len(companies)],
                    chain=chain,
                    owner=owner,
                    stage=BOARD_COLUMNS[i % len(BOARD_COLUMNS)],
                    currency=("CNY", "USD", "EUR")[i % 3],
                    total_investment=Decimal(1_000_000 + (i * 7919) % 99_000_000),
                )
                for i in range(start, min(size, start + 20_000))
            ],
            batch_size=5000,
        )


def project_file(rows: int) -> io.BytesIO:
    """bench/imports.py's file: 2,000 investors, five chains, stages lead to negotiating."""
    stages = ("lead", "lead", "lead", "qualified", "negotiating")
    countries = ("DE", "US", "JP", "KR", "FR", "SG", "CN", "GB")
    lines = ["External id,Title,Investor,Country,Chain,Stage,Total investment,Expected signing"]
    for i in range(rows):
        stage = stages[i % len(stages)]
        amount = f"{(i % 997 + 1) * 1_000_000}" if stage != "lead" else ""
        signing = "2024-06-30" if stage == "negotiating" else ""
        lines.append(
            f"B-{i},Project {i},Investor {i % 2000} Ltd,{countries[i % len(countries)]},"
            f"chain{i % 5},{stage},{amount},{signing}"
        )
    return io.BytesIO(("\n".join(lines) + "\n").encode())


def zi_import(rows: int) -> None:
    """(In a subprocess.) The office's import of a `rows`-line project file, as the worker runs
    it (bench/imports.py): upload + map + check, then check again and write; prints seconds."""
    import django

    django.setup()
    from zoneinvest.accounts.models import User
    from zoneinvest.core.models import Zone
    from zoneinvest.industries.models import IndustryChain as Chain
    from zoneinvest.industries.services import chain_create
    from zoneinvest.reports.jobs import import_job, validate_job
    from zoneinvest.reports.models import Job
    from zoneinvest.reports.services import import_commit, import_map_and_check, import_upload

    zone = Zone.objects.order_by("id").first()
    director = User.objects.get(username="bench-director")
    for n in range(5):
        if not Chain.objects.filter(zone=zone, code=f"chain{n}").exists():
            chain_create(
                zone=zone,
                code=f"chain{n}",
                name_en=f"Chain {n}",
                name_zh=f"产业链{n}",
                sector="manufacturing",
                by=director,
            )
    content = project_file(rows)  # as bench/imports.py's file
    start = time.perf_counter()
    job = import_upload(zone=zone, kind="projects", stream=content, name="b.csv", by=director)
    mapping = {**job.mapping, "est_signing_date": "Expected signing"}
    import_map_and_check(job=job, mapping=mapping, by=director)
    validate_job.call(job.pk)
    job.refresh_from_db()
    assert job.error_count == 0, job.row_errors[:3]
    import_commit(job=job, by=director)
    import_job.call(job.pk)
    took = time.perf_counter() - start
    job = Job.objects.get(pk=job.pk)
    assert job.status == "done", job.error
    print(json.dumps({"seconds": took}))


def run_json(cmd: list[str], env: dict[str, str], cwd: Path = ROOT) -> dict[str, Any]:
    out = subprocess.run(cmd, env=env, cwd=cwd, capture_output=True, text=True)
    if out.returncode:
        raise RuntimeError(f"{' '.join(cmd[1:3])} failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


# ---------------------------------------------------------------- BottleCRM


def bcrm_env(db: str) -> dict[str, str]:
    return {
        **{k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "PYTHONPATH")},
        "DJANGO_SETTINGS_MODULE": "crm.settings",
        "SECRET_KEY": SECRET,
        "ENV_TYPE": "dev",
        "DEBUG": "False",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DBNAME": db,
        "DBUSER": BCRM_ROLE,
        "DBPASSWORD": "bench",
        "DBHOST": "127.0.0.1",
        "DBPORT": "5432",
        "CELERY_BROKER_URL": "memory://",
        "IMPORT_THROTTLE": "1000/minute",
    }


def bcrm_install() -> Path:
    python = BCRM_VENV / "bin" / "python"
    usable = (
        python.exists()
        and subprocess.run(
            [str(python), "-c", "import crm, gunicorn"], capture_output=True
        ).returncode
        == 0
    )
    if not usable:
        uv = ROOT / ".venv" / "bin" / "uv"
        subprocess.run([str(uv), "venv", "-q", "-p", sys.executable, str(BCRM_VENV)], check=True)
        subprocess.run(
            [str(uv), "pip", "install", "-q", f"django-crm=={BCRM_VERSION}", "gunicorn"],
            env={**os.environ, "VIRTUAL_ENV": str(BCRM_VENV)},
            check=True,
        )
    return python


def bcrm_template(python: Path, fresh: bool) -> None:
    """Its 240 migrations, once: kept as a template database (owned by its role) for next runs."""
    if not pg(f"SELECT 1 FROM pg_roles WHERE rolname = '{BCRM_ROLE}'"):
        pg(f"CREATE ROLE {BCRM_ROLE} LOGIN PASSWORD 'bench' NOSUPERUSER NOBYPASSRLS")
    exists = pg(f"SELECT 1 FROM pg_database WHERE datname = '{BCRM_TEMPLATE}'")
    if exists and not fresh:
        return
    recreate(BCRM_TEMPLATE, owner=BCRM_ROLE)
    subprocess.run(
        [str(python), "manage.py", "migrate", "-v", "0"],
        env=bcrm_env(BCRM_TEMPLATE),
        cwd=ROOT / "bench" / "bottlecrm",
        check=True,
    )


# ---------------------------------------------------------------- raw SQL

# What the API's ProjectOut holds: every column of the project, its zone's code and names, its
# investor's, chain's and owner's names.
LIST_COLS = """p.*, z.code, z.name_en, z.name_zh_hans, c.name_en, c.name_zh_hans, ch.code,
  ch.name_en, ch.name_zh_hans, u.username, u.display_name, u.first_name, u.last_name"""
LIST_FROM = """pipeline_project p JOIN core_zone z ON z.id = p.zone_id
  LEFT JOIN pipeline_company c ON c.id = p.company_id
  LEFT JOIN industries_industrychain ch ON ch.id = p.chain_id
  LEFT JOIN accounts_user u ON u.id = p.owner_id"""
# What a board card holds (the API's BoardCardOut).
CARD_COLS = """p.id, p.title_en, p.title_zh_hans, p.company_id, c.name_en, c.name_zh_hans,
  p.owner_id, u.username, u.display_name, u.first_name, u.last_name, p.total_investment,
  p.currency, p.stage_changed_at, p.version"""
CARD_FROM = """pipeline_project p LEFT JOIN pipeline_company c ON c.id = p.company_id
  LEFT JOIN accounts_user u ON u.id = p.owner_id"""
ROAD = ("lead", "qualified", "negotiating", "signed", "registered", "construction", "operating")
WHERE = "p.zone_id IN (ZONE_IDS) AND p.stage = %(stage)s AND p.total_investment >= %(min)s"


class Raw:
    """The same results read by psycopg directly: the limit."""

    def __init__(self, db: str, setup: dict[str, Any]):
        import psycopg

        self.setup = setup
        self.zone_ids = ", ".join(str(int(z)) for z in setup["zones"])
        self.dsn = f"{PG} dbname={db} options='-c jit=off'"  # as ZoneInvest's connections
        self.conn = psycopg.connect(self.dsn)
        self.auto: Any = None  # page_count_own_form's connection, in autocommit
        self.args = {
            "zones": setup["zones"],
            "stage": setup["stage"],
            "min": 1_000_000,
            "pk": setup["project"],
            "zone_tags": " | ".join(f"zzone{z}" for z in setup["zones"]),
        }
        cols = [
            r[0]
            for r in self.conn.execute(
                "SELECT column_name FROM information_schema.columns "
                "WHERE table_name = 'pipeline_project' AND column_name <> 'id' "
                "ORDER BY ordinal_position"
            )
        ]
        self.cols = cols
        self.conn.commit()

    def sql(self, text: str) -> str:
        """The zones as a literal list, as Django writes them (`zone_id IN (1)`): with a list the
        planner sees the values and uses the (zone, …) indexes' order; `= ANY(array)` it cannot."""
        return text.replace("ZONE_IDS", self.zone_ids)

    def q(self, sql: str, conn: Any = None) -> list[Any]:
        conn = conn or self.conn
        rows = conn.execute(self.sql(sql), self.args).fetchall()
        conn.commit()
        return rows

    def page(self, conn: Any = None) -> Any:
        return self.q(
            f"SELECT {LIST_COLS} FROM {LIST_FROM} WHERE {WHERE} "
            "ORDER BY p.updated_at DESC, p.id DESC LIMIT 50",
            conn,
        )

    def page_count(self, conn: Any = None) -> Any:
        count = self.q(f"SELECT count(*) FROM pipeline_project p WHERE {WHERE}", conn)
        return {"items": self.page(conn), "count": count[0][0]}

    def page_count_own_form(self) -> Any:
        """The list as ZoneInvest now reads it: the page and its count in one statement (the
        count a subquery of the page's), planned once for any values (`set_config` of
        `plan_cache_mode` for the statement alone, sent with it in one pipeline, as
        core/db/postgresql does), on a connection in autocommit. `page_count` is the same
        result as written by hand: two reads, each in its transaction, psycopg's defaults."""
        import psycopg

        if self.auto is None:
            self.auto = psycopg.connect(self.dsn, autocommit=True)
        sql = self.sql(
            f"SELECT {LIST_COLS}, (SELECT count(*) FROM pipeline_project p WHERE {WHERE}) "
            f"FROM {LIST_FROM} WHERE {WHERE} ORDER BY p.updated_at DESC, p.id DESC LIMIT 50"
        )
        with self.auto.pipeline():
            self.auto.execute("SELECT set_config('plan_cache_mode', 'force_generic_plan', true)")
            cursor = self.auto.execute(sql, self.args)
        rows = cursor.fetchall()
        return {"items": rows, "count": rows[0][-1] if rows else 0}

    def page_totals(self) -> Any:
        self.q(
            f"SELECT p.currency, count(*), sum(p.total_investment) FROM pipeline_project p "
            f"WHERE {WHERE} GROUP BY p.currency"
        )
        return self.page()

    def detail(self) -> Any:
        return self.q(f"SELECT {LIST_COLS} FROM {LIST_FROM} WHERE p.id = %(pk)s")

    def board(self, kept: bool = False) -> Any:
        """The board's columns: each stage's count and total by currency, counted from the
        projects (or, `kept`, read from the stage totals ZoneInvest keeps with them), and
        each column's 20 latest moved cards."""
        totals = self.q(
            "SELECT stage, currency, sum(projects), sum(total_cents) FROM pipeline_stagetotal "
            "WHERE zone_id IN (ZONE_IDS) AND projects <> 0 GROUP BY stage, currency"
            if kept
            else "SELECT stage, currency, count(*), sum(total_investment) FROM pipeline_project p "
            "WHERE p.zone_id IN (ZONE_IDS) GROUP BY stage, currency"
        )
        columns = {}
        for stage in (*ROAD, "on_hold", "lost"):  # the board's columns
            columns[stage] = self.conn.execute(
                self.sql(
                    f"SELECT {CARD_COLS} FROM {CARD_FROM} WHERE p.zone_id IN (ZONE_IDS) "
                    "AND p.stage = %(s)s ORDER BY p.stage_changed_at DESC, p.id DESC LIMIT 20"
                ),
                {**self.args, "s": stage},
            ).fetchall()
        self.conn.commit()
        return {"totals": totals, "columns": columns}

    def dashboard(self) -> Any:
        """The KPIs' result: the funnel of stages ever reached (each project's furthest stage
        on the main road, kept with the project), the capital contracted and arrived, totals by
        chain, sector and investor's country."""
        results: list[Any] = []
        read = lambda sql: results.append(self.q(sql))  # noqa: E731
        read(
            "SELECT furthest_stage_index, count(*) FROM pipeline_project p "
            "WHERE p.zone_id IN (ZONE_IDS) GROUP BY 1"
        )
        read(  # the capital contracted, against which the arrivals are a ratio
            "SELECT p.currency, sum(p.contracted_amount) FROM pipeline_project p "
            "WHERE p.zone_id IN (ZONE_IDS) AND p.contracted_amount IS NOT NULL GROUP BY 1"
        )
        read(
            "SELECT p.currency, ca.date, sum(ca.amount) FROM pipeline_capitalarrival ca "
            "JOIN pipeline_project p ON p.id = ca.project_id WHERE p.zone_id IN (ZONE_IDS) "
            "GROUP BY 1, 2"
        )
        for group in ("p.chain_id", "p.sector", "c.country"):
            read(
                f"SELECT {group}, p.currency, count(*), sum(p.total_investment) "
                "FROM pipeline_project p LEFT JOIN pipeline_company c ON c.id = p.company_id "
                f"WHERE p.zone_id IN (ZONE_IDS) GROUP BY {group}, p.currency"
            )
        # The rest of what the dashboard shows: its chains' output targets, the latest
        # campaign's signings against its targets, the exchange rates everything is turned
        # into yuan with.
        read(
            "SELECT t.*, ch.code, ch.name_en FROM industries_clustertarget t "
            "JOIN industries_industrychain ch ON ch.id = t.chain_id "
            "WHERE ch.zone_id IN (ZONE_IDS) ORDER BY t.year DESC, ch.position"
        )
        read(
            "SELECT s.currency, s.date, s.first_signing, p.chain_id, count(*), sum(s.amount), "
            "sum(s.counted_amount) FROM events_signing s "
            "JOIN pipeline_project p ON p.id = s.project_id "
            "JOIN events_event e ON e.id = s.event_id WHERE e.campaign_id = ("
            "SELECT id FROM events_campaign WHERE zone_id IN (ZONE_IDS) "
            "ORDER BY id DESC LIMIT 1) GROUP BY 1, 2, 3, 4"
        )
        read(  # that campaign's targets per chain and its events
            "SELECT t.*, ch.code, ch.name_en, ch.name_zh_hans FROM events_campaignchaintarget t "
            "JOIN industries_industrychain ch ON ch.id = t.chain_id WHERE t.campaign_id = ("
            "SELECT id FROM events_campaign WHERE zone_id IN (ZONE_IDS) ORDER BY id DESC LIMIT 1)"
        )
        read(
            "SELECT * FROM events_event WHERE campaign_id = (SELECT id FROM events_campaign "
            "WHERE zone_id IN (ZONE_IDS) ORDER BY id DESC LIMIT 1) ORDER BY date, id"
        )
        read("SELECT date, base, quote, rate FROM core_fxrate ORDER BY date")
        return results

    def event_report(self) -> Any:
        """The report's figures: signings grouped by what it slices by, the differences."""
        args = {"event": self.setup["event"]}
        slices = self.conn.execute(
            "SELECT p.sector, p.chain_id, c.country, s.venue_id, s.currency, s.first_signing, "
            "count(*), sum(s.amount), sum(s.counted_amount) FROM events_signing s "
            "JOIN pipeline_project p ON p.id = s.project_id "
            "LEFT JOIN pipeline_company c ON c.id = p.company_id WHERE s.event_id = %(event)s "
            "GROUP BY 1, 2, 3, 4, 5, 6",
            args,
        ).fetchall()
        differences = self.conn.execute(
            "SELECT s.*, p.title_en FROM events_signing s "
            "JOIN pipeline_project p ON p.id = s.project_id WHERE s.event_id = %(event)s "
            "AND (NOT s.first_signing OR s.counted_amount < s.amount) ORDER BY s.date, s.id",
            args,
        ).fetchall()
        self.conn.commit()
        return {"slices": slices, "differences": differences}

    def search(self) -> Any:
        """The search's query for one word, as the PostgreSQL backend sends it (the caller's
        zones in the full-text condition, at most 2,000 candidates ranked)."""
        return self.q(
            "SELECT e.id, e.kind, e.object_id, e.title_en, e.title_zh, e.summary_en, "
            "e.summary_zh, e.slug, ts_rank_cd(e.document, to_tsquery('simple', 'battery:*')) "
            "AS rank FROM (SELECT * FROM search_searchentry e WHERE e.document @@ "
            "to_tsquery('simple', 'battery:* & (' || %(zone_tags)s || ')') LIMIT 2000) e "
            "ORDER BY rank DESC, e.id DESC LIMIT 20"
        )

    def _copy_rows(self, n: int) -> int:
        template = self.conn.execute(
            f"SELECT {', '.join(self.cols)} FROM pipeline_project WHERE id = %(pk)s", self.args
        ).fetchone()
        titles = [self.cols.index(c) for c in ("title", "title_en") if c in self.cols]
        external = self.cols.index("external_id") if "external_id" in self.cols else None
        tag = uuid.uuid4().hex[:8]
        with self.conn.cursor() as cur:
            with cur.copy(f"COPY pipeline_project ({', '.join(self.cols)}) FROM STDIN") as copy:
                for i in range(n):
                    row = list(template)
                    for title in titles:
                        row[title] = f"Raw {tag} {i}"
                    if external is not None:
                        row[external] = f"raw-{tag}-{i}"
                    copy.write_row(row)
        self.conn.commit()
        return n

    def create(self) -> Any:
        return self._copy_rows(1)

    def import_rows(self) -> float:
        start = time.perf_counter()
        self._copy_rows(IMPORT_ROWS)
        return IMPORT_ROWS / (time.perf_counter() - start)

    def export(self) -> Any:
        import psycopg

        with psycopg.ClientCursor(self.conn) as cur:
            sql = f"COPY (SELECT {LIST_COLS} FROM {LIST_FROM} WHERE {WHERE}) TO STDOUT WITH CSV"
            with cur.copy(cur.mogrify(self.sql(sql), self.args)) as copy:
                size = sum(len(block) for block in copy)
        self.conn.commit()
        return size

    def close(self) -> None:
        for conn in (self.conn, self.auto):
            if conn is not None:
                conn.close()

    def clean(self) -> None:
        """Take out the rows written here, so ZoneInvest reads the same set."""
        self.conn.execute("DELETE FROM pipeline_project WHERE title LIKE 'Raw %%'")
        self.conn.commit()
        self.conn.autocommit = True
        self.conn.execute("VACUUM ANALYZE pipeline_project")
        # The writes above are flushed now, not by a checkpoint while the next column is timed:
        # the raw reads were timed before these writes, the next column's come after them.
        self.conn.execute("CHECKPOINT")
        self.conn.autocommit = False

    def under_load(self) -> float:
        import psycopg

        def make() -> Call:
            conn = psycopg.connect(self.dsn)
            return lambda: self.page_count(conn)

        return under_load(make)


# ---------------------------------------------------------------- one size


def measure_size(size: int, args: argparse.Namespace, bcrm_python: Path | None) -> dict[str, Any]:
    zi_db, bc_db = f"bench_zi_{size}", f"bench_bottlecrm_{size}"
    res: dict[str, Any] = {"size": size, "raw": {}, "raw_http": {}, "zi": {}, "bc": {}}
    servers: list[Server] = []
    try:
        with phase(f"{size:,}: ZoneInvest database (migrate + fill + ANALYZE)"):
            recreate(zi_db, template=os.environ.get("BENCH_TEMPLATE"))  # bench/all.sh
            setup = run_json([sys.executable, __file__, "_zi_setup", str(size)], zi_env(zi_db))
            res["filled_by"] = setup["filled_by"]
            res["zi_projects"] = setup["projects"]
        raw = Raw(zi_db, setup)
        with phase(f"{size:,}: raw SQL"):
            # The reads set against ZoneInvest's are timed in turns with it, below.
            r = res["raw"]
            r["list_totals"] = timed(raw.page_totals)
            r["board_kept"] = timed(lambda: raw.board(kept=True))
            r["create"] = timed(raw.create)
            r["export"] = timed(raw.export, 10)
            r["load"] = raw.under_load()
            r["import"] = raw.import_rows()
            raw.clean()
            res["explain"] = [
                row[0]
                for row in raw.conn.execute(
                    raw.sql(
                        f"EXPLAIN (ANALYZE, BUFFERS) SELECT {LIST_COLS} FROM {LIST_FROM} WHERE "
                        f"{WHERE} ORDER BY p.updated_at DESC, p.id DESC LIMIT 50"
                    ),
                    raw.args,
                )
            ]
            raw.conn.rollback()
        with phase(f"{size:,}: raw SQL over HTTP started (bench/raw_http.py, gunicorn, 2 workers)"):
            # Its reads are timed in turns with ZoneInvest's, below; it runs until then.
            env = {**os.environ, "RAW_DB": zi_db, "RAW_SETUP": json.dumps(setup)}
            command = gunicorn(Path(sys.executable), "raw_http:application", RAW_PORT)
            raw_server = Server("raw-http", command, env, ROOT / "bench", RAW_PORT)
            servers.append(raw_server)
            h = res["raw_http"]
        with phase(
            f"{size:,}: ZoneInvest over HTTP (gunicorn, 2 workers; the reads set against raw "
            "SQL timed in turns with it, in process and over HTTP)"
        ):
            command = gunicorn(Path(sys.executable), "zoneinvest.wsgi:application", ZI_PORT)
            server = Server("zoneinvest", command, zi_env(zi_db), ROOT, ZI_PORT)
            servers.append(server)
            api = {"Authorization": f"Bearer {setup['token']}", "Host": "127.0.0.1"}
            office = {"Cookie": setup["cookie"], "Host": "127.0.0.1"}
            stage = setup["stage"]
            listing = f"/api/v1/projects?stage={stage}&min_amount=1000000&limit=50&offset=0"
            z = res["zi"]
            report = f"/api/v1/events/{setup['event']}/report"
            in_turns = {  # key: ZoneInvest's path, raw SQL's call
                "list": (listing, raw.page_count),
                "detail": (f"/api/v1/projects/{setup['project']}", raw.detail),
                "board": ("/api/v1/board", raw.board),
                "dashboard": ("/api/v1/kpis", raw.dashboard),
                "event_report": (report, raw.event_report),
                "search": ("/api/v1/search?q=battery", raw.search),
            }
            for key, (path, raw_call) in in_turns.items():
                calls = {
                    "zi": http_call(ZI_PORT, "GET", path, api),
                    "raw": raw_call,
                    "raw_http": http_call(RAW_PORT, "GET", f"/{key}", {"Host": "127.0.0.1"}),
                }
                if key == "list":
                    calls["own_form"] = raw.page_count_own_form
                turns = timed_in_turns(calls)
                z[key], r[key], h[key] = turns["zi"], turns["raw"], turns["raw_http"]
                if key == "list":
                    r["list_own_form"] = turns["own_form"]
            r["list_page"], h["list_page"] = r["list"], h["list"]
            r["board_page"], h["board_page"] = r["board"], h["board"]
            raw_server.stop()
            servers.remove(raw_server)
            z["board_page"] = timed(http_call(ZI_PORT, "GET", "/en/office/board/", office))
            z["list_page"] = timed(
                http_call(
                    ZI_PORT, "GET", f"/en/office/projects/?stage={stage}&min_amount=1000000", office
                )
            )
            counter = iter(range(10**9))
            body = lambda: {"title_en": f"Bench {next(counter)}"}  # noqa: E731
            z["create"] = timed(http_call(ZI_PORT, "POST", "/api/v1/projects", api, body, (201,)))
            export = f"/en/office/projects/export.csv?stage={stage}&min_amount=1000000"
            z["export"] = timed(http_call(ZI_PORT, "GET", export, office), 10)
            z["load"] = under_load(lambda: http_call(ZI_PORT, "GET", listing, api))
            z["memory"] = server.peak
            server.stop()
            servers.remove(server)
        with phase(
            f"{size:,}: ZoneInvest import of {IMPORT_ROWS:,} rows (in-process, as the worker)"
        ):
            took = run_json(
                [sys.executable, __file__, "_zi_import", str(IMPORT_ROWS)], zi_env(zi_db)
            )
            z["import"] = IMPORT_ROWS / took["seconds"]
        raw.close()
        if bcrm_python is None or size > BCRM_MAX:
            return res
        with phase(f"{size:,}: BottleCRM database (from template + seed {size:,} deals)"):
            recreate(bc_db, owner=BCRM_ROLE, template=BCRM_TEMPLATE)
            seed = run_json(
                [str(bcrm_python), "seed.py", str(size)],
                bcrm_env(bc_db),
                ROOT / "bench" / "bottlecrm",
            )
            res["bc_deals"] = seed["deals"]
        with phase(f"{size:,}: BottleCRM over HTTP (gunicorn, 2 workers)"):
            server = Server(
                "bottlecrm",
                gunicorn(bcrm_python, "crm.wsgi:application", BCRM_PORT),
                bcrm_env(bc_db),
                ROOT / "bench" / "bottlecrm",
                BCRM_PORT,
            )
            servers.append(server)
            h = {"Authorization": f"Bearer {seed['token']}", "Host": "127.0.0.1"}
            code = seed["stages"][3][0]  # NEGOTIATION: an open stage, like ZoneInvest's filter
            listing = f"/api/opportunities/?stage={code}&amount__gte=10000&limit=50&offset=0"
            b = res["bc"]
            b["list_totals"] = timed(http_call(BCRM_PORT, "GET", listing, h))
            b["detail"] = timed(
                http_call(BCRM_PORT, "GET", f"/api/opportunities/{seed['deal']}/", h)
            )
            b["board"] = timed(http_call(BCRM_PORT, "GET", "/api/opportunities/kanban/", h))
            b["dashboard"] = timed(http_call(BCRM_PORT, "GET", "/api/dashboard/", h))
            counter = iter(range(10**9))
            body = lambda: {"name": f"Bench {next(counter)}", "stage": code, "amount": "50000"}  # noqa: E731
            b["create"] = timed(
                http_call(BCRM_PORT, "POST", "/api/opportunities/", h, body, (200, 201))
            )
            export = f"/api/opportunities/export/?stage={code}&amount__gte=10000"
            b["export"] = timed(http_call(BCRM_PORT, "GET", export, h), 10)
            b["load"] = under_load(lambda: http_call(BCRM_PORT, "GET", listing, h))
            lines = ["first_name,last_name,email,company_name"] + [
                f"Lead{i},Bench,lead{i}@bench.example,Company {i % 500}" for i in range(IMPORT_ROWS)
            ]
            ctype, body = multipart("file", "leads.csv", ("\n".join(lines) + "\n").encode())
            start = time.perf_counter()
            status, content = request(
                BCRM_PORT, "POST", "/api/leads/import/commit/", {**h, "Content-Type": ctype}, body
            )
            took = time.perf_counter() - start
            b["import"] = IMPORT_ROWS / took if status == 200 else None
            b["import_note"] = f"{status} {content[:40]!r}…"
            b["memory"] = server.peak
    finally:
        for server in servers:
            server.stop()
        if not args.keep:
            for db in (zi_db, bc_db):
                with contextlib.suppress(Exception):
                    pg(f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)')
    return res


# ---------------------------------------------------------------- the table

ROWS = [
    ("list", "filtered project list, page of 50 + count, p50 / p95 ms"),
    (
        "list_own_form",
        "the same list, raw SQL in ZoneInvest's own form (one statement, one plan), p50 / p95 ms",
    ),
    ("list_totals", "filtered list, page + totals (BottleCRM: its list), p50 / p95 ms"),
    ("list_page", "the same list as an office page (HTML), p50 / p95 ms"),
    ("detail", "project / deal detail, p50 / p95 ms"),
    ("board", "pipeline board: stage totals + 20 cards a column (API), p50 / p95 ms"),
    ("board_page", "pipeline board page (HTML, cards with move forms), p50 / p95 ms"),
    ("board_kept", "the board's API, raw SQL reading the same kept stage totals, p50 / p95 ms"),
    ("dashboard", "KPI dashboard aggregation, p50 / p95 ms"),
    ("event_report", f"event report of {EVENT_SIGNINGS:,} signings, p50 / p95 ms"),
    ("search", "full-text search, one word, top 20, p50 / p95 ms"),
    ("create", "create one record, p50 / p95 ms"),
    ("export", "export the filtered list (csv), p50 / p95 ms"),
    ("import", f"import {IMPORT_ROWS:,} rows, rows/s"),
    ("load", f"filtered list under {CLIENTS} clients, req/s"),
    ("memory", "server memory peak (master + 2 workers), MB"),
]
HIGHER_IS_BETTER = {"import", "load"}


def cell(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, tuple):
        return f"{value[0]:,.1f} / {value[1]:,.1f}"
    return f"{value:,.0f}" if value >= 100 else f"{value:,.1f}"


def ratio(key: str, slow: Any, fast: Any) -> str:
    """How many times the time of `slow` is that of `fast` (for rates: fast ÷ slow)."""
    if slow is None or fast is None:
        return "—"
    a = slow[0] if isinstance(slow, tuple) else slow
    b = fast[0] if isinstance(fast, tuple) else fast
    if not a or not b:
        return "—"
    times = b / a if key in HIGHER_IS_BETTER else a / b
    # Two decimals below 10: the targets are 1.3× and 2×, and "2.0×" could be either side.
    return f"{times:,.2f}×" if times < 10 else f"{times:,.1f}×"


def table(results: list[dict[str, Any]]) -> str:
    lines = [
        "| deals | operation | raw SQL | raw SQL over HTTP | ZoneInvest | BottleCRM | "
        "ZoneInvest ÷ raw | ZoneInvest ÷ raw over HTTP | BottleCRM ÷ ZoneInvest |",
        "|---:|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for res in results:
        r, h, z, b = res["raw"], res.get("raw_http", {}), res["zi"], res["bc"]
        for key, label in ROWS:
            same = {"list_totals": "list", "list_own_form": "list", "board_kept": "board"}
            zi = z.get(same.get(key, key))
            over = ratio(key, zi, h.get(key)) if key != "memory" else "—"
            lines.append(
                f"| {res['size']:,} | {label} | {cell(r.get(key))} | {cell(h.get(key))} | "
                f"{cell(zi)} | {cell(b.get(key))} | "
                f"{ratio(key, zi, r.get(key)) if key != 'memory' else '—'} | {over} | "
                f"{ratio(key, b.get(key), zi)} |"
            )
    return "\n".join(lines)


def machine() -> str:
    mem = Path("/proc/meminfo").read_text().split("\n")[0].split()[1]
    version = pg("SHOW server_version")[0][0]
    return (
        f"{os.cpu_count()} cores (nproc {len(os.sched_getaffinity(0))}), "
        f"{int(mem) / 1024**2:.1f} GB RAM, PostgreSQL {version} on 127.0.0.1, "
        f"Python {platform.python_version()}, {platform.platform()}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="10000", help="comma-separated numbers of deals")
    parser.add_argument("--large", action="store_true", help="also 1,000,000 (no BottleCRM)")
    parser.add_argument("--no-bottlecrm", action="store_true")
    parser.add_argument("--fresh", action="store_true", help="migrate BottleCRM's template again")
    parser.add_argument("--keep", action="store_true", help="keep the databases")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")] + ([1_000_000] if args.large else [])
    WORK.mkdir(parents=True, exist_ok=True)
    began = time.perf_counter()
    bcrm_python = None
    if not args.no_bottlecrm:
        with phase(f"BottleCRM: virtualenv (django-crm=={BCRM_VERSION}, gunicorn)"):
            bcrm_python = bcrm_install()
        with phase("BottleCRM: migrated template database"):
            bcrm_template(bcrm_python, args.fresh)
    results = [measure_size(size, args, bcrm_python) for size in sizes]
    total = time.perf_counter() - began
    notes = []
    for res in results:
        notes.append(
            f"- {res['size']:,}: ZoneInvest {res.get('zi_projects', 0):,} projects "
            f"(filled by {res.get('filled_by')}); BottleCRM {res.get('bc_deals', '—')} deals; "
            f"BottleCRM import: {res['bc'].get('import_note', '—')}"
        )
    report = "\n".join(
        [
            f"# Side by side: raw SQL, ZoneInvest, BottleCRM ({dt.datetime.now(dt.UTC).date()})",
            "",
            f"Machine: {machine()}. Command: "
            f"`{' '.join(['.venv/bin/python', 'bench/compare.py', *sys.argv[1:]])}`.",
            "",
            table(results),
            "",
            *notes,
            *(f"- failed: {error}" for error in ERRORS),
            "",
            "Phases: "
            + "; ".join(f"{name} {took:.0f} s" for name, took in PHASES)
            + f"; total {total:.0f} s.",
            "",
            "EXPLAIN of the raw list query at the largest size:",
            "",
            "```",
            *results[-1].get("explain", []),
            "```",
        ]
    )
    print(report)
    out = ROOT / "bench" / "results" / f"compare-{dt.datetime.now(dt.UTC).date()}.md"
    out.parent.mkdir(exist_ok=True)
    out.write_text(report + "\n")
    print(f"\nwritten to {out.relative_to(ROOT)}")


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "_zi_setup":
        zi_setup(int(sys.argv[2]))
    elif len(sys.argv) > 2 and sys.argv[1] == "_zi_import":
        zi_import(int(sys.argv[2]))
    else:
        main()
