"""Controller shells against the real registry and SQLite store, in this process, on a clock we move.

The periodic controllers (Event expiry after an hour, PodGC's quarantine) and the shared pieces
(event aggregation, index routing) are exercised here, where time can be advanced instead of
waited for. The registry is assembled as ``server.py`` assembles it.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

import orjson
import pytest

from kubeedge.apiserver import server
from kubeedge.apiserver.controllers._indexes import Facts, NodeCache, ResourceIndex
from kubeedge.apiserver.controllers._objects import ObjectRef
from kubeedge.apiserver.controllers._recorder import EventRecorder
from kubeedge.apiserver.controllers.events import EventTTLController
from kubeedge.apiserver.controllers.podgc import PodGCController
from kubeedge.apiserver.controllers.runtime import InternalClient
from kubeedge.apiserver.registry.builtin import builtin_resources, builtin_strategies
from kubeedge.apiserver.registry.catalog import Catalog
from kubeedge.apiserver.registry.objects import ObjectRegistry
from kubeedge.apiserver.schema.builtin import builtin_schemas
from kubeedge.apiserver.selectors import fields as field_selectors
from kubeedge.apiserver.storage.mvcc import Attrs
from kubeedge.apiserver.storage.store import StoreConfig, open_store, resource_prefix
from kubeedge.apiserver.typehooks import TypeHooks

if TYPE_CHECKING:
    from collections.abc import AsyncIterator
    from pathlib import Path

pytestmark = pytest.mark.integration


@dataclass
class Clock:
    now: datetime = field(default_factory=lambda: datetime(2030, 1, 1, tzinfo=UTC))

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


@dataclass
class World:
    client: InternalClient
    clock: Clock


@pytest.fixture
async def world(tmp_path: Path) -> AsyncIterator[World]:
    catalog = Catalog(builtin_resources(builtin_schemas()))

    def attrs_of(key: str, value: bytes) -> Attrs:
        obj = orjson.loads(value)
        resource = catalog.by_storage_prefix(resource_prefix(key))
        fields = field_selectors.field_values(obj, resource) if resource is not None else {}
        return Attrs((obj.get("metadata") or {}).get("labels") or {}, fields)

    clock = Clock()
    async with open_store(tmp_path / "state.db", StoreConfig(), attrs_of) as store:

        def namespace_of(name: str) -> dict[str, Any] | None:
            entry = store.get(f"/core/namespaces/{name}")
            return None if entry is None else orjson.loads(entry.value)

        hooks = TypeHooks(store=store, namespace_of=namespace_of)
        registry = ObjectRegistry(store=store, hooks=hooks, strategies=builtin_strategies(), clock=clock)
        await server._bootstrap(registry, catalog)
        yield World(InternalClient(registry, catalog, "test"), clock)


def _pod(name: str, node: str = "", **meta: Any) -> dict[str, Any]:
    spec: dict[str, Any] = {"containers": [{"name": "c", "image": "busybox:1.36"}]}
    if node:
        spec["nodeName"] = node
    return {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": name, **meta}, "spec": spec}


def _node(name: str) -> dict[str, Any]:
    return {"apiVersion": "v1", "kind": "Node", "metadata": {"name": name}}


async def test_events_expire_an_hour_after_their_last_write(world: World) -> None:
    client, clock = world.client, world.clock
    recorder = EventRecorder(client, "test-controller")
    ttl = EventTTLController(client)
    ttl.start()
    regarding = ObjectRef(api_version="v1", kind="Pod", namespace="default", name="p", uid="u1")
    await recorder.record(regarding, "Normal", "Old", "written first")
    clock.advance(1800)
    await recorder.record(regarding, "Normal", "New", "written later")
    events = client.resource("", "events")
    assert {e["reason"] for e in client.list(events, "default")} == {"Old", "New"}

    clock.advance(1801)  # "Old" is 3601 s old, "New" 1801 s
    assert await ttl.sweep() == 1
    assert [e["reason"] for e in client.list(events, "default")] == ["New"]
    # A repeat rewrites "New", which restarts its hour.
    clock.advance(1700)
    await recorder.record(regarding, "Normal", "New", "written later")
    clock.advance(1700)
    assert await ttl.sweep() == 0
    (event,) = client.list(events, "default")
    assert event["count"] == 2
    clock.advance(1901)
    assert await ttl.sweep() == 1
    assert client.list(events, "default") == []


async def test_recorder_aggregates_repeats_and_names_like_kube(world: World) -> None:
    client = world.client
    recorder = EventRecorder(client, "deployment-controller")
    regarding = ObjectRef(api_version="apps/v1", kind="Deployment", namespace="default", name="web", uid="u2")
    for _ in range(3):
        await recorder.record(regarding, "Normal", "ScalingReplicaSet", "Scaled up replica set web-1 from 0 to 3")
    await recorder.record(regarding, "Warning", "Other", "something else")
    events = sorted(client.list(client.resource("", "events"), "default"), key=lambda e: e["reason"])
    assert [(e["reason"], e["count"]) for e in events] == [("Other", 1), ("ScalingReplicaSet", 3)]
    scaling = events[1]
    assert scaling["metadata"]["name"].startswith("web.")
    assert scaling["involvedObject"] == {
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "name": "web",
        "namespace": "default",
        "uid": "u2",
    }
    assert scaling["source"] == {"component": "deployment-controller"}
    assert scaling["reportingComponent"] == "deployment-controller"


async def test_pod_gc_force_deletes_pods_of_missing_nodes_only(world: World) -> None:
    client, clock = world.client, world.clock
    pods_resource = client.resource("", "pods")
    nodes_resource = client.resource("", "nodes")
    await client.create(nodes_resource, "", _node("present"))
    await client.create(nodes_resource, "", _node("going"))
    pods = ResourceIndex(client, pods_resource)
    gc = PodGCController(client, pods=pods, nodes=NodeCache(client), quarantine=0.2)
    gc.start()
    await client.create(pods_resource, "default", _pod("orphan", "ghost"))
    await client.create(pods_resource, "default", _pod("stays", "present"))
    await client.create(pods_resource, "default", _pod("left-behind", "going"))
    # A terminating pod waits for its kubelet... until the node is gone.
    assert await client.delete(pods_resource, "default", "left-behind")
    terminating = client.get(pods_resource, "default", "left-behind")
    assert terminating is not None
    assert terminating["metadata"]["deletionTimestamp"]
    await client.delete(nodes_resource, "", "going")

    due = await gc.collect()  # quarantine starts: nothing deleted yet
    assert due is not None
    assert 0 < due <= 0.2 + 1e-6  # clock arithmetic in floats
    assert {p["metadata"]["name"] for p in client.list(pods_resource, "default")} == {"orphan", "stays", "left-behind"}

    final_states: dict[str, dict[str, Any]] = {}

    def watch(kind: Any, obj: dict[str, Any]) -> None:
        final_states[obj["metadata"]["name"]] = obj

    client.observe(pods_resource, watch)
    await asyncio.sleep(0.25)  # the quarantine runs on the event loop's clock
    clock.advance(1)
    assert await gc.collect() is None
    assert [p["metadata"]["name"] for p in client.list(pods_resource, "default")] == ["stays"]
    orphan = final_states["orphan"]
    assert orphan["status"]["phase"] == "Failed"
    disruption = next(c for c in orphan["status"]["conditions"] if c["type"] == "DisruptionTarget")
    assert (disruption["reason"], disruption["message"]) == ("DeletionByPodGC", "PodGC: node no longer exists")


async def test_resource_index_routes_on_old_and_new_facts(world: World) -> None:
    client = world.client
    pods_resource = client.resource("", "pods")
    index = ResourceIndex(client, pods_resource)
    changes: list[tuple[Facts | None, Facts | None]] = []
    index.start()
    index.subscribe(lambda old, new: changes.append((old, new)))
    owner = {"apiVersion": "apps/v1", "kind": "ReplicaSet", "name": "rs", "uid": "rs-uid", "controller": True}
    await client.create(pods_resource, "default", _pod("a", labels={"app": "x"}, ownerReferences=[owner]))
    await client.create(pods_resource, "default", _pod("b", labels={"app": "y"}))
    assert [f.name for f in index.controlled_by("rs-uid")] == ["a"]
    assert [f.name for f in index.orphans_in("default")] == ["b"]

    def relabel(pod: dict[str, Any]) -> dict[str, Any]:
        pod["metadata"]["labels"] = {"app": "z"}
        pod["metadata"].pop("ownerReferences")
        return pod

    await client.mutate(pods_resource, "default", "a", relabel)
    old, new = changes[-1]
    assert old is not None
    assert new is not None
    assert (dict(old.labels), old.controller is not None) == ({"app": "x"}, True)
    assert (dict(new.labels), new.controller) == ({"app": "z"}, None)
    assert list(index.controlled_by("rs-uid")) == []
    assert sorted(f.name for f in index.orphans_in("default")) == ["a", "b"]
    # Parsed once per revision, and shared.
    assert index.get("default/a") is index.get("default/a")
    await client.delete(pods_resource, "default", "b")
    assert changes[-1][1] is None
    assert changes[-1][0] is not None
    assert changes[-1][0].name == "b"
    assert index.get("default/b") is None
