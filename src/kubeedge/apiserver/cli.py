"""``kubeedge-apiserver``: run the embedded control plane from the command line.

Exit codes: 0 after a graceful stop (SIGTERM/SIGINT), 1 when the data directory or PKI cannot be
used (the message says which file and why), 2 for bad flags.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import signal
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kubeedge.apiserver.memory import freeze_startup_objects, tune_allocator, tune_gc
from kubeedge.apiserver.server import ApiServer, ServerConfig
from kubeedge.errors import ConfigError, StorageError

if TYPE_CHECKING:
    from collections.abc import Callable, Coroutine

__all__ = ["main"]

logger = logging.getLogger("kubeedge.apiserver")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kubeedge-apiserver",
        description="A Kubernetes-API-compatible control plane on SQLite, for KubeEdge without a cluster.",
    )
    parser.add_argument("--data-dir", required=True, type=Path, help="where state, certificates and kubeconfig live")
    parser.add_argument("--bind-address", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    parser.add_argument("--secure-port", default=6443, type=int, help="HTTPS port (default 6443; 0 picks a free one)")
    parser.add_argument(
        "--etcd-compaction-interval",
        default="5m",
        help="how often old revisions are compacted, as kube-apiserver's flag (e.g. 5m, 30s; default 5m)",
    )
    # kube-controller-manager's flag; hidden because it is a tuning knob (tests use a short one).
    parser.add_argument("--node-monitor-grace-period", default="40s", help=argparse.SUPPRESS)
    parser.add_argument("-v", "--v", dest="verbosity", default=1, type=int, help="log verbosity (0-4)")
    return parser


def _duration(text: str, flag: str = "--etcd-compaction-interval") -> float:
    units = {"ms": 0.001, "s": 1.0, "m": 60.0, "h": 3600.0}
    for suffix in ("ms", "s", "m", "h"):
        if text.endswith(suffix):
            try:
                return float(text[: -len(suffix)]) * units[suffix]
            except ValueError:
                break
    raise ConfigError(f"{flag}: {text!r} is not a duration such as 30s or 5m")


def _event_loop_runner() -> Callable[[Coroutine[Any, Any, int]], int]:
    """uvloop where it is installed (a dependency on Linux): its TLS and socket paths are
    markedly cheaper than asyncio's, which is most of what a request costs besides our own work."""
    try:
        import uvloop
    except ImportError:
        return asyncio.run
    return uvloop.run


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    level = logging.WARNING if args.verbosity <= 0 else logging.INFO if args.verbosity <= 2 else logging.DEBUG
    logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s", stream=sys.stderr)
    try:
        interval = _duration(args.etcd_compaction_interval)
        grace = _duration(args.node_monitor_grace_period, "--node-monitor-grace-period")
    except ConfigError as exc:
        print(f"kubeedge-apiserver: {exc}", file=sys.stderr)
        return 2
    if not 0 <= args.secure_port <= 65535:
        print(f"kubeedge-apiserver: --secure-port: {args.secure_port} is not a port number", file=sys.stderr)
        return 2
    config = ServerConfig(
        data_dir=args.data_dir.resolve(),
        bind_address=args.bind_address,
        secure_port=args.secure_port,
        compaction_interval=interval,
        node_monitor_grace_period=grace,
    )
    tune_allocator()
    tune_gc()
    try:
        return _event_loop_runner()(_run(config))
    except (StorageError, ConfigError) as exc:
        print(f"kubeedge-apiserver: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:
        print(
            f"kubeedge-apiserver: cannot serve on {args.bind_address}:{args.secure_port}: {exc.strerror}",
            file=sys.stderr,
        )
        return 1


async def _run(config: ServerConfig) -> int:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop.set)

    def ready(server: ApiServer) -> None:
        freeze_startup_objects()
        print(f"kubeedge-apiserver is serving on {server.url}", flush=True)
        print(f"  kubectl --kubeconfig {server.kubeconfig_path} get namespaces", flush=True)

    await ApiServer(config).run(stop, on_ready=ready)
    return 0


if __name__ == "__main__":
    sys.exit(main())
