"""Cached public portal pages under concurrent load: gunicorn on 127.0.0.1, load from elsewhere.

    .venv/bin/python bench/portal_load.py                      # Redis and local memory, ~4 min
    .venv/bin/python bench/portal_load.py --compare            # and without PageCacheMiddleware
    .venv/bin/python bench/portal_load.py --caches redis --repeat 5 --workers 4 --threads 2
    .venv/bin/python bench/portal_load.py --worker-class sync --keep-db

What it does: drops and creates a PostgreSQL database (`--db`, default `bench_portal_load`, on
postgres://postgres@127.0.0.1:5432), migrates it, loads the Liangjiang demo (`demo_load`, as
`zoneinvest demo` does), collects the static files; then, for each cache (`redis`: REDIS_URL, the
cache of a multi-process deployment, under a key prefix of its own that is deleted at the end;
`locmem`: each worker's own memory), starts gunicorn bound to 127.0.0.1 with the production
settings (DEBUG off, SECRET_KEY, ALLOWED_HOSTS, no SSL redirect: the env of bench/compare.py),
warms every page until each worker has served it from its cache, and drives `--seconds` of load
on a mix of cached pages (home in English and Chinese, parks, a park, policies, industries, a
story) from a separate process, `--repeat` times. `--compare` serves the same pages a second
time without PageCacheMiddleware (a settings module that drops it: the full stack, then the
view's `cached_page`), its runs interleaved with the first's so both see the same noise. Prints
requests/s, p50/p95 latency, errors, and the worker count and class, as a Markdown table.

The load generator is `wrk` (Debian package `wrk`: `apt-get install -y wrk`) when it is on the
PATH: compiled, one thread, so the server keeps nearly both cores. Without it, a Python client of
`--connections` keep-alive connections in 2 processes (it costs a core itself: its figures are a
lower bound, and say so). Every server is stopped, and the database dropped (unless `--keep-db`),
whatever happens.
"""

# A benchmark: it runs the programs and SQL it builds itself, from its own constants.
# ruff: noqa: S603, S607, S608, S108

import argparse
import contextlib
import http.client
import json
import multiprocessing
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import inprocess
from compare import zi_env  # bench/ is the script's own folder: one set of settings

ROOT = Path(__file__).resolve().parents[1]
PG = "host=127.0.0.1 port=5432 user=postgres"
CORES = os.cpu_count() or 1


# ---------------------------------------------------------------- setup (PostgreSQL, demo)


def pg(sql: str) -> None:
    import psycopg

    with psycopg.connect(f"{PG} dbname=postgres", autocommit=True) as conn:
        conn.execute(sql)


def env(db: str, home: Path, cache: str, redis_url: str, prefix: str) -> dict[str, str]:
    """bench/compare.py's production-like settings, quieter, with the cache chosen."""
    values = {
        key: value
        for key, value in zi_env(db, home).items()
        if key not in ("REDIS_URL", "CACHE_KEY_PREFIX")
    }
    values["LOG_LEVEL"] = "WARNING"
    if cache == "redis":
        values |= {"REDIS_URL": redis_url, "CACHE_KEY_PREFIX": prefix}
    return values


def setup() -> None:
    """(In a subprocess, the app's environment.) Migrate, load the demo, print the pages' URLs."""
    import django

    django.setup()
    from django.core.management import call_command

    from zoneinvest.demo.liangjiang import demo_load
    from zoneinvest.places.models import Park
    from zoneinvest.portal.models import Story

    call_command("migrate", verbosity=0)
    inprocess.collect_static()
    demo_load()
    park = Park.objects.filter(published=True).order_by("pk").first()
    story = Story.objects.filter(event__isnull=False).order_by("pk").first()
    story = story or Story.objects.order_by("pk").first()
    if not (park and story):
        raise SystemExit("the demo has no park or story")
    urls = [
        "/en/",
        "/zh-hans/",
        "/en/investing/parks/",
        f"/en/investing/parks/{park.slug}/",
        "/en/investing/policies/",
        "/en/investing/industries/",
        f"/en/news/story/{story.slug}/",
    ]
    print(json.dumps(urls))


# ---------------------------------------------------------------- server


class Server:
    """gunicorn in its own process group, stopped (the whole group) by stop()."""

    def __init__(
        self, args: argparse.Namespace, environ: dict[str, str], log: Path, port: int
    ) -> None:
        self.port = port
        self.log = open(log, "w")  # noqa: SIM115
        command = [
            sys.executable,
            "-m",
            "gunicorn",
            "zoneinvest.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(args.workers),
            "--worker-class",
            args.worker_class,
            "--threads",
            str(args.threads),
            "--keep-alive",
            "75",
            "--backlog",
            "2048",
            "--log-level",
            "warning",
        ]
        self.proc = subprocess.Popen(
            command,
            env=environ,
            cwd=ROOT,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and self.proc.poll() is None:
            try:
                get(self.port, "/robots.txt")
                return
            except OSError:
                time.sleep(0.3)
        self.stop()
        raise RuntimeError(f"gunicorn did not answer in 60 s; see {log}")

    def stop(self) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.proc.pid, signal.SIGTERM)
        try:
            self.proc.wait(15)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(5)
        self.log.close()


def get(port: int, path: str) -> tuple[int, dict[str, str], bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request("GET", path, headers={"Host": "127.0.0.1"})
        response = conn.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        conn.close()


def warm(port: int, urls: list[str], workers: int) -> None:
    """Every page rendered, then served from the cache (each worker's own, with locmem)."""
    for url in urls:
        status, _headers, _body = get(port, url)
        if status != 200:
            raise RuntimeError(f"{url}: {status}")
    for url in urls:
        for _ in range(workers * 8):  # new connections land on every worker
            status, headers, _body = get(port, url)
            if status != 200:
                raise RuntimeError(f"{url}: {status}")
        if headers.get("X-Cache") != "hit":
            raise RuntimeError(f"{url} is not served from the cache: X-Cache {headers}")


# ---------------------------------------------------------------- load: wrk


WRK_SCRIPT = """
local paths = {%(paths)s}
local i = 0
request = function()
  i = i %% #paths + 1
  return wrk.format("GET", paths[i], {["Host"] = "127.0.0.1"})
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "RESULT {\\"requests\\": %%d, \\"seconds\\": %%f, \\"p50\\": %%f, \\"p95\\": %%f, "
    .. "\\"p99\\": %%f, \\"errors\\": %%d, \\"non2xx\\": %%d}\\n",
    summary.requests, summary.duration / 1e6, latency:percentile(50) / 1000,
    latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    e.connect + e.read + e.write + e.timeout, e.status))
end
"""


def load_wrk(port: int, urls: list[str], seconds: int, connections: int, work: Path) -> dict:
    script = work / "mix.lua"
    script.write_text(WRK_SCRIPT % {"paths": ", ".join(json.dumps(u) for u in urls)})
    out = subprocess.run(
        [
            "wrk",
            "-t1",
            f"-c{connections}",
            f"-d{seconds}s",
            "--timeout",
            "10s",
            "-s",
            str(script),
            f"http://127.0.0.1:{port}",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    line = next(x for x in out.stdout.splitlines() if x.startswith("RESULT "))
    result = json.loads(line.removeprefix("RESULT "))
    result["errors"] += result.pop("non2xx")
    result["rps"] = result["requests"] / result["seconds"]
    return result


# ---------------------------------------------------------------- load: Python fallback


def _client(port: int, urls: list[str], seconds: float, conns: int, queue: Any) -> None:
    """One process: `conns` keep-alive connections; each round sends one request on every
    connection, then reads the answers in turn (so up to `conns` requests are in flight)."""
    requests = [
        f"GET {u} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: keep-alive\r\n\r\n".encode()
        for u in urls
    ]
    latencies: list[float] = []
    errors = 0
    deadline = time.perf_counter() + seconds
    conns_: list[http.client.HTTPConnection] = []
    for _ in range(conns):
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        conn.connect()
        conns_.append(conn)
    i = 0
    while time.perf_counter() < deadline:
        sent = []
        for conn in conns_:
            sent.append(time.perf_counter())
            conn.sock.sendall(requests[i % len(requests)])
            i += 1
        for conn, start in zip(conns_, sent, strict=True):
            try:
                response = http.client.HTTPResponse(conn.sock)
                response.begin()
                response.read()
                errors += response.status != 200
            except OSError:
                errors += 1
                conn.close()
                conn.connect()
            latencies.append((time.perf_counter() - start) * 1000)
    queue.put((latencies, errors))


def load_python(port: int, urls: list[str], seconds: int, connections: int) -> dict:
    procs, queue = [], multiprocessing.Queue()
    per = max(1, connections // 2)
    start = time.perf_counter()
    for _ in range(2):
        p = multiprocessing.Process(target=_client, args=(port, urls, seconds, per, queue))
        p.start()
        procs.append(p)
    results = [queue.get() for _ in procs]
    for p in procs:
        p.join()
    took = time.perf_counter() - start
    latencies = sorted(x for r in results for x in r[0])
    return {
        "requests": len(latencies),
        "seconds": took,
        "rps": len(latencies) / took,
        "p50": statistics.median(latencies),
        "p95": latencies[int(len(latencies) * 0.95) - 1],
        "p99": latencies[int(len(latencies) * 0.99) - 1],
        "errors": sum(r[1] for r in results),
    }


# ---------------------------------------------------------------- main


@contextlib.contextmanager
def database(name: str, keep: bool, reuse: bool) -> Iterator[None]:
    if name in ("postgres", "template0", "template1"):
        raise SystemExit(f"--db {name}: the bench drops and creates its database")
    if not reuse:
        pg(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    with contextlib.suppress(Exception):  # it exists (--reuse-db): loading again changes nothing
        template = os.environ.get("BENCH_TEMPLATE")  # a migrated one (bench/all.sh)
        pg(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))
    try:
        yield
    finally:
        if not keep:
            pg(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def forget_redis(redis_url: str, prefix: str) -> None:
    import redis

    client = redis.Redis.from_url(redis_url)
    for key in client.scan_iter(match=f"{prefix}:*", count=1000):
        client.delete(key)


BEFORE_SETTINGS = """from zoneinvest.settings import *  # noqa: F403
from zoneinvest.settings import MIDDLEWARE

MIDDLEWARE = [m for m in MIDDLEWARE if not m.endswith(".PageCacheMiddleware")]
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", default="bench_portal_load")
    parser.add_argument("--keep-db", action="store_true", help="do not drop it at the end")
    parser.add_argument(
        "--reuse-db", action="store_true", help="keep a database left by --keep-db (faster)"
    )
    parser.add_argument("--caches", default="redis,locmem", help="redis,locmem or one of them")
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/0")
    parser.add_argument("--workers", type=int, default=2 * CORES)
    parser.add_argument("--worker-class", default="gthread")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--port", type=int, default=8741)
    parser.add_argument("--client", choices=["auto", "wrk", "python"], default="auto")
    parser.add_argument(
        "--compare",
        action="store_true",
        help="also serve without PageCacheMiddleware (the stack, then cached_page), "
        "runs interleaved with the default settings'",
    )
    args = parser.parse_args()

    client = args.client
    if client == "auto":
        client = "wrk" if shutil.which("wrk") else "python"
    work = Path(tempfile.mkdtemp(prefix="zoneinvest-portal-load-"))
    (work / "portal_load_before.py").write_text(BEFORE_SETTINGS)
    prefix = f"bench-portal-load-{os.getpid()}"
    variants = ["on", "off"] if args.compare else ["on"]
    workers = f"{args.workers} × {args.worker_class}"
    if args.worker_class == "gthread":
        workers += f" × {args.threads} threads"
    rows: list[str] = []
    with database(args.db, args.keep_db, args.reuse_db):
        print(f"== setting up {args.db} (migrate, demo, collectstatic) …", flush=True)
        out = subprocess.run(
            [sys.executable, __file__, "_setup"],
            env=env(args.db, work, "locmem", "", ""),
            capture_output=True,
            text=True,
        )
        if out.returncode:
            raise SystemExit(out.stderr[-3000:])
        urls = json.loads(out.stdout.strip().splitlines()[-1])
        for cache in args.caches.split(","):
            servers: dict[str, Server] = {}
            try:
                for n, variant in enumerate(variants):
                    environ = env(args.db, work, cache, args.redis_url, f"{prefix}-{n}")
                    if variant == "off":
                        environ["PYTHONPATH"] += f":{work}"
                        environ["DJANGO_SETTINGS_MODULE"] = "portal_load_before"
                    log = work / f"{cache}-{variant}.log"
                    servers[variant] = Server(args, environ, log, args.port + n)
                    warm(args.port + n, urls, args.workers)
                for run in range(1, args.repeat + 1):
                    for variant, server in servers.items():
                        if client == "wrk":
                            r = load_wrk(server.port, urls, args.seconds, args.connections, work)
                        else:
                            r = load_python(server.port, urls, args.seconds, args.connections)
                        print(
                            f"   {cache}, {variant}, run {run}: {r['rps']:.0f} req/s, "
                            f"p50 {r['p50']:.1f} ms, p95 {r['p95']:.1f} ms, "
                            f"errors {r['errors']}",
                            flush=True,
                        )
                        rows.append(
                            f"| {cache} | {variant} | {workers} "
                            f"| {client}, {args.connections} conns, {args.seconds} s | {run} "
                            f"| {r['rps']:.0f} | {r['p50']:.1f} | {r['p95']:.1f} "
                            f"| {r['errors']} | {r['requests']} |"
                        )
            finally:
                for server in servers.values():
                    server.stop()
                if cache == "redis":
                    for n in range(len(variants)):
                        forget_redis(args.redis_url, f"{prefix}-{n}")
    shutil.rmtree(work, ignore_errors=True)
    print(f"\n{len(urls)} pages: {', '.join(urls)}; {CORES} cores; load from a separate process")
    if client == "python":
        print("(Python client: it uses a core itself; the figures are a lower bound)")
    print(
        "| cache | PageCacheMiddleware | gunicorn | load | run | requests/s | p50 ms | p95 ms "
        "| errors | requests |"
    )
    print("|---|---|---|---|---:|---:|---:|---:|---:|---:|")
    print("\n".join(rows))


if __name__ == "__main__":
    if sys.argv[1:] == ["_setup"]:
        setup()
    else:
        main()
