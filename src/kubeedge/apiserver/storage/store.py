"""The apiserver's store: committed state in memory, a durable revision log on disk, watchers.

Reads are served from memory (like kube-apiserver's watch cache); every write is first made
durable in SQLite, then applied to memory and fanned out to watchers, all in revision order.

Writes are *group-committed*: callers enqueue an operation and await its future; one writer
task takes everything queued, commits it in a single transaction on the writer thread, then
resolves the futures. Checks (exists? expected revision?) run in the event loop against the
newest state including operations not yet committed (the *pending overlay*), so two concurrent
updates of one key can never both pass. If a commit fails, that batch and everything queued
behind it (which was checked against it) fail together, and the revision counter rewinds.

Overflow policies: the write queue is bounded (``max_pending``; beyond it callers get 429),
and each watcher's buffer is bounded (``disconnect``: a watcher that falls behind is closed and
re-watches from its last revision, which replays from the log; nobody else is slowed down).
"""

from __future__ import annotations

import asyncio
import bisect
import collections
import contextlib
import logging
import time
from collections.abc import AsyncIterator, Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import orjson

from kubeedge.apiserver.errors import StatusError
from kubeedge.apiserver.storage import mvcc
from kubeedge.apiserver.storage.mvcc import Attrs, Entry, Event, EventType, Predicate
from kubeedge.apiserver.storage.sqlite import LogRow, SqliteLog
from kubeedge.errors import KedgeError, StorageError

if TYPE_CHECKING:
    from pathlib import Path

__all__ = [
    "CompactedError",
    "KeyExistsError",
    "KeyNotFoundError",
    "RevisionConflictError",
    "Store",
    "StoreConfig",
    "Watcher",
]

logger = logging.getLogger(__name__)


class KeyExistsError(KedgeError):
    """Create of a key that exists."""


class KeyNotFoundError(KedgeError):
    """Update or delete of a key that does not exist."""


class RevisionConflictError(KedgeError):
    """Update or delete whose expected revision is not the key's current one."""


class CompactedError(KedgeError):
    """A read or watch from a revision that compaction has removed."""

    def __init__(self, rev: int, compact_rev: int) -> None:
        super().__init__(f"too old resource version: {rev} ({compact_rev})")
        self.rev = rev
        self.compact_rev = compact_rev


@dataclass(frozen=True, slots=True, kw_only=True)
class StoreConfig:
    max_batch: int = 512
    max_pending: int = 20_000
    event_history: int = 10_000
    watch_buffer: int = 1_000
    compaction_interval: float = 300.0


def resource_prefix(key: str) -> str:
    """``/apps/deployments/ns/name`` → ``/apps/deployments/``."""
    second = key.index("/", 1)
    return key[: key.index("/", second + 1) + 1]


@dataclass(slots=True)
class _Op:
    key: str
    rev: int
    prev_rev: int
    deleted: bool
    value: bytes
    attrs: Attrs
    obj: dict[str, Any]
    future: asyncio.Future[Entry]


@dataclass(slots=True)
class _Bucket:
    """The committed entries of one resource, with a lazily sorted key list."""

    entries: dict[str, Entry] = field(default_factory=dict)
    sorted_keys: list[str] | None = None

    def keys_in_order(self) -> list[str]:
        if self.sorted_keys is None:
            self.sorted_keys = sorted(self.entries)
        return self.sorted_keys


Observer = Callable[[Event, "dict[str, Any] | None"], None]
# Computes the selectable attributes of a stored value; the key tells which resource it is.
AttrsOf = Callable[[str, bytes], Attrs]


class Watcher:
    """One watch: a backlog to replay first, then live events through a bounded buffer."""

    def __init__(
        self,
        store: Store,
        *,
        prefix: str,
        key_prefix: str,
        matches: Predicate | None,
        backlog: list[tuple[EventType, bytes, int]] | None,
        history: tuple[int, int] | None,
        buffer: int,
    ) -> None:
        self._store = store
        self.prefix = prefix
        self.key_prefix = key_prefix
        self.matches = matches
        self._backlog = collections.deque(backlog or ())
        self._history = history
        self._live: collections.deque[tuple[EventType, bytes, int]] = collections.deque()
        self._buffer = buffer
        self._ready = asyncio.Event()
        self.closed_reason = ""
        self.last_rev = 0

    def offer(self, event: Event) -> None:
        """Called by the store for every committed event under this watcher's prefix."""
        if not event.key.startswith(self.key_prefix):
            return
        seen = mvcc.transition(event, self.matches)
        if seen is None:
            return
        if len(self._live) >= self._buffer:
            self.close("watcher fell behind")
            return
        self._live.append((seen[0], seen[1], event.rev))
        self._ready.set()

    def close(self, reason: str) -> None:
        if not self.closed_reason:
            self.closed_reason = reason
            self._live.clear()
            self._store._unregister(self)
            self._ready.set()

    @property
    def is_idle(self) -> bool:
        """No event is waiting: everything up to the store's revision has been handed out."""
        return not self._backlog and self._history is None and not self._live

    async def _load_history(self) -> None:
        assert self._history is not None
        after, until = self._history
        rows = await self._store._read(
            self._store._log_reader.changes_since, self.prefix, after_rev=after, until_rev=until
        )
        for row, prev in rows:
            if not row.key.startswith(self.key_prefix):
                continue
            event = _event_from_row(row, prev, self._store._attrs_of)
            seen = mvcc.transition(event, self.matches)
            if seen is not None:
                self._backlog.append((seen[0], seen[1], event.rev))
        self._history = None

    async def next(self, max_wait: float | None = None) -> tuple[EventType, bytes, int] | None:
        """The next event, or None when the watch is closed or ``max_wait`` seconds pass with nothing."""
        if self._history is not None:
            await self._load_history()
        while True:
            if self._backlog:
                item = self._backlog.popleft()
            elif self._live:
                item = self._live.popleft()
            elif self.closed_reason:
                return None
            else:
                self._ready.clear()
                if max_wait is None:
                    await self._ready.wait()
                else:
                    try:
                        async with asyncio.timeout(max_wait):
                            await self._ready.wait()
                    except TimeoutError:
                        return None
                continue
            self.last_rev = item[2]
            return item


def _event_from_row(row: LogRow, prev: bytes | None, attrs_of: AttrsOf) -> Event:
    if row.deleted:
        kind = EventType.DELETED
    elif row.prev_rev:
        kind = EventType.MODIFIED
    else:
        kind = EventType.ADDED
    return Event(
        kind,
        row.key,
        row.rev,
        row.value,
        attrs_of(row.key, row.value),
        prev,
        attrs_of(row.key, prev) if prev is not None else None,
    )


class Store:
    """See the module docstring. Create with :meth:`open`, drive with :meth:`run`."""

    def __init__(self, path: Path, config: StoreConfig, attrs_of: AttrsOf) -> None:
        self.path = path
        self.config = config
        self._attrs_of = attrs_of
        self._log = SqliteLog(path)
        self._log_reader = SqliteLog(path)
        self._writer_thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="store-writer")
        self._reader_thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="store-reader")
        self._buckets: dict[str, _Bucket] = collections.defaultdict(_Bucket)
        self._committed_rev = self._log.current_revision()
        self._compact_rev = self._log.compact_revision()
        self._next_rev = self._committed_rev + 1
        self._queue: collections.deque[_Op] = collections.deque()
        self._pending: dict[str, _Op] = {}
        self._wake = asyncio.Event()
        self._idle = asyncio.Event()
        self._idle.set()
        self._history: collections.deque[Event] = collections.deque(maxlen=config.event_history)
        self._watchers: dict[str, set[Watcher]] = collections.defaultdict(set)
        # Observers of one resource (the common case) are found by its prefix; others are matched.
        self._observers_of: dict[str, list[Observer]] = collections.defaultdict(list)
        self._observers: list[tuple[str, Observer]] = []
        self._closing = False
        for row in self._log.load_current():
            attrs = attrs_of(row.key, row.value)
            bucket = self._buckets[resource_prefix(row.key)]
            bucket.entries[row.key] = Entry(row.key, row.rev, row.value, attrs)

    @classmethod
    def open(cls, path: Path, config: StoreConfig, attrs_of: AttrsOf) -> Store:
        return cls(path, config, attrs_of)

    # --- reads (committed state) -------------------------------------------------------------

    @property
    def revision(self) -> int:
        return self._committed_rev

    @property
    def compact_revision(self) -> int:
        return self._compact_rev

    def get(self, key: str) -> Entry | None:
        bucket = self._buckets.get(resource_prefix(key))
        return None if bucket is None else bucket.entries.get(key)

    def latest(self, key: str) -> Entry | None:
        """The newest state including pending writes: only for read-modify-write loops."""
        op = self._pending.get(key)
        if op is not None:
            return None if op.deleted else Entry(op.key, op.rev, op.value, op.attrs)
        return self.get(key)

    def list_prefix(self, prefix: str, key_prefix: str = "") -> list[Entry]:
        """Committed entries of a resource (``prefix``) whose keys start with ``key_prefix``, in key order."""
        bucket = self._buckets.get(prefix)
        if bucket is None:
            return []
        entries = bucket.entries
        keys = bucket.keys_in_order()
        if key_prefix and key_prefix != prefix:
            lo = bisect.bisect_left(keys, key_prefix)
            out = []
            for key in keys[lo:]:
                if not key.startswith(key_prefix):
                    break
                out.append(entries[key])
            return out
        return [entries[k] for k in keys]

    def count(self, prefix: str) -> int:
        bucket = self._buckets.get(prefix)
        return 0 if bucket is None else len(bucket.entries)

    async def snapshot(self, prefix: str, *, at_rev: int, start_key: str, limit: int) -> list[Entry]:
        """Entries under ``prefix`` as they were at ``at_rev`` (paginated and exact LISTs)."""
        if at_rev < self._compact_rev:
            raise CompactedError(at_rev, self._compact_rev)
        rows = await self._read(self._log_reader.snapshot, prefix, at_rev=at_rev, start_key=start_key, limit=limit)
        return [Entry(r.key, r.rev, r.value, self._attrs_of(r.key, r.value)) for r in rows]

    def changed_since(self, prefix: str, rev: int) -> bool:
        """Whether any committed write under ``prefix`` happened after ``rev`` (best effort: may say True)."""
        if rev >= self._committed_rev:
            return False
        if not self._history or self._history[0].rev > rev + 1:
            return True
        return any(e.rev > rev and e.key.startswith(prefix) for e in reversed(self._history))

    async def _read(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._reader_thread, lambda: fn(*args, **kwargs))

    # --- writes --------------------------------------------------------------------------------

    def create(self, key: str, obj: dict[str, Any], attrs: Attrs) -> asyncio.Future[Entry]:
        """Enqueue a create; the future resolves once durable. Raises KeyExistsError now."""
        if self.latest(key) is not None:
            raise KeyExistsError(key)
        return self._enqueue(key, obj, attrs, prev_rev=0, deleted=False)

    def update(self, key: str, obj: dict[str, Any], attrs: Attrs, *, expected_rev: int) -> asyncio.Future[Entry]:
        current = self._check(key, expected_rev)
        return self._enqueue(key, obj, attrs, prev_rev=current.rev, deleted=False)

    def delete(self, key: str, obj: dict[str, Any], attrs: Attrs, *, expected_rev: int) -> asyncio.Future[Entry]:
        """Enqueue a delete; ``obj`` is the final state watchers receive (stamped with the new revision)."""
        current = self._check(key, expected_rev)
        return self._enqueue(key, obj, attrs, prev_rev=current.rev, deleted=True)

    def _check(self, key: str, expected_rev: int) -> Entry:
        current = self.latest(key)
        if current is None:
            raise KeyNotFoundError(key)
        if current.rev != expected_rev:
            raise RevisionConflictError(key)
        return current

    def _enqueue(
        self, key: str, obj: dict[str, Any], attrs: Attrs, *, prev_rev: int, deleted: bool
    ) -> asyncio.Future[Entry]:
        if self._closing:
            raise StatusError.service_unavailable("the apiserver is shutting down")
        if len(self._queue) >= self.config.max_pending:
            raise StatusError.too_many_requests("too many writes are waiting to be stored; retry shortly")
        rev = self._next_rev
        self._next_rev += 1
        obj.setdefault("metadata", {})["resourceVersion"] = str(rev)
        # orjson's result keeps its growth buffer (several times the length); stored values live
        # long, so keep an exact-size copy: 10,000 pods then cost ~20 MB instead of ~80 MB.
        value = bytes(memoryview(orjson.dumps(obj)))
        op = _Op(key, rev, prev_rev, deleted, value, attrs, obj, asyncio.get_running_loop().create_future())
        self._queue.append(op)
        self._pending[key] = op
        self._idle.clear()
        self._wake.set()
        return op.future

    # --- watch -------------------------------------------------------------------------------

    def watch(
        self,
        prefix: str,
        *,
        key_prefix: str = "",
        from_rev: int | None,
        matches: Predicate | None = None,
        initial: Iterable[Entry] | None = None,
    ) -> Watcher:
        """Start a watch on a resource.

        ``from_rev`` None: only ``initial`` entries (as ADDED) then live events. Otherwise every
        matching event after ``from_rev``, replayed from memory or from the log, then live.
        """
        key_prefix = key_prefix or prefix
        backlog: list[tuple[EventType, bytes, int]] = []
        history: tuple[int, int] | None = None
        if initial is not None:
            for entry in initial:
                if matches is None or matches(entry.attrs):
                    backlog.append((EventType.ADDED, entry.value, entry.rev))
        if from_rev is not None:
            if from_rev < self._compact_rev:
                raise CompactedError(from_rev, self._compact_rev)
            if from_rev < self._committed_rev:
                if self._history and self._history[0].rev <= from_rev + 1:
                    for event in self._history:
                        if event.rev > from_rev and event.key.startswith(key_prefix):
                            seen = mvcc.transition(event, matches)
                            if seen is not None:
                                backlog.append((seen[0], seen[1], event.rev))
                else:
                    history = (from_rev, self._committed_rev)
        watcher = Watcher(
            self,
            prefix=prefix,
            key_prefix=key_prefix,
            matches=matches,
            backlog=backlog,
            history=history,
            buffer=self.config.watch_buffer,
        )
        self._watchers[prefix].add(watcher)
        return watcher

    def _unregister(self, watcher: Watcher) -> None:
        self._watchers[watcher.prefix].discard(watcher)

    def watcher_count(self) -> int:
        return sum(len(ws) for ws in self._watchers.values())

    def add_observer(self, prefix: str, observer: Observer) -> None:
        """Call ``observer(event, obj)`` synchronously for each committed event under ``prefix``.

        ``obj`` is the written object when the write came through this process, else None.
        Observers must be quick and must not raise; they keep in-memory indexes current.
        """
        if prefix.count("/") == 3 and prefix.endswith("/"):
            self._observers_of[prefix].append(observer)
        else:
            self._observers.append((prefix, observer))

    # --- lifecycle -----------------------------------------------------------------------------

    async def run(self) -> None:
        """Commit queued writes and compact periodically, until cancelled."""
        async with asyncio.TaskGroup() as tasks:
            tasks.create_task(self._commit_loop(), name="store-commit")
            tasks.create_task(self._compact_loop(), name="store-compact")

    async def drain(self, grace: float) -> None:
        """Stop accepting writes and wait (bounded) until everything queued is durable."""
        self._closing = True
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(grace):
                await self._idle.wait()
        self.close_watchers("the apiserver is shutting down")

    def close_watchers(self, reason: str) -> None:
        """End every watch (their streams finish; clients re-watch elsewhere or later)."""
        for ws in list(self._watchers.values()):
            for watcher in list(ws):
                watcher.close(reason)

    def close(self) -> None:
        self._writer_thread.shutdown(wait=True)
        self._reader_thread.shutdown(wait=True)
        self._log.close()
        self._log_reader.close()

    async def _commit_loop(self) -> None:
        loop = asyncio.get_running_loop()
        while True:
            await self._wake.wait()
            self._wake.clear()
            while self._queue:
                batch = [self._queue.popleft() for _ in range(min(len(self._queue), self.config.max_batch))]
                rows = [LogRow(op.rev, op.key, op.prev_rev, op.deleted, op.value) for op in batch]
                # The commit runs to completion on the writer thread even if we are cancelled
                # meanwhile; shield so cancellation waits for the outcome instead of losing it.
                commit = loop.run_in_executor(self._writer_thread, self._log.append, rows)
                try:
                    await asyncio.shield(commit)
                except StorageError as exc:
                    logger.error("Storing a batch of %d writes failed: %s", len(batch), exc)
                    self._fail(batch, exc)
                    continue
                self._apply(batch)
            self._idle.set()

    def _fail(self, batch: list[_Op], exc: StorageError) -> None:
        failed = batch + list(self._queue)
        self._queue.clear()
        self._pending.clear()
        self._next_rev = self._committed_rev + 1
        error = StatusError.internal(f"storage write failed: {exc}")
        for op in failed:
            if not op.future.done():
                op.future.set_exception(error)

    def _apply(self, batch: list[_Op]) -> None:
        for op in batch:
            prefix = resource_prefix(op.key)
            bucket = self._buckets[prefix]
            prev = bucket.entries.get(op.key)
            entry = Entry(op.key, op.rev, op.value, op.attrs)
            if op.deleted:
                bucket.entries.pop(op.key, None)
                bucket.sorted_keys = None
                kind = EventType.DELETED
            else:
                if prev is None:
                    bucket.sorted_keys = None
                bucket.entries[op.key] = entry
                kind = EventType.MODIFIED if prev is not None else EventType.ADDED
            event = Event(
                kind,
                op.key,
                op.rev,
                op.value,
                op.attrs,
                prev.value if prev else None,
                prev.attrs if prev else None,
            )
            self._committed_rev = op.rev
            self._history.append(event)
            if self._pending.get(op.key) is op:
                del self._pending[op.key]
            for watcher in list(self._watchers.get(prefix, ())):
                watcher.offer(event)
            observers = [o for p, o in self._observers if op.key.startswith(p)]
            observers += self._observers_of.get(prefix, ())
            for observer in observers:
                try:
                    observer(event, op.obj)
                except Exception:
                    logger.exception("Store observer failed on %s", op.key)
            if not op.future.done():
                op.future.set_result(entry)

    async def _compact_loop(self) -> None:
        loop = asyncio.get_running_loop()
        interval = self.config.compaction_interval
        previous_rev = self._committed_rev
        while True:
            await asyncio.sleep(interval)
            target = previous_rev
            previous_rev = self._committed_rev
            if target <= self._compact_rev:
                continue
            started = time.monotonic()
            try:
                removed = await asyncio.shield(loop.run_in_executor(self._writer_thread, self._log.compact, target))
            except StorageError as exc:
                logger.warning("Compaction to revision %d failed: %s", target, exc)
                continue
            self._compact_rev = target
            logger.debug("Compacted to revision %d: %d rows in %.3fs", target, removed, time.monotonic() - started)

    async def compact_now(self) -> int:
        """Compact up to the current revision (tests and admin tooling)."""
        loop = asyncio.get_running_loop()
        target = self._committed_rev
        removed: int = await loop.run_in_executor(self._writer_thread, self._log.compact, target)
        self._compact_rev = max(self._compact_rev, target)
        return removed


@contextlib.asynccontextmanager
async def open_store(path: Path, config: StoreConfig, attrs_of: AttrsOf) -> AsyncIterator[Store]:
    """Open the store and run it for the duration of the block; drains and closes on exit."""
    store = Store.open(path, config, attrs_of)
    try:
        async with asyncio.TaskGroup() as tasks:
            runner = tasks.create_task(store.run(), name="store")
            try:
                yield store
            finally:
                await store.drain(grace=10.0)
                runner.cancel()
    finally:
        store.close()
