"""Benchmark of kubeedge-apiserver: pod creates, updates, LIST, and watch delivery with many watchers.

Starts a real server process (its own data dir, a free port), drives it over HTTPS with aiohttp
from this process, and prints one line per figure. Targets (issue 2): >= 1,000 creates/s from 16
clients; LIST of 10,000 pods <= 1 s; watch delivery p99 <= 100 ms with 100 watchers; RSS <= 300 MB
holding 10,000 pods. Pods are created already bound (spec.nodeName set), as a benchmark of the
API server alone; the scheduler has nothing to do for them.

Usage: python bench/apiserver.py [--pods 10000] [--clients 16] [--watchers 100]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import aiohttp
import orjson

from kubeedge.testing.apiserver import RunningApiServer, start_apiserver

NAMESPACE = "bench"


def pod(name: str) -> bytes:
    return orjson.dumps(
        {
            "apiVersion": "v1",
            "kind": "Pod",
            "metadata": {"name": name, "namespace": NAMESPACE, "labels": {"app": "bench", "shard": name[-1]}},
            "spec": {
                "nodeName": "bench-node",
                "containers": [
                    {
                        "name": "app",
                        "image": "registry.local/app:1.0",
                        "ports": [{"containerPort": 8080}],
                        "env": [{"name": "MODE", "value": "bench"}],
                        "resources": {"requests": {"cpu": "10m", "memory": "16Mi"}},
                    }
                ],
            },
        }
    )


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(pct / 100 * len(ordered)) - 1))
    return ordered[index]


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


async def run_clients(count: int, clients: int, job: Any) -> tuple[float, list[float]]:
    latencies: list[float] = []
    queue: asyncio.Queue[int] = asyncio.Queue()
    for i in range(count):
        queue.put_nowait(i)

    async def worker() -> None:
        while True:
            try:
                i = queue.get_nowait()
            except asyncio.QueueEmpty:
                return
            started = time.perf_counter()
            await job(i)
            latencies.append(time.perf_counter() - started)

    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(clients)))
    return time.perf_counter() - started, latencies


def report(name: str, count: int, elapsed: float, latencies: list[float]) -> dict[str, float]:
    result = {
        "per_second": count / elapsed,
        "p50_ms": percentile(latencies, 50) * 1000,
        "p99_ms": percentile(latencies, 99) * 1000,
    }
    print(
        f"{name}: {count} in {elapsed:.2f}s = {result['per_second']:.0f}/s, "
        f"p50 {result['p50_ms']:.1f} ms, p99 {result['p99_ms']:.1f} ms",
        flush=True,
    )
    return result


async def bench(server: RunningApiServer, args: argparse.Namespace) -> dict[str, Any]:
    results: dict[str, Any] = {}
    ctx = server.ssl_context()
    connector = aiohttp.TCPConnector(ssl=ctx, limit=args.clients + args.watchers + 8)
    timeout = aiohttp.ClientTimeout(total=600)
    base = server.url
    async with aiohttp.ClientSession(connector=connector, timeout=timeout) as session:
        ns = {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": NAMESPACE}}
        headers = {"Content-Type": "application/json"}
        async with session.post(f"{base}/api/v1/namespaces", data=orjson.dumps(ns), headers=headers) as response:
            assert response.status == 201, await response.text()
        pods_url = f"{base}/api/v1/namespaces/{NAMESPACE}/pods"

        async def create(i: int) -> None:
            async with session.post(pods_url, data=pod(f"pod-{i:05d}"), headers=headers) as response:
                if response.status != 201:
                    raise RuntimeError(f"create failed: {response.status} {await response.text()}")
                await response.read()

        elapsed, latencies = await run_clients(args.pods, args.clients, create)
        results["create"] = report("create pods", args.pods, elapsed, latencies)
        results["rss_mb"] = rss_mb(server.process.pid)
        print(f"server RSS holding {args.pods} pods: {results['rss_mb']:.0f} MB", flush=True)

        patch_headers = {"Content-Type": "application/strategic-merge-patch+json"}

        async def update(i: int) -> None:
            name = f"pod-{i % args.pods:05d}"
            body = orjson.dumps({"metadata": {"labels": {"round": str(i)}}})
            async with session.patch(f"{pods_url}/{name}", data=body, headers=patch_headers) as response:
                if response.status != 200:
                    raise RuntimeError(f"patch failed: {response.status} {await response.text()}")
                await response.read()

        updates = args.pods // 2
        elapsed, latencies = await run_clients(updates, args.clients, update)
        results["update"] = report("patch pods", updates, elapsed, latencies)
        print(f"  (server RSS after patches: {rss_mb(server.process.pid):.0f} MB)", flush=True)

        list_times = []
        for _ in range(5):
            started = time.perf_counter()
            async with session.get(pods_url) as response:
                body = await response.read()
            list_times.append(time.perf_counter() - started)
        items = len(orjson.loads(body)["items"])
        print(f"  (server RSS after LISTs: {rss_mb(server.process.pid):.0f} MB)", flush=True)
        results["list_s"] = statistics.median(list_times)
        print(f"LIST {items} pods: median {results['list_s'] * 1000:.0f} ms over 5 ({len(body) / 1e6:.1f} MB)")
        table_times = []
        table_accept = {"Accept": "application/json;as=Table;v=v1;g=meta.k8s.io,application/json"}
        for _ in range(3):
            started = time.perf_counter()
            async with session.get(pods_url, headers=table_accept) as response:
                await response.read()
            table_times.append(time.perf_counter() - started)
        results["list_table_s"] = statistics.median(table_times)
        print(f"LIST {items} pods as Table (kubectl get pods): median {results['list_table_s'] * 1000:.0f} ms")
        print(f"  (server RSS after Table LISTs: {rss_mb(server.process.pid):.0f} MB)", flush=True)

        results["watch"] = await watch_latency(session, pods_url, args)
        results["rss_mb_end"] = rss_mb(server.process.pid)
        print(f"server RSS at the end: {results['rss_mb_end']:.0f} MB", flush=True)
    return results


async def watch_latency(session: aiohttp.ClientSession, pods_url: str, args: argparse.Namespace) -> dict[str, float]:
    """Watchers on pods; a writer patches one pod at a time; delivery = event seen - write sent."""
    async with session.get(pods_url, params={"limit": "1"}) as response:
        rv = (await response.json())["metadata"]["resourceVersion"]
    sent: dict[str, float] = {}
    delays: list[float] = []
    ready = 0
    done = asyncio.Event()
    expected = args.watch_writes * args.watchers

    async def watcher() -> None:
        nonlocal ready
        params = {"watch": "true", "resourceVersion": rv, "timeoutSeconds": "300"}
        async with session.get(pods_url, params=params) as response:
            ready += 1
            async for line in response.content:
                event = orjson.loads(line)
                labels = event["object"]["metadata"].get("labels") or {}
                marker = labels.get("probe")
                if marker and marker in sent:
                    delays.append(time.perf_counter() - sent[marker])
                    if len(delays) >= expected:
                        done.set()
                        return

    tasks = [asyncio.create_task(watcher()) for _ in range(args.watchers)]
    while ready < args.watchers:
        await asyncio.sleep(0.05)
    await asyncio.sleep(0.5)
    headers = {"Content-Type": "application/merge-patch+json"}
    started = time.perf_counter()
    for i in range(args.watch_writes):
        marker = f"p{i}"
        body = orjson.dumps({"metadata": {"labels": {"probe": marker}}})
        # Timed from before the write is sent: delivery includes the commit, a conservative measure.
        sent[marker] = time.perf_counter()
        async with session.patch(f"{pods_url}/pod-{i % args.pods:05d}", data=body, headers=headers) as response:
            await response.read()
        await asyncio.sleep(1 / args.watch_rate)
    try:
        await asyncio.wait_for(done.wait(), timeout=60)
    except TimeoutError:
        print(f"watch: only {len(delays)} of {expected} deliveries arrived", flush=True)
    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
    elapsed = time.perf_counter() - started
    result = {
        "p50_ms": percentile(delays, 50) * 1000,
        "p99_ms": percentile(delays, 99) * 1000,
        "deliveries": float(len(delays)),
    }
    print(
        f"watch delivery to {args.watchers} watchers, {args.watch_writes} writes at {args.watch_rate}/s "
        f"({len(delays)} deliveries in {elapsed:.1f}s): p50 {result['p50_ms']:.1f} ms, p99 {result['p99_ms']:.1f} ms",
        flush=True,
    )
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pods", type=int, default=10_000)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--watchers", type=int, default=100)
    parser.add_argument("--watch-writes", type=int, default=200)
    parser.add_argument("--watch-rate", type=float, default=50.0, help="writes per second during the watch test")
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args()
    print(f"machine: {platform.node()} {platform.machine()}, {platform.python_version()}, date {time.strftime('%F')}")
    with tempfile.TemporaryDirectory() as tmp, start_apiserver(Path(tmp)) as server:
        import uvloop  # the load generator should cost as little CPU as possible: it shares the machine

        results = uvloop.run(bench(server, args))
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
