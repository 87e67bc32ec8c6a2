"""The reprint desk under load, on loopback: check latency with 8 editors at once, and while the index grows.

Run: ``.venv/bin/python -m benchmarks.bench_serve [--n 10000] [--clients 8] [--requests 40] [--dir DIR]``.

Generates ``--n`` articles of :mod:`benchmarks.corpus` into ``articles/`` of a work folder, builds the
index with ``provenance index``, and starts ``provenance serve`` (its default pool) on 127.0.0.1 in a child
process. The texts checked are new articles: three in four of the generator's own, one in four an
archived article reprinted under a lead of its own (its candidates are verified and it fails).
``--clients`` threads each send ``--requests`` checks one after another (``POST /api/check``, keep-alive),
twice:

- *idle*: nothing else runs;
- *index update running*: meanwhile another process adds batches of new articles to ``articles/`` and
  runs ``provenance index articles`` after each, as a newsroom's import would.

Prints, per phase, the requests, errors (any answer but 200, or none), p50 / p95 / max latency
(nearest rank) and the throughput, and the index updates committed during the phase; first, as the
baseline of the same run, the same texts checked in this process one at a time with no HTTP (what the
machine gives one editor at the time: other work on the cores shows in it), and the load average.
"""

from __future__ import annotations

import argparse
import http.client
import json
import math
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from tabulate import tabulate

from benchmarks.corpus import generate, write_folder


def _percentile(values: list[float], q: float) -> float:
    """The nearest-rank percentile ``q`` (0..100) of ``values``."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(q / 100 * len(ordered)) - 1)]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_up(port: int, server: subprocess.Popen[bytes], timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"provenance serve exited ({server.returncode})")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/api/health")
            if conn.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("provenance serve did not answer")


def _client(port: int, texts: list[str], latencies: list[float], errors: list[str]) -> None:
    """Send each text in turn on one keep-alive connection; record each latency, or the error."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    for text in texts:
        body = json.dumps({"text": text, "name": "new.txt"}).encode("utf-8")
        start = time.perf_counter()
        try:
            conn.request("POST", "/api/check", body=body, headers={"content-type": "application/json"})
            answer = conn.getresponse()
            answer.read()
            wall = time.perf_counter() - start
            if answer.status != 200:
                errors.append(f"HTTP {answer.status}")
                continue
            latencies.append(wall)
        except OSError as err:
            errors.append(type(err).__name__)
            conn.close()
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    conn.close()


def _phase(port: int, texts: list[str], clients: int, requests: int) -> tuple[list[float], list[str], float]:
    latencies: list[float] = []
    errors: list[str] = []
    threads = [
        threading.Thread(
            target=_client,
            args=(port, [texts[(c * requests + k) % len(texts)] for k in range(requests)], latencies, errors),
        )
        for c in range(clients)
    ]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return latencies, errors, time.perf_counter() - start


def _in_process(work: Path, texts: list[str]) -> tuple[list[float], list[str], float]:
    """The same checks in this process, one at a time, with no HTTP: what the machine gives one editor now
    (the figures of the phases read against it when other work shares the cores)."""
    from provenance.ci import Policy, check_documents
    from provenance.index import Index
    from provenance.models import Document
    from provenance.settings import Settings

    settings, policy = Settings(), Policy(folder="articles")
    latencies: list[float] = []
    here = os.getcwd()
    os.chdir(work)
    try:
        with Index.open(".provenance/index.sqlite", settings, create=False) as index:
            start = time.perf_counter()
            for text in texts:
                begin = time.perf_counter()
                check_documents([Document(id="new", path="<bench>/new.txt", text=text)], index, settings, policy)
                latencies.append(time.perf_counter() - begin)
            wall = time.perf_counter() - start
    finally:
        os.chdir(here)
    return latencies, [], wall


def _updater(work: Path, batches: list[list[tuple[str, str]]], stop: threading.Event, done: list[float]) -> None:
    """Add a batch of articles and run ``provenance index`` (a child process), until told to stop."""
    for batch in batches:
        if stop.is_set():
            return
        for doc_id, text in batch:
            (work / "articles" / f"{doc_id}.txt").write_text(text, encoding="utf-8")
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "provenance.cli", "index", "articles", "--quiet"], cwd=work, check=True)
        done.append(time.perf_counter() - start)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=10_000, help="articles in the archive")
    parser.add_argument("--clients", type=int, default=8, help="editors checking at once")
    parser.add_argument("--requests", type=int, default=40, help="checks each client sends per phase")
    parser.add_argument("--batch", type=int, default=200, help="articles an index update adds")
    parser.add_argument("--dir", help="work folder (default: a temporary one, removed afterwards)")
    args = parser.parse_args()
    queries = 200
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(args.dir or tmp) / "newsroom"
        articles = list(generate(args.n + queries + 20 * args.batch, seed=7, reprint_every=500))
        write_folder(iter(articles[: args.n]), work / "articles")
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "provenance.cli", "index", "articles", "--quiet"], cwd=work, check=True)
        t_build = time.perf_counter() - start
        texts = []
        for k, art in enumerate(articles[args.n : args.n + queries]):
            if k % 4 == 0:  # a reprint of an archived article under a lead of its own
                source = articles[(k * 97) % args.n].text
                texts.append("Our correspondent adds a paragraph of her own before the report begins.\n\n" + source)
            else:
                texts.append(art.text)
        serial = _in_process(work, texts[: args.requests * 2])
        extra = [(a.id, a.text) for a in articles[args.n + queries :]]
        batches = [extra[i : i + args.batch] for i in range(0, len(extra), args.batch)]
        port = _free_port()
        env = {k: v for k, v in os.environ.items() if k != "PROVENANCE_SERVE_TOKEN"}
        server = subprocess.Popen(
            [sys.executable, "-m", "provenance.cli", "serve", "--port", str(port)],
            cwd=work,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            _wait_up(port, server)
            _phase(port, texts, 2, 5)  # warm up: imports, caches, the first connections
            rows = [_row("in process, one at a time (no HTTP): the machine's pace", *serial, 0)]
            latencies, errors, wall = _phase(port, texts, args.clients, args.requests)
            rows.append(_row("idle", latencies, errors, wall, 0))
            stop = threading.Event()
            updates: list[float] = []
            updater = threading.Thread(target=_updater, args=(work, batches, stop, updates))
            updater.start()
            time.sleep(1.0)  # the update under way before the clients start
            latencies, errors, wall = _phase(port, texts, args.clients, args.requests)
            stop.set()
            updater.join()
            rows.append(_row("index update running", latencies, errors, wall, len(updates)))
        finally:
            server.terminate()
            server.wait(30)
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(
        f"{args.n:,} archived articles, `provenance index` built in {t_build:.1f} s; {args.clients} clients x "
        f"{args.requests} checks per phase on 127.0.0.1; index updates of {args.batch} articles each; "
        f"load average at the end {load} ({os.cpu_count()} cores)"
    )
    print(
        tabulate(
            rows,
            headers=["phase", "requests", "errors", "p50 ms", "p95 ms", "max ms", "checks/s", "index updates"],
            tablefmt="github",
        )
    )


def _row(name: str, latencies: list[float], errors: list[str], wall: float, updates: int) -> list[object]:
    ms = [1000 * x for x in latencies] or [float("nan")]
    return [
        name,
        len(latencies) + len(errors),
        len(errors),
        f"{_percentile(ms, 50):.0f}",
        f"{_percentile(ms, 95):.0f}",
        f"{max(ms):.0f}",
        f"{len(latencies) / wall:.0f}",
        updates,
    ]


if __name__ == "__main__":
    main()
