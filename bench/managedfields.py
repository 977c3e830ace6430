"""Micro-benchmark of the per-object write pipeline: prune, defaults, validation, managedFields.

Runs the real ``TypeHooks`` calls, in the order the registry makes them, for a
create (prune → defaults + create defaults → managedFields → validate) and for an update
(prune → defaults → managedFields → validate), on a realistic Pod and Deployment, and prints
CPU microseconds per object for each stage and for the whole pipeline. No server, no I/O.

The totals are given twice: for the same object shape over and over (a Deployment's pods, the
server benchmark), and for objects that all differ (names, label keys, quantities), where none
of the answers the pipeline remembers by value applies. Each figure is the best of ten batches:
the machine is shared, and the best batch is the least disturbed one.

Usage: python bench/managedfields.py [--rounds 2000]
"""

from __future__ import annotations

import argparse
import copy
import itertools
import time
from typing import TYPE_CHECKING, Any

from kubeedge.apiserver.registry.builtin import builtin_resources
from kubeedge.apiserver.registry.options import WriteOptions
from kubeedge.apiserver.schema.builtin import builtin_schemas
from kubeedge.apiserver.typehooks import TypeHooks

if TYPE_CHECKING:
    from collections.abc import Callable

    from kubeedge.apiserver.registry.resources import ResourceInfo

NOW = "2024-05-01T10:00:00Z"
LATER = "2024-05-01T10:00:05Z"


def pod(i: int | None = None) -> dict[str, Any]:
    """The benchmark pod; with ``i``, one whose names, label keys and quantities are its own
    (so that nothing remembered from an earlier object applies)."""
    n = "" if i is None else f"-{i}"
    return {
        "apiVersion": "v1",
        "kind": "Pod",
        "metadata": {"name": f"pod-00001{n}", "namespace": "bench", "labels": {"app": "bench", f"shard{n}": "1"}},
        "spec": {
            "nodeName": "bench-node",
            "containers": [
                {
                    "name": f"app{n}",
                    "image": "registry.local/app:1.0",
                    "ports": [{"containerPort": 8080 if i is None else 1 + i % 65535, "name": "http"}],
                    "env": [{"name": f"MODE{n}", "value": "bench"}, {"name": "LEVEL", "value": "3"}],
                    "resources": {
                        "requests": {"cpu": "10m" if i is None else f"{10 + i}m", "memory": "16Mi"},
                        "limits": {"memory": "64Mi" if i is None else f"{64 + i}Mi"},
                    },
                }
            ],
        },
    }


def deployment(i: int | None = None) -> dict[str, Any]:
    """The benchmark Deployment; ``i`` as for :func:`pod`."""
    n = "" if i is None else f"-{i}"
    return {
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "metadata": {"name": f"web{n}", "namespace": "bench", "labels": {f"app{n}": "web"}},
        "spec": {
            "replicas": 3,
            "selector": {"matchLabels": {f"app{n}": "web"}},
            "template": {
                "metadata": {"labels": {f"app{n}": "web"}},
                "spec": {
                    "containers": [
                        {
                            "name": f"web{n}",
                            "image": "nginx:1.27",
                            "ports": [{"containerPort": 80 if i is None else 1 + i % 65535}],
                            "env": [{"name": f"MODE{n}", "value": "prod"}],
                            "resources": {
                                "requests": {"cpu": "100m" if i is None else f"{100 + i}m", "memory": "64Mi"}
                            },
                            "readinessProbe": {"httpGet": {"path": "/", "port": 80}},
                        }
                    ]
                },
            },
        },
    }


class Pipeline:
    """The registry's create and update paths for one resource through the real
    :class:`TypeHooks`, minus storage and admission (which needs the store)."""

    def __init__(self, resource: ResourceInfo) -> None:
        self.resource = resource
        self.hooks = TypeHooks(store=None, namespace_of=lambda name: None)  # type: ignore[arg-type]
        self.opts = WriteOptions(user_agent="kubectl/v1.32.0 (linux/amd64)")

    def prune(self, obj: dict[str, Any]) -> None:
        warnings: list[str] = []
        self.hooks.prepare_body(self.resource, obj, self.opts, warnings)

    def default(self, obj: dict[str, Any], *, creating: bool) -> None:
        self.hooks.default(self.resource, obj, creating=creating)

    def manage(self, old: dict[str, Any] | None, new: dict[str, Any], now: str) -> None:
        self.hooks.manage_fields(self.resource, old, new, self.opts, "", now)

    def validate(self, obj: dict[str, Any], old: dict[str, Any] | None) -> None:
        errors = self.hooks.validate(self.resource, obj, old, "")
        assert not errors, errors

    def create(self, body: dict[str, Any]) -> dict[str, Any]:
        self.prune(body)
        body["metadata"].update(uid="5f1c0d52-7d2b-4f6e-9b1a-2f7f0c0e9a11", creationTimestamp=NOW)
        self.default(body, creating=True)
        self.manage(None, body, NOW)
        self.validate(body, None)
        body["metadata"]["resourceVersion"] = "1"
        return body

    def update(self, old: dict[str, Any], body: dict[str, Any]) -> dict[str, Any]:
        self.prune(body)
        self.default(body, creating=False)
        self.manage(old, body, LATER)
        self.validate(body, old)
        return body


def relabelled(stored: dict[str, Any], key: str = "round") -> dict[str, Any]:
    """A metadata-only update: what ``kubectl label`` sends back (the stored object plus a label)."""
    body = copy.deepcopy(stored)
    body["metadata"]["labels"][key] = "7"
    return body


def timed(rounds: int, make: Callable[[], Any], run: Callable[[Any], Any], batches: int = 10) -> float:
    """Microseconds of CPU per call of ``run``, best of ``batches`` (the machine is shared, so the
    best batch is the least disturbed); ``make`` (untimed) builds each call's fresh input."""
    per_batch = max(1, rounds // batches)
    best = float("inf")
    for _ in range(batches):
        inputs = [make() for _ in range(per_batch)]
        started = time.process_time()
        for item in inputs:
            run(item)
        best = min(best, (time.process_time() - started) / per_batch * 1e6)
    return best


def bench(name: str, pipeline: Pipeline, template: Callable[..., dict[str, Any]], rounds: int) -> None:
    stored = pipeline.create(template())
    stages: dict[str, float] = {
        "create total": timed(rounds, template, pipeline.create),
        "update total": timed(rounds, lambda: relabelled(stored), lambda body: pipeline.update(stored, body)),
    }
    # The same with every object different (names, label keys, quantities): no answer
    # remembered from an earlier object applies, as for a cluster of all-different objects.
    count = itertools.count(1000)

    def distinct_update() -> tuple[dict[str, Any], dict[str, Any]]:
        i = next(count)
        old = pipeline.create(template(i))
        return old, relabelled(old, f"round-{i}")

    stages["create total, distinct objects"] = timed(rounds, lambda: template(next(count)), pipeline.create)
    stages["update total, distinct objects"] = timed(rounds, distinct_update, lambda pair: pipeline.update(*pair))
    # Each stage alone, on inputs already through the earlier stages.
    stages["  create prune"] = timed(rounds, template, pipeline.prune)
    pruned = template()
    pipeline.prune(pruned)
    pruned["metadata"].update(uid="5f1c0d52-7d2b-4f6e-9b1a-2f7f0c0e9a11", creationTimestamp=NOW)
    stages["  create defaults"] = timed(
        rounds, lambda: copy.deepcopy(pruned), lambda obj: pipeline.default(obj, creating=True)
    )
    defaulted = copy.deepcopy(pruned)
    pipeline.default(defaulted, creating=True)
    stages["  create managedFields"] = timed(
        rounds, lambda: copy.deepcopy(defaulted), lambda obj: pipeline.manage(None, obj, NOW)
    )
    stages["  create validate"] = timed(rounds, lambda: stored, lambda obj: pipeline.validate(obj, None))
    updated = relabelled(stored)
    pipeline.prune(updated)
    pipeline.default(updated, creating=False)
    stages["  update managedFields"] = timed(
        rounds, lambda: copy.deepcopy(updated), lambda obj: pipeline.manage(stored, obj, LATER)
    )
    stages["  update validate"] = timed(rounds, lambda: updated, lambda obj: pipeline.validate(obj, stored))
    for stage, micros in stages.items():
        print(f"{name} {stage}: {micros:.1f} µs", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=2000)
    args = parser.parse_args()
    resources = {(r.group, r.plural): r for r in builtin_resources(builtin_schemas())}
    bench("Pod", Pipeline(resources["", "pods"]), pod, args.rounds)
    bench("Deployment", Pipeline(resources["apps", "deployments"]), deployment, args.rounds)


if __name__ == "__main__":
    main()
