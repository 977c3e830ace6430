"""The store against a real SQLite file: durability, revisions, conflicts, watch replay, compaction."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

import orjson
import pytest

from kubeedge.apiserver.storage.mvcc import Attrs, EventType
from kubeedge.apiserver.storage.store import (
    CompactedError,
    KeyExistsError,
    KeyNotFoundError,
    RevisionConflictError,
    Store,
    StoreConfig,
    open_store,
)

if TYPE_CHECKING:
    from pathlib import Path


def attrs_of(key: str, value: bytes) -> Attrs:
    obj = orjson.loads(value)
    return Attrs(obj.get("metadata", {}).get("labels", {}), {"metadata.name": obj["metadata"]["name"]})


def obj(name: str, **labels: str) -> dict:
    return {"metadata": {"name": name, "labels": labels}}


def attrs(o: dict) -> Attrs:
    return Attrs(o["metadata"]["labels"], {"metadata.name": o["metadata"]["name"]})


async def put(store: Store, key: str, o: dict) -> int:
    entry = await store.create(key, o, attrs(o))
    return entry.rev


async def test_create_update_delete_and_revisions(tmp_path: Path) -> None:
    async with open_store(tmp_path / "db", StoreConfig(), attrs_of) as store:
        r1 = await put(store, "/core/pods/ns/a", obj("a"))
        r2 = await put(store, "/core/pods/ns/b", obj("b"))
        assert r2 == r1 + 1
        entry = store.get("/core/pods/ns/a")
        assert entry is not None
        assert orjson.loads(entry.value)["metadata"]["resourceVersion"] == str(r1)
        with pytest.raises(KeyExistsError):
            store.create("/core/pods/ns/a", obj("a"), attrs(obj("a")))
        with pytest.raises(RevisionConflictError):
            store.update("/core/pods/ns/a", obj("a", x="1"), attrs(obj("a", x="1")), expected_rev=r2)
        r3 = (await store.update("/core/pods/ns/a", obj("a", x="1"), attrs(obj("a", x="1")), expected_rev=r1)).rev
        await store.delete("/core/pods/ns/b", obj("b"), attrs(obj("b")), expected_rev=r2)
        with pytest.raises(KeyNotFoundError):
            store.delete("/core/pods/ns/b", obj("b"), attrs(obj("b")), expected_rev=r2)
        assert [e.key for e in store.list_prefix("/core/pods/")] == ["/core/pods/ns/a"]
        assert store.revision == r3 + 1
    # Reopen: same state, revision never goes backwards.
    async with open_store(tmp_path / "db", StoreConfig(), attrs_of) as store:
        assert [e.key for e in store.list_prefix("/core/pods/")] == ["/core/pods/ns/a"]
        assert store.revision == r3 + 1
        assert await put(store, "/core/pods/ns/c", obj("c")) == r3 + 2


async def test_concurrent_updates_one_wins(tmp_path: Path) -> None:
    async with open_store(tmp_path / "db", StoreConfig(), attrs_of) as store:
        rev = await put(store, "/core/cm/ns/a", obj("a"))
        first = store.update("/core/cm/ns/a", obj("a", v="1"), attrs(obj("a", v="1")), expected_rev=rev)
        with pytest.raises(RevisionConflictError):
            store.update("/core/cm/ns/a", obj("a", v="2"), attrs(obj("a", v="2")), expected_rev=rev)
        await first


async def test_group_commit_many_writers(tmp_path: Path) -> None:
    async with open_store(tmp_path / "db", StoreConfig(), attrs_of) as store:
        revs = await asyncio.gather(*(put(store, f"/core/pods/ns/p{i:04d}", obj(f"p{i:04d}")) for i in range(500)))
        assert sorted(revs) == list(range(1, 501))
        assert store.count("/core/pods/") == 500


async def test_watch_replay_live_and_selector_transitions(tmp_path: Path) -> None:
    async with open_store(tmp_path / "db", StoreConfig(event_history=2), attrs_of) as store:
        r1 = await put(store, "/core/pods/ns/a", obj("a", app="web"))
        r2 = (await store.update("/core/pods/ns/a", obj("a", app="db"), attrs(obj("a", app="db")), expected_rev=r1)).rev
        await put(store, "/core/pods/ns/b", obj("b", app="web"))
        # from r1 with history of 2 in memory: forces a replay from SQLite.
        watcher = store.watch("/core/pods/", from_rev=0, matches=lambda a: a.labels.get("app") == "web")
        seen = [(await watcher.next(max_wait=1)) for _ in range(3)]
        assert [(t, orjson.loads(v)["metadata"]["name"]) for t, v, _ in seen] == [
            (EventType.ADDED, "a"),
            (EventType.DELETED, "a"),  # left the selector's view
            (EventType.ADDED, "b"),
        ]
        assert orjson.loads(seen[1][1])["metadata"]["resourceVersion"] == str(r2)
        await store.update("/core/pods/ns/a", obj("a", app="web"), attrs(obj("a", app="web")), expected_rev=r2)
        live = await watcher.next(max_wait=1)
        assert live is not None
        assert live[0] is EventType.ADDED
        watcher.close("done")


async def test_slow_watcher_is_disconnected(tmp_path: Path) -> None:
    async with open_store(tmp_path / "db", StoreConfig(watch_buffer=3), attrs_of) as store:
        slow = store.watch("/core/pods/", from_rev=None)
        for i in range(5):
            await put(store, f"/core/pods/ns/p{i}", obj(f"p{i}"))
        assert slow.closed_reason
        assert await slow.next(max_wait=1) is None


async def test_compaction_gives_410_and_keeps_state(tmp_path: Path) -> None:
    async with open_store(tmp_path / "db", StoreConfig(), attrs_of) as store:
        r1 = await put(store, "/core/pods/ns/a", obj("a"))
        r2 = (await store.update("/core/pods/ns/a", obj("a", v="1"), attrs(obj("a", v="1")), expected_rev=r1)).rev
        await put(store, "/core/pods/ns/b", obj("b"))
        e = store.get("/core/pods/ns/b")
        assert e is not None
        await store.delete("/core/pods/ns/b", obj("b"), attrs(obj("b")), expected_rev=e.rev)
        top = store.revision
        await store.compact_now()
        with pytest.raises(CompactedError):
            store.watch("/core/pods/", from_rev=r1)
        snap = await store.snapshot("/core/pods/", at_rev=top, start_key="", limit=0)
        assert [(s.key, s.rev) for s in snap] == [("/core/pods/ns/a", r2)]
    async with open_store(tmp_path / "db", StoreConfig(), attrs_of) as store:
        assert store.revision == top
        assert store.compact_revision == top


async def test_snapshot_at_older_revision(tmp_path: Path) -> None:
    async with open_store(tmp_path / "db", StoreConfig(), attrs_of) as store:
        r1 = await put(store, "/core/pods/ns/a", obj("a"))
        await store.update("/core/pods/ns/a", obj("a", v="2"), attrs(obj("a", v="2")), expected_rev=r1)
        await put(store, "/core/pods/ns/b", obj("b"))
        snap = await store.snapshot("/core/pods/", at_rev=r1, start_key="", limit=0)
        assert [(s.key, s.rev) for s in snap] == [("/core/pods/ns/a", r1)]
        page = await store.snapshot("/core/pods/", at_rev=store.revision, start_key="/core/pods/ns/b", limit=1)
        assert [s.key for s in page] == ["/core/pods/ns/b"]


def test_corrupt_database_is_a_clear_error(tmp_path: Path) -> None:
    from kubeedge.errors import StorageError

    path = tmp_path / "db"
    path.write_bytes(b"this is not a database" * 100)
    with pytest.raises(StorageError, match="db"):
        Store.open(path, StoreConfig(), attrs_of)
