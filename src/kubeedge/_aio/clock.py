"""An injectable clock: ``time()`` and ``sleep()``, real or driven by hand.

Code that waits on purpose (restart backoff, restart windows, keepalive timers) takes a
:class:`Clock` instead of calling ``asyncio.sleep`` directly, so a test can replace the passage
of time with :class:`ManualClock` and step through hours of backoff in microseconds, without
fixed sleeps and without patching. :class:`LoopClock` is the real thing: the running loop's
monotonic ``time()`` and ``asyncio.sleep``.

Timeouts around a single await (``asyncio.timeout``) stay on the loop's clock; only deliberate
waiting goes through a :class:`Clock`.
"""

from __future__ import annotations

import asyncio
import heapq
import itertools
from typing import Protocol

__all__ = ["Clock", "LoopClock", "ManualClock"]


class Clock(Protocol):
    """Where time comes from: a monotonic reading in seconds, and a way to wait."""

    def time(self) -> float:
        """Return a monotonic time in seconds."""
        ...

    async def sleep(self, seconds: float) -> None:
        """Wait ``seconds`` of this clock's time (at least one loop turn, even for 0)."""
        ...


class LoopClock:
    """The running event loop's monotonic clock and ``asyncio.sleep``."""

    def time(self) -> float:
        return asyncio.get_running_loop().time()

    async def sleep(self, seconds: float) -> None:
        await asyncio.sleep(max(seconds, 0.0))


class ManualClock:
    """A clock that only moves when a test calls :meth:`advance`.

    Sleepers are woken in deadline order when time is advanced past their deadline. A sleep of
    zero or less yields one loop turn and returns without registering a sleeper.

    Args:
        start: the initial reading of :meth:`time`.
    """

    def __init__(self, start: float = 0.0) -> None:
        self._now = start
        self._sleepers: list[tuple[float, int, asyncio.Future[None]]] = []
        self._order = itertools.count()
        self._registered = asyncio.Event()

    def time(self) -> float:
        return self._now

    async def sleep(self, seconds: float) -> None:
        if seconds <= 0:
            await asyncio.sleep(0)
            return
        waiter: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        heapq.heappush(self._sleepers, (self._now + seconds, next(self._order), waiter))
        self._registered.set()
        # A cancelled sleeper stays in the heap as a done future; advance() skips it.
        await waiter

    @property
    def sleepers(self) -> int:
        """How many tasks are sleeping on this clock right now."""
        return sum(1 for _, _, waiter in self._sleepers if not waiter.done())

    def next_deadline(self) -> float | None:
        """The earliest deadline of a current sleeper, or ``None`` if nobody sleeps."""
        deadlines = [when for when, _, waiter in self._sleepers if not waiter.done()]
        return min(deadlines, default=None)

    def advance(self, seconds: float) -> None:
        """Move time forward and wake every sleeper whose deadline has been reached.

        Raises:
            ValueError: if ``seconds`` is negative (a monotonic clock never goes back).
        """
        if seconds < 0:
            raise ValueError(f"a monotonic clock cannot go back ({seconds}s)")
        self._now += seconds
        while self._sleepers and self._sleepers[0][0] <= self._now:
            _, _, waiter = heapq.heappop(self._sleepers)
            if not waiter.done():
                waiter.set_result(None)

    async def wait_sleepers(self, count: int = 1) -> None:
        """Wait until at least ``count`` tasks are sleeping on this clock.

        This is how a test knows the code under test has reached its next deliberate wait,
        without polling or fixed sleeps.
        """
        while self.sleepers < count:
            self._registered.clear()
            await self._registered.wait()
