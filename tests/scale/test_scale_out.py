"""Issue 9: scale-out, as docs/DEPLOY.md lays it out, on this machine.

Three app processes (gunicorn, two workers of two threads each) and two `zoneinvest worker`s
share one PostgreSQL (the pytest test database) and one Redis (a test-only database number,
under a key prefix of this run). Eight clients read portal pages and the API across the three
ports for ten seconds while six imports are queued, which the two workers must run. Then:

- no answer was a 5xx (every one was a 200), and every connection was answered;
- every import is done once: each of its rows is there once, each of its tasks was run by one
  worker;
- a portal page one process cached is served from the cache by the others, and a change made
  through one process (the API) makes it stale for all of them (the generation in Redis);
- the workers stop on SIGTERM.

Throughput (requests/s) and latency (p50, p95) go to test-results/scale-out.json and are printed.

Runs on PostgreSQL only (separate processes must reach the test database; SQLite's lives in this
process's memory): CI's PostgreSQL pass runs it. With CI=true a missing Redis or gunicorn fails
the test instead of skipping it.
"""

import contextlib
import http.client
import io
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connection
from django.db.models import Count

from tests.factories.accounts import UserFactory
from tests.factories.core import ZoneFactory
from tests.factories.places import make_opportunity, make_park, make_policy
from zoneinvest.accounts.models import Role
from zoneinvest.accounts.services import token_create
from zoneinvest.industries.services import chain_create
from zoneinvest.pipeline.models import Project
from zoneinvest.portal.services import content_publish, page_create
from zoneinvest.reports.models import JobStatus
from zoneinvest.reports.services import import_commit, import_map_and_check, import_upload

ROOT = Path(__file__).resolve().parents[2]
RESULTS = ROOT / "test-results" / "scale-out.json"
ON_CI = os.environ.get("CI") == "true"
# A Redis database number no one else uses; each run also keys under its own prefix.
REDIS_URL = os.environ.get("SCALE_REDIS_URL", "redis://127.0.0.1:6379/13")

APP_PROCESSES = 3
GUNICORN_WORKERS = 2
GUNICORN_THREADS = 2
TASK_WORKERS = 2
CLIENTS = 8
LOAD_SECONDS = 10.0
IMPORTS = 6
ROWS = 2_000
# What a kept-alive connection the server has just closed looks like to the client.
STALE = (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError)
HOST = "invest.scale.test"  # one public name, as the reverse proxy passes it to every process
ZONE = "scalezone"

PORTAL = (
    "/en/",
    "/zh-hans/",
    "/en/about/introduction/",
    "/en/investing/why/",
    "/en/investing/parks/",
    "/en/investing/parks/yufu/",
    "/zh-hans/investing/parks/",
    "/en/investing/policies/",
    "/en/investing/policies/subsidy/",
    "/en/investing/opportunities/",
    "/en/investing/industries/",
    "/en/news/",
)
API = (
    "/api/v1/projects?limit=20",
    "/api/v1/companies?limit=20",
    "/api/v1/chains",
    "/api/v1/jobs",
    "/api/v1/public/parks",
    "/api/v1/public/policies",
)

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs PostgreSQL: separate app and worker processes must reach the test database "
        "(run with DATABASE_URL=postgres://…; CI's PostgreSQL pass runs it)",
    ),
]


def _missing(what: str) -> None:
    if ON_CI:
        pytest.fail(f"CI=true but {what}")
    pytest.skip(what)


def _redis():
    try:
        import redis
    except ImportError:
        _missing("the redis package is not installed (make venv installs requirements.lock)")
    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2)
    try:
        client.ping()
    except redis.RedisError as error:
        _missing(f"no Redis at {REDIS_URL} ({error}); set SCALE_REDIS_URL to another one")
    return client


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _database_url() -> str:
    db = connection.settings_dict
    user = quote(db["USER"] or "", safe="")
    password = f":{quote(db['PASSWORD'], safe='')}" if db.get("PASSWORD") else ""
    host = db["HOST"] or "127.0.0.1"
    port = db["PORT"] or 5432
    return f"postgres://{user}{password}@{host}:{port}/{db['NAME']}"


# ---------------------------------------------------------------- processes


@dataclass
class Cluster:
    """The processes of one run; every one of them is ended when the test ends, pass or fail."""

    folder: Path
    env: dict[str, str]
    processes: list[tuple[str, subprocess.Popen]] = field(default_factory=list)

    def start(self, name: str, command: list[str]) -> subprocess.Popen:
        log = (self.folder / f"{name}.log").open("wb")
        process = subprocess.Popen(  # noqa: S603 - our own commands
            command,
            cwd=ROOT,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: gunicorn's workers end with it
        )
        log.close()
        self.processes.append((name, process))
        return process

    def app(self, port: int) -> subprocess.Popen:
        return self.start(
            f"app-{port}",
            [
                sys.executable, "-m", "gunicorn", "zoneinvest.wsgi:application",
                "--bind", f"127.0.0.1:{port}",
                "--workers", str(GUNICORN_WORKERS),
                "--threads", str(GUNICORN_THREADS),
                "--timeout", "60",
                "--graceful-timeout", "5",
                # longer than a client's pause on a connection (DEPLOY.md: longer than nginx's)
                "--keep-alive", "75",
            ],
        )  # fmt: skip

    def worker(self, n: int) -> subprocess.Popen:
        return self.start(
            f"worker-{n}", [sys.executable, "-m", "zoneinvest", "worker", "--interval", "0.1"]
        )

    def logs(self) -> str:
        parts = []
        for name, _process in self.processes:
            text = (self.folder / f"{name}.log").read_text(errors="replace")
            parts.append(f"--- {name} (last lines)\n" + "\n".join(text.splitlines()[-25:]))
        return "\n".join(parts)

    def stop(self) -> None:
        for _name, process in self.processes:
            if process.poll() is None:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGTERM)
        deadline = time.monotonic() + 10
        for _name, process in self.processes:
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.wait(timeout=max(0.1, deadline - time.monotonic()))
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(process.pid, signal.SIGKILL)  # leftovers of the group, if any
            if process.poll() is None:
                process.wait(timeout=10)


@pytest.fixture
def redis_client():
    client = _redis()
    prefix = f"scale-{uuid.uuid4().hex[:12]}"
    try:
        yield client, prefix
    finally:
        keys = list(client.scan_iter(match=f"{prefix}:*", count=1000))
        if keys:
            client.delete(*keys)
        client.close()


@pytest.fixture
def cluster(tmp_path, redis_client):
    try:
        import gunicorn  # noqa: F401
    except ImportError:
        _missing("gunicorn is not installed (make venv installs requirements.lock)")
    _client, prefix = redis_client
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.settings",
        "DATABASE_URL": _database_url(),
        "REDIS_URL": REDIS_URL,
        "CACHE_KEY_PREFIX": prefix,
        "SECRET_KEY": "scale-out-" + uuid.uuid4().hex + uuid.uuid4().hex,
        "ALLOWED_HOSTS": f"{HOST},127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "false",
        "PORTAL_ZONE": ZONE,
        "API_RATE_LIMIT_PER_MINUTE": "1000000",  # counted in Redis, across the processes
        # the shared storage: this process writes the uploads, the workers read them
        "PRIVATE_ROOT": str(settings.PRIVATE_ROOT),
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "LOG_LEVEL": "WARNING",
        # the code of this checkout, whichever one the virtualenv was installed from
        "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), str(ROOT)]),
    }
    running = Cluster(folder=tmp_path, env=env)
    try:
        yield running
    finally:
        running.stop()


# ---------------------------------------------------------------- HTTP


def _get(
    conn: http.client.HTTPConnection, path: str, headers: dict[str, str]
) -> tuple[int, dict[str, str], bytes]:
    conn.request("GET", path, headers={"Host": HOST, **headers})
    response = conn.getresponse()
    body = response.read()
    return response.status, {k.lower(): v for k, v in response.getheaders()}, body


def _one(port: int, method: str, path: str, headers=None, body: bytes | None = None):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request(method, path, body=body, headers={"Host": HOST, **(headers or {})})
        response = conn.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        conn.close()


def _wait_until_up(cluster: Cluster, ports: list[int], timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    for port in ports:
        while True:
            with contextlib.suppress(OSError):  # not listening yet
                if _one(port, "GET", "/robots.txt")[0] == 200:
                    break
            dead = [name for name, p in cluster.processes if p.poll() is not None]
            if dead or time.monotonic() > deadline:
                raise AssertionError(f"app on {port} not up (ended: {dead})\n{cluster.logs()}")
            time.sleep(0.2)


@dataclass
class Load:
    ports: list[int]
    token: str
    latencies: dict[str, list[float]] = field(default_factory=lambda: {"portal": [], "api": []})
    statuses: Counter = field(default_factory=Counter)
    by_port: Counter = field(default_factory=Counter)
    failures: list[str] = field(default_factory=list)
    retries: int = 0
    ended: float = 0.0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def client(self, n: int, until: float) -> None:
        connections: dict[int, http.client.HTTPConnection] = {}
        paths = [("portal", p, {}) for p in PORTAL] + [
            ("api", p, {"Authorization": f"Bearer {self.token}"}) for p in API
        ]
        i = n
        while time.monotonic() < until:
            kind, path, headers = paths[i % len(paths)]
            port = self.ports[(i // len(paths) + n) % len(self.ports)]
            i += 1
            reused = port in connections
            if not reused:
                connections[port] = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            started = time.perf_counter()
            try:
                status, _headers, _body = _get(connections[port], path, headers)
            except (OSError, http.client.HTTPException) as error:
                connections.pop(port).close()
                if not (reused and isinstance(error, STALE)):
                    with self.lock:
                        self.failures.append(f"{port} {path}: {error!r}")
                    continue
                # the server closed the idle connection as the request left: a GET is sent again
                # on a new one, as nginx and every HTTP client do
                with self.lock:
                    self.retries += 1
                connections[port] = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                try:
                    status, _headers, _body = _get(connections[port], path, headers)
                except (OSError, http.client.HTTPException) as again:
                    connections.pop(port).close()
                    with self.lock:
                        self.failures.append(f"{port} {path}: {again!r}")
                    continue
            elapsed = time.perf_counter() - started
            with self.lock:
                self.latencies[kind].append(elapsed)
                self.statuses[(status, path)] += 1
                self.by_port[port] += 1
        for conn in connections.values():
            conn.close()
        with self.lock:
            self.ended = max(self.ended, time.perf_counter())


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return 0.0
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def _ms(seconds: float) -> float:
    return round(seconds * 1000, 1)


# ---------------------------------------------------------------- data


def _import_file(n: int) -> io.BytesIO:
    lines = ["External id,Title,Investor,Country,Chain,Stage"]
    lines += [
        f"S{n}-{i},Scale {n} project {i},Investor {n}-{i % 50} Ltd,DE,nev,lead" for i in range(ROWS)
    ]
    return io.BytesIO(("\n".join(lines) + "\n").encode())


def _task_runs(job_ids: list[int]) -> dict[tuple[str, int], list]:
    """(task name, job id) → its task results in django-tasks-db's table."""
    from django_tasks_db.models import DBTaskResult

    runs: dict[tuple[str, int], list] = {}
    for result in DBTaskResult.objects.all():
        args = (result.args_kwargs or {}).get("args") or []
        if args and args[0] in job_ids:
            runs.setdefault((result.task_path.rsplit(".", 1)[-1], args[0]), []).append(result)
    return runs


# ---------------------------------------------------------------- the test


@pytest.mark.django_db(transaction=True)
def test_three_app_processes_and_two_workers_share_one_database_and_one_cache(
    cluster, redis_client
):
    redis, prefix = redis_client
    zone = ZoneFactory(code=ZONE, name_en="Scale New Area", name_zh_hans="扩展新区")
    director = UserFactory(username="scale-director", role=Role.DIRECTOR, zones=[zone])
    editor = UserFactory(username="scale-editor", role=Role.EDITOR, zones=[zone])
    chain = chain_create(
        zone=zone, code="nev", name_en="NEV", name_zh="新能源汽车", sector="manufacturing",
        by=director,
    )  # fmt: skip
    make_park(zone, "yufu")
    make_policy(zone, "subsidy")
    make_opportunity(zone, chain, "charging")
    page = page_create(
        zone=zone, key="introduction", by=editor, title_en="Welcome to Scale",
        title_zh_hans="欢迎", body_en="The zone in brief.",
    )  # fmt: skip
    content_publish(page, by=editor)
    _reader, read_token = token_create(user=director, name="scale reads", read_only=True)
    _writer, write_token = token_create(user=editor, name="scale writes", read_only=False)

    ports = [_free_port() for _ in range(APP_PROCESSES)]
    started = time.monotonic()
    for port in ports:
        cluster.app(port)
    workers = [cluster.worker(n) for n in range(TASK_WORKERS)]
    _wait_until_up(cluster, ports)
    startup_seconds = time.monotonic() - started

    # Six imports, queued while the load runs; the workers check them, then (once this process,
    # as the officer would, confirms each) import them.
    jobs = []
    imports_started = time.perf_counter()
    all_done_at = 0.0
    for n in range(IMPORTS):
        job = import_upload(
            zone=zone, kind="projects", stream=_import_file(n), name=f"s{n}.csv", by=director
        )
        jobs.append(import_map_and_check(job=job, mapping=job.mapping, by=director))

    load = Load(ports=ports, token=read_token)
    until = time.monotonic() + LOAD_SECONDS
    clients = [
        threading.Thread(target=load.client, args=(n, until), daemon=True) for n in range(CLIENTS)
    ]
    load_started = time.perf_counter()
    for thread in clients:
        thread.start()

    committed: set[int] = set()
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        for job in jobs:
            job.refresh_from_db()
            if job.status == JobStatus.VALIDATED and job.pk not in committed:
                import_commit(job=job, by=director)
                committed.add(job.pk)
            assert job.status != JobStatus.FAILED, job.error
        if all(job.status == JobStatus.DONE for job in jobs):
            all_done_at = all_done_at or time.perf_counter()
            if time.monotonic() >= until:
                break
        time.sleep(0.1)
    for thread in clients:
        thread.join(timeout=LOAD_SECONDS + 40)
    load_seconds = load.ended - load_started
    imports_done = [job.status for job in jobs]

    # ---- the load: every request answered, with a 200
    assert not load.failures, load.failures[:10]
    not_ok = {key: n for key, n in load.statuses.items() if key[0] != 200}
    assert not not_ok, f"{not_ok}\n{cluster.logs()}"
    requests = sum(load.statuses.values())
    assert all(load.by_port[port] > 0 for port in ports), load.by_port

    # ---- every import done, once
    assert imports_done == [JobStatus.DONE] * IMPORTS, [
        (job.status, job.error) for job in jobs
    ]  # fmt: skip
    for n, job in enumerate(jobs):
        assert job.result["created"] == ROWS, job.result
        assert Project.objects.filter(zone=zone, external_id__startswith=f"S{n}-").count() == ROWS
    projects = Project.objects.filter(zone=zone)
    assert projects.count() == IMPORTS * ROWS
    assert not projects.values("external_id").annotate(n=Count("id")).filter(n__gt=1).exists()
    runs = _task_runs([job.pk for job in jobs])
    worker_ids: Counter = Counter()
    for job in jobs:
        for task in ("validate_job", "import_job"):
            results = runs.get((task, job.pk), [])
            assert len(results) == 1, (task, job.pk, results)
            assert results[0].status == "SUCCESSFUL", (task, job.pk, results[0].traceback)
            assert len(results[0].worker_ids) == 1, results[0].worker_ids
            worker_ids[results[0].worker_ids[0]] += 1
    assert len(worker_ids) <= TASK_WORKERS

    # ---- the shared cache: cached by one process, served from the cache by the others ...
    path = "/en/about/introduction/"
    generation_key = f"{prefix}:1:portal:generation"
    status, headers, first = _one(ports[0], "GET", path)
    assert status == 200
    assert b"Welcome to Scale" in first
    for port in ports[1:]:
        status, headers, body = _one(port, "GET", path)
        assert (status, headers.get("x-cache")) == (200, "hit"), port
        assert body == first
    generation_before = int(redis.get(generation_key))

    # ... and a change made through one process (the API, on the last port) is seen by all
    auth = {"Authorization": f"Bearer {write_token}", "Content-Type": "application/json"}
    status, _headers, body = _one(ports[-1], "GET", f"/api/v1/pages/{page.pk}", auth)
    assert status == 200, body
    version = json.loads(body)["version"]
    change = json.dumps({"version": version, "title_en": "Scale, changed"}).encode()
    status, _headers, body = _one(ports[-1], "PATCH", f"/api/v1/pages/{page.pk}", auth, change)
    assert status == 200, body
    generation_after = int(redis.get(generation_key))
    assert generation_after > generation_before
    status, headers, changed = _one(ports[0], "GET", path)
    assert (status, headers.get("x-cache")) == (200, "miss")
    assert b"Scale, changed" in changed
    assert b"Welcome to Scale" not in changed
    for port in ports[1:]:
        status, headers, body = _one(port, "GET", path)
        assert (status, headers.get("x-cache")) == (200, "hit"), port
        assert body == changed

    # ---- the workers stop on SIGTERM (nothing is running: at once)
    for worker in workers:
        worker.send_signal(signal.SIGTERM)
    for worker in workers:
        assert worker.wait(timeout=20) == 0

    portal, api = load.latencies["portal"], load.latencies["api"]
    everything = portal + api
    figures = {
        "app_processes": APP_PROCESSES,
        "gunicorn": {"workers": GUNICORN_WORKERS, "threads": GUNICORN_THREADS},
        "task_workers": TASK_WORKERS,
        "clients": CLIENTS,
        "cpus": os.cpu_count(),
        "startup_seconds": round(startup_seconds, 1),
        "load_seconds": round(load_seconds, 1),
        "requests": requests,
        "requests_per_second": round(requests / load_seconds, 1),
        "p50_ms": _ms(_percentile(everything, 0.50)),
        "p95_ms": _ms(_percentile(everything, 0.95)),
        "portal": {
            "requests": len(portal),
            "p50_ms": _ms(_percentile(portal, 0.50)),
            "p95_ms": _ms(_percentile(portal, 0.95)),
        },
        "api": {
            "requests": len(api),
            "p50_ms": _ms(_percentile(api, 0.50)),
            "p95_ms": _ms(_percentile(api, 0.95)),
        },
        "requests_by_port": [load.by_port[port] for port in ports],
        "resent_on_closed_keepalive": load.retries,
        "imports": {
            "jobs": IMPORTS,
            "rows_each": ROWS,
            "seconds_until_all_done": round(all_done_at - imports_started, 1),
            "tasks_by_worker": sorted(worker_ids.values()),
        },
        "portal_generation": {"before_change": generation_before, "after": generation_after},
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(figures, indent=2) + "\n")
    print("\nscale-out:", json.dumps(figures, indent=2))
