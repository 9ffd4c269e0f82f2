"""Load benchmark of the HTTP API and Teams webhook (``make bench``; not a test).

Run: ``HF_HUB_OFFLINE=1 .venv/bin/python -m eval.bench.load_bench [--requests 2000] [--clients 8] [--out FILE]``.

Starts ``policy-assistant serve --workers 2`` on loopback against the real index (settings.index_dir, built by
``make ingest``; a temporary index is ingested when it is missing), in extractive mode, then sends a fixed mix of
requests from concurrent clients: ``/v1/ask`` questions, signed Teams messages, and guard refusals through both.
Reports throughput, p50/p95/p99 latency per kind, errors (transport failures, unexpected statuses, wrong refusal
outcomes) and the RSS of each worker process. The report holds no question text.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import json
import os
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx

from assistant.api.auth import sign
from assistant.settings import Settings

ASK = [
    "Can I use my personal mobile phone to take photos of pupils on a school trip?",
    "Am I allowed to use ChatGPT to draft a newsletter?",
    "Can I be friends with parents on Facebook?",
    "May I use my school email address for personal shopping?",
    "Can I post about my job on LinkedIn?",
    "What should I do if a pupil sends me a friend request?",
    "Can I download software onto a school laptop?",
    "Is it OK to use a USB stick to take work home?",
]
REFUSE = [
    "Can I email Jack Brown's mum at jack.mum@gmail.com about his SEN?",
    "My password is Summer2024! can I share it with a supply teacher?",
    "Can I tell ChatGPT that pupil Amelia Clarke in Year 4 has a safeguarding plan?",
]
KINDS = ("ask", "teams", "ask_refusal", "teams_refusal")
TEAMS_P99_TARGET_MS = 1000.0


def request_plan(total: int) -> list[tuple[str, str]]:
    """Return (kind, question) pairs: 40% ask, 40% Teams, 10% refusals through each, interleaved."""
    pattern = ["ask", "teams", "ask", "teams", "ask", "teams", "ask", "teams", "ask_refusal", "teams_refusal"]
    plan = []
    for number in range(total):
        kind = pattern[number % len(pattern)]
        pool = REFUSE if kind.endswith("refusal") else ASK
        plan.append((kind, pool[number // len(pattern) % len(pool)]))
    return plan


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def ensure_index(settings: Settings) -> Path:
    """Return an index dir holding the policies, ingesting into a temporary one when none exists."""
    from ingest.store import open_index

    try:
        if open_index(settings).documents():
            return Path(settings.index_dir)
    except Exception:  # a missing or empty index: build a private one below
        pass
    from ingest.embedder import load_embedder
    from ingest.pipeline import ingest_paths

    tmp = Path(tempfile.mkdtemp(prefix="load-bench-index-"))
    private = settings.model_copy(update={"index_dir": tmp})
    ingest_paths([settings.policies_dir], settings=private, embedder=load_embedder(private))
    return tmp


def start_server(*, port: int, workers: int, env: dict[str, str]) -> subprocess.Popen[bytes]:
    """Start the service the way an operator would (the CLI), falling back to uvicorn directly."""
    cli = shutil.which("policy-assistant", path=str(Path(sys.executable).parent))
    if cli:
        command = [cli, "serve", "--host", "127.0.0.1", "--port", str(port), "--workers", str(workers)]
    else:
        command = [sys.executable, "-m", "uvicorn", "assistant.api.app:app_factory", "--factory", "--host",
                   "127.0.0.1", "--port", str(port), "--workers", str(workers), "--no-access-log"]  # fmt: skip
    return subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def wait_ready(base_url: str, *, timeout_s: float = 300.0, confirmations: int = 20) -> float:
    """Wait until /readyz says ready on fresh connections many times in a row (every worker ready)."""
    started = time.perf_counter()
    streak = 0
    while streak < confirmations:
        if time.perf_counter() - started > timeout_s:
            raise RuntimeError("the server did not become ready")
        try:
            streak = streak + 1 if httpx.get(base_url + "/readyz", timeout=5).status_code == 200 else 0
        except httpx.HTTPError:
            streak = 0
        if streak == 0:
            time.sleep(0.2)
    return time.perf_counter() - started


def worker_memory(parent: int) -> list[dict[str, Any]]:
    """Return RSS and peak RSS (MiB) of the server's worker processes, read from /proc."""
    rows = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            status = (entry / "status").read_text()
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
        if int(fields.get("PPid", "0").strip()) != parent or "resource_tracker" in cmdline:
            continue
        rows.append(
            {
                "pid": int(entry.name),
                "rss_mib": round(int(fields["VmRSS"].split()[0]) / 1024, 1),
                "peak_rss_mib": round(int(fields["VmHWM"].split()[0]) / 1024, 1),
                "cpu_s": _cpu_seconds(entry),
            }
        )
    return sorted(rows, key=lambda row: row["pid"])


def _cpu_seconds(proc: Path) -> float:
    # utime and stime are fields 14 and 15 of /proc/<pid>/stat, after the parenthesised command name.
    fields = (proc / "stat").read_text().rpartition(")")[2].split()
    return round((int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK"), 1)


async def run_load(base_url: str, *, plan: list[tuple[str, str]], clients: int, key: str, token: bytes) -> Any:
    """Send the plan from ``clients`` concurrent clients; return per-kind latencies (ms) and errors."""
    queue: asyncio.Queue[tuple[str, str]] = asyncio.Queue()
    for item in plan:
        queue.put_nowait(item)
    latencies: dict[str, list[float]] = {kind: [] for kind in KINDS}
    errors: dict[str, dict[str, int]] = {kind: {} for kind in KINDS}

    async def client_loop() -> None:
        # No keep-alive: each request opens a connection, as webhook callers do, so the kernel spreads
        # connections over the workers instead of pinning eight long-lived ones to one process.
        limits = httpx.Limits(max_keepalive_connections=0)
        async with httpx.AsyncClient(base_url=base_url, timeout=30, limits=limits) as client:
            while not queue.empty():
                kind, question = queue.get_nowait()
                started = time.perf_counter()
                problem = await one_request(client, kind=kind, question=question, key=key, token=token)
                latencies[kind].append((time.perf_counter() - started) * 1000)
                if problem:
                    errors[kind][problem] = errors[kind].get(problem, 0) + 1

    started = time.perf_counter()
    await asyncio.gather(*(client_loop() for _ in range(clients)))
    return latencies, errors, time.perf_counter() - started


async def one_request(client: httpx.AsyncClient, *, kind: str, question: str, key: str, token: bytes) -> str | None:
    """Send one request; return an error label, or None when the reply is what it should be."""
    refusal = kind.endswith("refusal")
    try:
        if kind.startswith("ask"):
            response = await client.post(
                "/v1/ask", json={"question": question}, headers={"Authorization": f"Bearer {key}"}
            )
            if response.status_code != 200:
                return f"status {response.status_code}"
            return None if response.json()["refused"] is refusal else "wrong refusal outcome"
        body = json.dumps({"type": "message", "text": f"<at>Policy Assistant</at> {question}"}).encode()
        response = await client.post(
            "/v1/teams/messages",
            content=body,
            headers={"Authorization": "HMAC " + sign(body, token), "Content-Type": "application/json"},
        )
        if response.status_code != 200:
            return f"status {response.status_code}"
        return None if response.json()["text"].startswith("Refused") is refusal else "wrong refusal outcome"
    except httpx.HTTPError as exc:
        return type(exc).__name__


def summarise(values: list[float]) -> dict[str, float]:
    """Return count and p50/p95/p99/max latency in ms."""
    if not values:
        return {"count": 0}
    cuts = statistics.quantiles(values, n=100, method="inclusive") if len(values) > 1 else [values[0]] * 99
    return {
        "count": len(values),
        "p50_ms": round(cuts[49], 1),
        "p95_ms": round(cuts[94], 1),
        "p99_ms": round(cuts[98], 1),
        "max_ms": round(max(values), 1),
    }


def main(argv: list[str] | None = None) -> dict[str, Any]:
    """Run the load benchmark, print and return the report."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--out", type=Path, help="also write the report as JSON here")
    args = parser.parse_args(argv)
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    settings = Settings()
    index_dir = ensure_index(settings)
    key = secrets.token_urlsafe(24)
    token = secrets.token_bytes(32)
    env = {
        **os.environ,
        "HF_HUB_OFFLINE": "1",
        "POLICY_INDEX_DIR": str(index_dir),
        "POLICY_API_KEYS": key,
        "POLICY_TEAMS_HMAC_SECRET": base64.b64encode(token).decode(),
        "POLICY_AUTH_DISABLED": "false",
        "POLICY_LLM": "",
        "POLICY_RATE_LIMIT_PER_MINUTE": "1000000",
        "POLICY_LOG_LEVEL": "WARNING",
    }
    port = free_port()
    base_url = f"http://127.0.0.1:{port}"
    server = start_server(port=port, workers=args.workers, env=env)
    try:
        ready_s = wait_ready(base_url)
        memory_ready = worker_memory(server.pid)
        plan = request_plan(args.requests)
        latencies, errors, elapsed = asyncio.run(
            run_load(base_url, plan=plan, clients=args.clients, key=key, token=token)
        )
        memory_after = worker_memory(server.pid)
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
    report = build_report(args, latencies=latencies, errors=errors, elapsed=elapsed, ready_s=ready_s)
    report["memory_per_worker"] = {"after_ready": memory_ready, "after_load": memory_after}
    print(json.dumps(report, indent=2))
    if args.out:
        args.out.write_text(json.dumps(report, indent=2), encoding="utf-8")
    return report


def build_report(
    args: argparse.Namespace, *, latencies: dict[str, list[float]], errors: dict[str, dict[str, int]], elapsed: float,
    ready_s: float,
) -> dict[str, Any]:  # fmt: skip
    """Assemble the JSON report and check it against the targets."""
    total = sum(len(values) for values in latencies.values())
    error_count = sum(sum(kinds.values()) for kinds in errors.values())
    teams = latencies["teams"] + latencies["teams_refusal"]
    teams_p99 = summarise(teams).get("p99_ms", 0.0)
    return {
        "requests": total,
        "clients": args.clients,
        "workers": args.workers,
        "mode": "extractive",
        "seconds": round(elapsed, 2),
        "throughput_rps": round(total / elapsed, 1) if elapsed else 0.0,
        "startup_to_ready_s": round(ready_s, 1),
        "latency": {
            **{kind: summarise(values) for kind, values in latencies.items()},
            "teams_all": summarise(teams),
            "all": summarise([v for values in latencies.values() for v in values]),
        },
        "errors": error_count,
        "errors_by_kind": {kind: found for kind, found in errors.items() if found},
        "targets": {
            "zero_errors": error_count == 0,
            "teams_p99_under_1s": teams_p99 < TEAMS_P99_TARGET_MS,
        },
    }


if __name__ == "__main__":
    main()
