"""Bounded queues that declare what happens when they are full, and send-buffer water marks.

Every queue in kubeedge-py has a bound and one of three overflow policies (STYLE §4):

- ``block``: ``put`` waits for room; ``put_nowait`` raises :class:`QueueFull`. The default for
  module inboxes: a slow consumer slows its producers down and nothing is lost.
- ``drop_oldest``: ``put`` never waits; the oldest item is evicted and counted. For telemetry
  and twin deltas, where the latest value wins.
- ``disconnect``: ``put`` never waits; on overflow the buffer is thrown away, the queue closes,
  and the consumer's next ``get`` raises :class:`QueueDisconnected` so it can list and watch
  again (kine's broadcaster). The overflowing ``put`` raises it too, so a fan-out producer
  knows to forget this consumer.

Nothing is dropped silently: :meth:`BoundedQueue.statistics` counts drops next to the size and
the high-water mark, for metrics.

:class:`FlowControl` is the byte-level companion for per-connection send buffers (websockets'
``Assembler``): writers pause above the high-water mark and resume once the transport has
drained the buffer to the low-water mark, so a connection cannot buffer without bound and does
not flap around a single threshold.
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
import enum
from dataclasses import dataclass
from typing import Generic, TypeVar

from kubeedge.errors import KedgeError, TransientError

__all__ = [
    "BoundedQueue",
    "BoundedQueueStatistics",
    "FlowControl",
    "FlowControlStatistics",
    "OverflowPolicy",
    "QueueClosed",
    "QueueDisconnected",
    "QueueEmpty",
    "QueueFull",
]

T = TypeVar("T")


class OverflowPolicy(enum.StrEnum):
    """What a full queue does with one more item."""

    BLOCK = "block"
    DROP_OLDEST = "drop_oldest"
    DISCONNECT = "disconnect"


class QueueFull(TransientError):
    """``put_nowait`` on a full queue whose policy is ``block``."""


class QueueEmpty(TransientError):
    """``get_nowait`` on an empty queue."""


class QueueClosed(KedgeError):
    """The queue was closed: no more puts, and ``get`` raises once it is drained."""


class QueueDisconnected(QueueClosed):
    """A ``disconnect`` queue overflowed: its consumer was cut off and must resynchronise."""


@dataclass(frozen=True, slots=True, kw_only=True)
class BoundedQueueStatistics:
    """A snapshot of one queue, for metrics."""

    size: int
    maxsize: int
    policy: OverflowPolicy
    high_water: int
    """The largest size the queue has reached."""
    dropped: int
    """Items evicted (``drop_oldest``) or thrown away on disconnect."""
    waiting_putters: int
    waiting_getters: int
    is_closed: bool


class BoundedQueue(Generic[T]):
    """A FIFO queue with a bound and a declared overflow policy.

    Args:
        maxsize: the bound, at least 1 (take it from config).
        policy: what to do when a put finds the queue full.
    """

    def __init__(self, maxsize: int, *, policy: OverflowPolicy = OverflowPolicy.BLOCK) -> None:
        if maxsize < 1:
            raise ValueError(f"a bounded queue needs maxsize >= 1, not {maxsize}")
        self._maxsize = maxsize
        self._policy = OverflowPolicy(policy)
        self._items: collections.deque[T] = collections.deque()
        self._getters: collections.deque[asyncio.Future[None]] = collections.deque()
        self._putters: collections.deque[asyncio.Future[None]] = collections.deque()
        # Raised afresh each time (an exception instance must not be raised twice).
        self._closed: tuple[type[QueueClosed], str] | None = None
        self._high_water = 0
        self._dropped = 0

    @property
    def maxsize(self) -> int:
        return self._maxsize

    @property
    def policy(self) -> OverflowPolicy:
        return self._policy

    @property
    def is_closed(self) -> bool:
        return self._closed is not None

    @property
    def dropped(self) -> int:
        """Items evicted or thrown away so far (see :class:`BoundedQueueStatistics`)."""
        return self._dropped

    def __len__(self) -> int:
        return len(self._items)

    def put_nowait(self, item: T) -> None:
        """Add ``item`` without waiting, applying the overflow policy if the queue is full.

        Raises:
            QueueFull: the queue is full and its policy is ``block``.
            QueueDisconnected: this put overflowed a ``disconnect`` queue (which is now closed).
            QueueClosed: the queue was already closed.
        """
        if self._closed is not None:
            raise self._closed_error()
        if len(self._items) >= self._maxsize:
            if self._policy is OverflowPolicy.BLOCK:
                raise QueueFull(f"queue full ({self._maxsize} items)")
            if self._policy is OverflowPolicy.DROP_OLDEST:
                self._items.popleft()
                self._dropped += 1
            else:
                self._dropped += len(self._items) + 1
                self._items.clear()
                self._close(QueueDisconnected, f"consumer too slow: queue overflowed at {self._maxsize} items")
                raise self._closed_error()
        self._items.append(item)
        self._high_water = max(self._high_water, len(self._items))
        _wake_next(self._getters)

    async def put(self, item: T) -> None:
        """Add ``item``; with the ``block`` policy, wait until there is room.

        Raises:
            QueueDisconnected: this put overflowed a ``disconnect`` queue.
            QueueClosed: the queue is or becomes closed while waiting.
        """
        while self._policy is OverflowPolicy.BLOCK and self._closed is None and len(self._items) >= self._maxsize:
            waiter: asyncio.Future[None] = asyncio.get_running_loop().create_future()
            self._putters.append(waiter)
            try:
                await waiter
            except BaseException:
                waiter.cancel()
                _discard(self._putters, waiter)
                # We may have been woken and cancelled at once: pass the turn on.
                if len(self._items) < self._maxsize:
                    _wake_next(self._putters)
                raise
        self.put_nowait(item)

    def get_nowait(self) -> T:
        """Remove and return the oldest item.

        Raises:
            QueueEmpty: nothing is queued and the queue is open.
            QueueDisconnected: the consumer was cut off (the buffer was thrown away).
            QueueClosed: the queue is closed and drained.
        """
        if not self._items:
            if self._closed is not None:
                raise self._closed_error()
            raise QueueEmpty("queue empty")
        item = self._items.popleft()
        _wake_next(self._putters)
        return item

    async def get(self) -> T:
        """Remove and return the oldest item, waiting for one if necessary.

        Raises:
            QueueDisconnected: the consumer was cut off (the buffer was thrown away).
            QueueClosed: the queue is closed and drained.
        """
        while not self._items and self._closed is None:
            waiter: asyncio.Future[None] = asyncio.get_running_loop().create_future()
            self._getters.append(waiter)
            try:
                await waiter
            except BaseException:
                waiter.cancel()
                _discard(self._getters, waiter)
                if self._items:
                    _wake_next(self._getters)
                raise
        return self.get_nowait()

    def close(self, *, discard: bool = False) -> int:
        """Refuse further puts; consumers drain what is queued, then get :class:`QueueClosed`.

        Args:
            discard: throw away what is queued (counted as dropped) instead of leaving it to drain,
                for a consumer that will never come back.

        Returns:
            How many items were discarded.
        """
        discarded = 0
        if discard:
            discarded = len(self._items)
            self._dropped += discarded
            self._items.clear()
        if self._closed is None:
            self._close(QueueClosed, "queue closed")
        return discarded

    def _close(self, kind: type[QueueClosed], reason: str) -> None:
        self._closed = (kind, reason)
        for waiter in (*self._getters, *self._putters):
            if not waiter.done():
                waiter.set_result(None)
        self._getters.clear()
        self._putters.clear()

    def _closed_error(self) -> QueueClosed:
        assert self._closed is not None
        kind, reason = self._closed
        return kind(reason)

    def statistics(self) -> BoundedQueueStatistics:
        return BoundedQueueStatistics(
            size=len(self._items),
            maxsize=self._maxsize,
            policy=self._policy,
            high_water=self._high_water,
            dropped=self._dropped,
            waiting_putters=sum(1 for w in self._putters if not w.done()),
            waiting_getters=sum(1 for w in self._getters if not w.done()),
            is_closed=self._closed is not None,
        )


def _wake_next(waiters: collections.deque[asyncio.Future[None]]) -> None:
    while waiters:
        waiter = waiters.popleft()
        if not waiter.done():
            waiter.set_result(None)
            return


def _discard(waiters: collections.deque[asyncio.Future[None]], waiter: asyncio.Future[None]) -> None:
    with contextlib.suppress(ValueError):  # already popped by the waker
        waiters.remove(waiter)


@dataclass(frozen=True, slots=True, kw_only=True)
class FlowControlStatistics:
    buffered: int
    high: int
    low: int
    is_paused: bool
    pauses: int
    """How many times writers were paused (crossed ``high``)."""


class FlowControl:
    """High/low water marks for a send buffer measured in bytes (or any unit).

    The transport calls :meth:`add` when data is buffered and :meth:`release` when it has been
    written out; writers ``await wait_writable()`` before producing more.

    Args:
        high: pause writers once more than this is buffered.
        low: resume them once the buffer is down to this; defaults to ``high // 4``.
    """

    def __init__(self, high: int, low: int | None = None) -> None:
        low = high // 4 if low is None else low
        if not 0 <= low <= high:
            raise ValueError(f"water marks need 0 <= low <= high, not low={low} high={high}")
        self._high = high
        self._low = low
        self._buffered = 0
        self._pauses = 0
        self._writable = asyncio.Event()
        self._writable.set()

    @property
    def buffered(self) -> int:
        return self._buffered

    @property
    def is_paused(self) -> bool:
        return not self._writable.is_set()

    def add(self, amount: int) -> None:
        """Count ``amount`` more as buffered; pause writers if that crosses the high mark."""
        self._buffered += amount
        if self._buffered > self._high and self._writable.is_set():
            self._writable.clear()
            self._pauses += 1

    def release(self, amount: int) -> None:
        """Count ``amount`` as written out; resume writers once down to the low mark."""
        self._buffered = max(self._buffered - amount, 0)
        if self._buffered <= self._low:
            self._writable.set()

    async def wait_writable(self) -> None:
        """Return at once unless paused; if paused, wait until drained to the low mark."""
        await self._writable.wait()

    def statistics(self) -> FlowControlStatistics:
        return FlowControlStatistics(
            buffered=self._buffered, high=self._high, low=self._low, is_paused=self.is_paused, pauses=self._pauses
        )
