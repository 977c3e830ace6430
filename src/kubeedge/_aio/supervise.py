"""Supervision: long-running children that are restarted with backoff when they fail.

A :class:`Supervisor` owns one ``asyncio.TaskGroup`` and is the only place in kubeedge-py where
tasks for long-running children are created (a grep hook rejects ``asyncio.create_task``
elsewhere). Each child is an ``async`` callable that runs until cancelled; if it raises, or
returns (which a child must never do quietly), the supervisor applies the child's
:class:`RestartPolicy`:

- the first failure of a *streak* is logged once, at ERROR with its traceback; repeats within
  the streak go to DEBUG, and :meth:`Supervisor.statistics` counts every one. A run that lasts
  ``reset_after`` seconds ends the streak and resets the backoff;
- the child is started again after ``initial_backoff * factor**n`` (capped at ``max_backoff``)
  seconds of the injected :class:`~kubeedge._aio.clock.Clock`, while its siblings keep running;
- after more than ``max_restarts`` failures within ``window`` seconds it is given up: the
  policy's ``on_give_up`` hook is called and the child stays stopped, or, with no hook, the
  supervisor escalates by raising :class:`ChildGaveUp`, which cancels the siblings and leaves
  ``async with`` (Erlang's restart intensity; systemd restarts the process).

``CancelledError`` is never swallowed: cancelling the supervisor's owner, or :meth:`aclose`,
cancels every child, waits up to ``grace_period`` seconds, and logs the names of any child that
has not finished by then (it is still awaited: an un-cancellable child is a bug to be seen, not
a task to leak).
"""

from __future__ import annotations

import asyncio
import collections
import enum
import logging
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Self

from kubeedge._aio.clock import Clock, LoopClock
from kubeedge.errors import KedgeError

if TYPE_CHECKING:
    from collections.abc import Awaitable, Callable
    from types import TracebackType

__all__ = [
    "ChildGaveUp",
    "ChildReturned",
    "ChildState",
    "ChildStatistics",
    "RestartPolicy",
    "Supervisor",
    "SupervisorStatistics",
]

logger = logging.getLogger(__name__)


class ChildReturned(KedgeError):
    """A supervised child returned instead of running until cancelled; treated as a failure."""


class ChildGaveUp(KedgeError):
    """A child failed too often and its policy has no give-up hook: the supervisor stops.

    The last failure is the ``__cause__``.
    """

    def __init__(self, name: str, failures: int, window: float) -> None:
        times = "time" if failures == 1 else "times"
        super().__init__(f"{name} failed {failures} {times} within {window:g}s; giving up")
        self.name = name


@dataclass(frozen=True, slots=True, kw_only=True)
class RestartPolicy:
    """How a failing child is restarted, and when to stop trying.

    Attributes:
        initial_backoff: seconds before the first restart of a streak.
        factor: each further restart in the streak waits this many times longer.
        max_backoff: the cap on the wait.
        max_restarts: give up after more failures than this within ``window``; ``None``: never.
        window: seconds over which failures are counted for ``max_restarts``.
        reset_after: a run lasting this long ends the failure streak and resets the backoff.
        on_give_up: called with the child's name and last error when it is given up; the child
            then stays stopped and its siblings run on. ``None``: raise :class:`ChildGaveUp`.
            If the hook raises, that error stops the supervisor instead.
    """

    initial_backoff: float = 0.5
    factor: float = 2.0
    max_backoff: float = 30.0
    max_restarts: int | None = 10
    window: float = 60.0
    reset_after: float = 60.0
    on_give_up: Callable[[str, BaseException], None] | None = field(default=None, compare=False)

    def __post_init__(self) -> None:
        if self.initial_backoff < 0 or self.max_backoff < self.initial_backoff:
            raise ValueError("restart policy needs 0 <= initial_backoff <= max_backoff")
        if self.factor < 1:
            raise ValueError("restart policy needs factor >= 1")
        if self.max_restarts is not None and self.max_restarts < 0:
            raise ValueError("restart policy needs max_restarts >= 0 (or None for unlimited)")
        if self.window <= 0 or self.reset_after <= 0:
            raise ValueError("restart policy needs window > 0 and reset_after > 0")

    def backoff(self, streak: int) -> float:
        """Seconds to wait before restarting after the ``streak``-th failure in a row (from 1)."""
        exponent = max(streak - 1, 0)
        if self.initial_backoff == 0:
            return 0.0
        delay = self.initial_backoff
        for _ in range(exponent):  # multiply stepwise: no float overflow for long streaks
            delay *= self.factor
            if delay >= self.max_backoff:
                return self.max_backoff
        return min(delay, self.max_backoff)


class ChildState(enum.StrEnum):
    RUNNING = "running"
    BACKOFF = "backoff"
    GAVE_UP = "gave_up"
    STOPPED = "stopped"


@dataclass(frozen=True, slots=True, kw_only=True)
class ChildStatistics:
    name: str
    state: ChildState
    failures: int
    restarts: int
    streak: int
    last_error: str | None


@dataclass(frozen=True, slots=True, kw_only=True)
class SupervisorStatistics:
    children: tuple[ChildStatistics, ...]
    running: int
    failures: int
    restarts: int
    gave_up: int


@dataclass(slots=True, kw_only=True)
class _Child:
    name: str
    target: Callable[[], Awaitable[None]]
    policy: RestartPolicy
    on_stop: Callable[[], None] | None
    task: asyncio.Task[None] | None = None
    state: ChildState = ChildState.RUNNING
    failures: int = 0
    restarts: int = 0
    streak: int = 0
    last_error: BaseException | None = None
    failure_times: collections.deque[float] = field(default_factory=collections.deque)


class Supervisor:
    """Runs named children in one TaskGroup and restarts them per their :class:`RestartPolicy`.

    Use as ``async with Supervisor(...) as supervisor:``; start children with
    :meth:`start_soon`, then usually ``await supervisor.wait_stopped()``. Leaving the block (or
    :meth:`aclose`) cancels every child.

    Args:
        name: used in log messages.
        policy: the default restart policy for children started without one.
        grace_period: seconds to wait for cancelled children before logging them as stuck.
        clock: drives backoff and failure windows; the loop's clock by default.
    """

    def __init__(
        self,
        *,
        name: str = "supervisor",
        policy: RestartPolicy | None = None,
        grace_period: float = 5.0,
        clock: Clock | None = None,
    ) -> None:
        self._name = name
        self._policy = policy or RestartPolicy()
        self._grace_period = grace_period
        self._clock: Clock = clock or LoopClock()
        self._group: asyncio.TaskGroup | None = None
        self._children: dict[str, _Child] = {}
        self._live = 0
        self._is_closing = False
        self._stopped = asyncio.Event()

    async def __aenter__(self) -> Self:
        if self._group is not None or self._is_closing:
            raise RuntimeError(f"{self._name} can be entered only once")
        group = asyncio.TaskGroup()
        await group.__aenter__()
        self._group = group
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        assert self._group is not None
        try:
            await self.aclose()
        finally:
            single: BaseException | None = None
            try:
                await self._group.__aexit__(exc_type, exc, tb)
            except BaseExceptionGroup as group:
                # The TaskGroup wraps even a lone error. Unwrap our own escalation and the body's
                # own exception so callers can write a plain ``except``; keep real groups whole.
                single = _lone_error(group, exc)
                if single is None:
                    raise
            if single is not None:
                raise single

    def start_soon(
        self,
        name: str,
        target: Callable[[], Awaitable[None]],
        *,
        policy: RestartPolicy | None = None,
        on_stop: Callable[[], None] | None = None,
    ) -> None:
        """Start supervising ``target()`` under ``name``.

        Args:
            name: unique among this supervisor's children; used in logs and statistics.
            target: called (again) for every run; must run until cancelled.
            policy: overrides the supervisor's default restart policy.
            on_stop: called once when the child stops for good (cancelled, given up or
                escalated), for example to close its inbox so senders do not wait forever.

        Raises:
            RuntimeError: the supervisor is not entered, or is closing.
            ValueError: ``name`` is already taken.
        """
        if self._group is None or self._is_closing:
            raise RuntimeError(f"{self._name} is not running; cannot start {name}")
        if name in self._children:
            raise ValueError(f"{self._name} already has a child named {name!r}")
        child = _Child(name=name, target=target, policy=policy or self._policy, on_stop=on_stop)
        self._children[name] = child
        self._live += 1
        child.task = self._group.create_task(self._supervise(child), name=f"{self._name}:{name}")

    async def wait_stopped(self) -> None:
        """Wait until :meth:`aclose` is called or every child has stopped by itself."""
        await self._stopped.wait()

    async def aclose(self) -> None:
        """Cancel every child and wait up to the grace period for them to finish.

        Idempotent, and safe to call from another task or from a child (which then is cancelled
        last, after the wait for its siblings).
        """
        self._is_closing = True
        self._stopped.set()
        current = asyncio.current_task()
        tasks = [c.task for c in self._children.values() if c.task is not None and not c.task.done()]
        others = [task for task in tasks if task is not current]
        for task in others:
            task.cancel()
        if others:
            _, pending = await asyncio.wait(others, timeout=self._grace_period)
            if pending:
                logger.error(
                    "%s: children did not stop within the %gs grace period: %s",
                    self._name,
                    self._grace_period,
                    ", ".join(sorted(task.get_name() for task in pending)),
                )
        if current in tasks:
            assert current is not None
            current.cancel()

    def statistics(self) -> SupervisorStatistics:
        children = tuple(
            ChildStatistics(
                name=c.name,
                state=c.state,
                failures=c.failures,
                restarts=c.restarts,
                streak=c.streak,
                last_error=None if c.last_error is None else repr(c.last_error),
            )
            for c in self._children.values()
        )
        return SupervisorStatistics(
            children=children,
            running=sum(1 for c in children if c.state is ChildState.RUNNING),
            failures=sum(c.failures for c in children),
            restarts=sum(c.restarts for c in children),
            gave_up=sum(1 for c in children if c.state is ChildState.GAVE_UP),
        )

    async def _supervise(self, child: _Child) -> None:
        try:
            while True:
                child.state = ChildState.RUNNING
                started = self._clock.time()
                error = await _run_once(child)
                delay = self._record_failure(child, error, ran_for=self._clock.time() - started)
                if delay is None:
                    return
                child.state = ChildState.BACKOFF
                await self._clock.sleep(delay)
                child.restarts += 1
        finally:
            if child.state is not ChildState.GAVE_UP:
                child.state = ChildState.STOPPED
            self._live -= 1
            if self._live == 0:
                self._stopped.set()
            if child.on_stop is not None:
                child.on_stop()

    def _record_failure(self, child: _Child, error: BaseException, *, ran_for: float) -> float | None:
        """Count a failure; return the backoff before the restart, or ``None`` if given up."""
        policy = child.policy
        now = self._clock.time()
        if ran_for >= policy.reset_after:
            child.streak = 0
        child.failures += 1
        child.streak += 1
        child.last_error = error
        child.failure_times.append(now)
        while child.failure_times and child.failure_times[0] <= now - policy.window:
            child.failure_times.popleft()
        if policy.max_restarts is not None and len(child.failure_times) > policy.max_restarts:
            child.state = ChildState.GAVE_UP
            gave_up = ChildGaveUp(child.name, len(child.failure_times), policy.window)
            if policy.on_give_up is None:
                raise gave_up from error  # escalate: handled (and logged) by the owner
            logger.error("%s: %s", self._name, gave_up, exc_info=error)
            policy.on_give_up(child.name, error)
            return None
        delay = policy.backoff(child.streak)
        if child.streak == 1:
            logger.error("%s: %s failed; restarting in %gs", self._name, child.name, delay, exc_info=error)
        else:
            logger.debug(
                "%s: %s failed again (%d in a row): %r; restarting in %gs",
                self._name,
                child.name,
                child.streak,
                error,
                delay,
            )
        return delay


async def _run_once(child: _Child) -> BaseException:
    """Run the child once; return why it ended (it never ends well). Cancellation propagates."""
    try:
        await child.target()
    except asyncio.CancelledError:
        task = asyncio.current_task()
        if task is not None and task.cancelling():
            raise  # we are being cancelled: never swallow that
        # The child raised CancelledError of its own (an inner future was cancelled) while
        # nobody cancelled us: that is a failure of the child, not a request to stop.
        return RuntimeError(f"{child.name} raised CancelledError without being cancelled")
    except Exception as exc:
        return exc
    return ChildReturned(f"{child.name} returned; a supervised child must run until cancelled")


def _lone_error(group: BaseExceptionGroup[BaseException], body_error: BaseException | None) -> BaseException | None:
    if len(group.exceptions) != 1:
        return None
    (error,) = group.exceptions
    if isinstance(error, ChildGaveUp) or error is body_error:
        return error
    return None
