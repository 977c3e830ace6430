"""Supervision: restart with backoff while siblings run, log once per streak, give up, stop cleanly."""

from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING

import pytest

from kubeedge._aio.clock import ManualClock
from kubeedge._aio.supervise import (
    ChildGaveUp,
    ChildReturned,
    ChildState,
    RestartPolicy,
    Supervisor,
)

if TYPE_CHECKING:
    from collections.abc import Callable, Coroutine

LOGGER = "kubeedge._aio.supervise"


class Flaky:
    """A child that fails ``failures`` times (immediately), then runs until cancelled."""

    def __init__(self, failures: int, *, error: Callable[[int], BaseException] = lambda n: RuntimeError(f"boom {n}")):
        self.failures = failures
        self.error = error
        self.runs = 0
        self.running = asyncio.Event()
        self.cleaned_up = False

    async def __call__(self) -> None:
        self.runs += 1
        if self.runs <= self.failures:
            raise self.error(self.runs)
        self.running.set()
        try:
            await asyncio.Event().wait()
        finally:
            self.cleaned_up = True


class Worker:
    """A sibling that keeps serving requests; proves it was never disturbed."""

    def __init__(self) -> None:
        self.jobs: asyncio.Queue[asyncio.Future[str]] = asyncio.Queue(maxsize=8)
        self.starts = 0

    async def __call__(self) -> None:
        self.starts += 1
        while True:
            job = await self.jobs.get()
            job.set_result("done")

    async def ask(self) -> str:
        job: asyncio.Future[str] = asyncio.get_running_loop().create_future()
        await self.jobs.put(job)
        return await job


def error_records(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.name == LOGGER and r.levelno >= logging.ERROR]


@pytest.mark.parametrize(
    ("policy", "streaks", "delays"),
    [
        (RestartPolicy(), [1, 2, 3, 4], [0.5, 1.0, 2.0, 4.0]),
        (RestartPolicy(initial_backoff=1, factor=3, max_backoff=10), [1, 2, 3, 4, 1000], [1, 3, 9, 10, 10]),
        (RestartPolicy(initial_backoff=0, max_backoff=0), [1, 5], [0, 0]),
        (RestartPolicy(initial_backoff=2, factor=1, max_backoff=5), [1, 7], [2, 2]),
    ],
)
def test_backoff(policy: RestartPolicy, streaks: list[int], delays: list[float]) -> None:
    assert [policy.backoff(n) for n in streaks] == pytest.approx(delays)


@pytest.mark.parametrize(
    "kwargs",
    [
        {"initial_backoff": -1},
        {"initial_backoff": 5, "max_backoff": 1},
        {"factor": 0.5},
        {"max_restarts": -1},
        {"window": 0},
        {"reset_after": 0},
    ],
)
def test_restart_policy_is_validated(kwargs: dict[str, float]) -> None:
    with pytest.raises(ValueError, match="restart policy"):
        RestartPolicy(**kwargs)  # type: ignore[arg-type]


async def test_failing_child_restarts_with_backoff_while_siblings_keep_running(
    caplog: pytest.LogCaptureFixture,
) -> None:
    clock = ManualClock()
    flaky = Flaky(failures=3)
    worker = Worker()
    async with Supervisor(name="test", clock=clock) as supervisor:
        supervisor.start_soon("worker", worker)
        supervisor.start_soon("flaky", flaky)
        for expected_delay in (0.5, 1.0, 2.0):
            await clock.wait_sleepers()
            assert clock.next_deadline() == pytest.approx(clock.time() + expected_delay)
            assert supervisor.statistics().children[1].state is ChildState.BACKOFF
            assert await worker.ask() == "done"  # the sibling serves while flaky waits
            clock.advance(expected_delay)
        await flaky.running.wait()
        stats = supervisor.statistics()
        assert [(c.name, c.state, c.failures, c.restarts) for c in stats.children] == [
            ("worker", ChildState.RUNNING, 0, 0),
            ("flaky", ChildState.RUNNING, 3, 3),
        ]
        assert (stats.running, stats.failures, stats.restarts, stats.gave_up) == (2, 3, 3, 0)
        assert stats.children[1].last_error == "RuntimeError('boom 3')"
    assert worker.starts == 1
    assert flaky.cleaned_up
    assert all(c.state is ChildState.STOPPED for c in supervisor.statistics().children)
    # Logged once for the streak, with the first failure's traceback; the rest at DEBUG.
    errors = error_records(caplog)
    assert len(errors) == 1
    assert "flaky failed; restarting in 0.5s" in errors[0].getMessage()
    assert errors[0].exc_info is not None
    assert str(errors[0].exc_info[1]) == "boom 1"


async def test_a_long_enough_run_ends_the_streak(caplog: pytest.LogCaptureFixture) -> None:
    clock = ManualClock()
    gate = asyncio.Event()
    third_run = asyncio.Event()
    runs = 0

    async def child() -> None:
        nonlocal runs
        runs += 1
        if runs == 3:  # the third run is healthy for a while, then fails
            third_run.set()
            await gate.wait()
        if runs > 4:
            await asyncio.Event().wait()
        raise RuntimeError(f"boom {runs}")

    policy = RestartPolicy(initial_backoff=1, reset_after=60)
    async with Supervisor(clock=clock, policy=policy) as supervisor:
        supervisor.start_soon("child", child)
        await clock.wait_sleepers()
        clock.advance(1)
        await clock.wait_sleepers()
        assert clock.next_deadline() == pytest.approx(clock.time() + 2)  # second in the streak
        clock.advance(2)
        await third_run.wait()
        clock.advance(61)  # run 3 stays up past reset_after
        gate.set()
        await clock.wait_sleepers()
        assert clock.next_deadline() == pytest.approx(clock.time() + 1)  # backoff reset
        assert supervisor.statistics().children[0].streak == 1
        clock.advance(1)
        await clock.wait_sleepers()
        clock.advance(2)
    assert [str(r.exc_info[1]) for r in error_records(caplog) if r.exc_info] == ["boom 1", "boom 3"]


async def test_give_up_with_a_hook_stops_only_that_child(caplog: pytest.LogCaptureFixture) -> None:
    clock = ManualClock()
    given_up: list[tuple[str, str]] = []
    stopped: list[str] = []
    policy = RestartPolicy(
        initial_backoff=1, max_restarts=2, window=60, on_give_up=lambda name, exc: given_up.append((name, str(exc)))
    )
    worker = Worker()
    async with Supervisor(clock=clock) as supervisor:
        supervisor.start_soon("worker", worker)
        supervisor.start_soon("doomed", Flaky(failures=100), policy=policy, on_stop=lambda: stopped.append("doomed"))
        for delay in (1, 2):
            await clock.wait_sleepers()
            clock.advance(delay)
        while not given_up:
            await asyncio.sleep(0)
        assert given_up == [("doomed", "boom 3")]
        assert stopped == ["doomed"]
        assert await worker.ask() == "done"
        stats = supervisor.statistics()
        assert stats.gave_up == 1
        assert stats.children[1].state is ChildState.GAVE_UP
    assert "doomed failed 3 times within 60s; giving up" in error_records(caplog)[-1].getMessage()


async def test_give_up_without_a_hook_escalates_and_cancels_siblings() -> None:
    worker = Worker()
    policy = RestartPolicy(initial_backoff=0, max_backoff=0, max_restarts=1)

    async def supervise() -> None:
        async with Supervisor(policy=policy) as supervisor:
            supervisor.start_soon("worker", worker)
            supervisor.start_soon("doomed", Flaky(failures=100))
            await supervisor.wait_stopped()

    with pytest.raises(ChildGaveUp, match="doomed failed 2 times") as info:
        await supervise()
    assert str(info.value.__cause__) == "boom 2"
    assert info.value.name == "doomed"
    assert worker.starts == 1


async def test_failures_outside_the_window_do_not_count() -> None:
    clock = ManualClock()
    policy = RestartPolicy(initial_backoff=10, factor=1, max_backoff=10, max_restarts=1, window=5, reset_after=1000)
    flaky = Flaky(failures=4)
    async with Supervisor(clock=clock, policy=policy) as supervisor:
        supervisor.start_soon("flaky", flaky)
        for _ in range(4):
            await clock.wait_sleepers()
            clock.advance(10)
        await flaky.running.wait()
        assert supervisor.statistics().children[0].failures == 4


async def test_a_child_that_returns_is_restarted_as_a_failure(caplog: pytest.LogCaptureFixture) -> None:
    clock = ManualClock()
    calls = 0

    async def quitter() -> None:
        nonlocal calls
        calls += 1
        if calls > 1:
            await asyncio.Event().wait()

    async with Supervisor(clock=clock) as supervisor:
        supervisor.start_soon("quitter", quitter)
        await clock.wait_sleepers()
        clock.advance(1)
        while calls < 2:
            await asyncio.sleep(0)
    [record] = error_records(caplog)
    assert record.exc_info is not None
    assert isinstance(record.exc_info[1], ChildReturned)


async def test_a_stray_cancelled_error_is_a_failure_not_a_stop() -> None:
    clock = ManualClock()

    def stray(n: int) -> BaseException:
        return asyncio.CancelledError()

    flaky = Flaky(failures=1, error=stray)
    async with Supervisor(clock=clock) as supervisor:
        supervisor.start_soon("flaky", flaky)
        await clock.wait_sleepers()
        assert "without being cancelled" in (supervisor.statistics().children[0].last_error or "")
        clock.advance(1)
        await flaky.running.wait()


async def test_cancelling_the_owner_cancels_children_and_propagates() -> None:
    flaky = Flaky(failures=0)
    entered = asyncio.Event()

    async def owner() -> None:
        async with Supervisor() as supervisor:
            supervisor.start_soon("child", flaky)
            entered.set()
            await supervisor.wait_stopped()

    async with asyncio.TaskGroup() as tasks:
        task = tasks.create_task(owner())
        await entered.wait()
        await flaky.running.wait()
        task.cancel()
    assert task.cancelled()
    assert flaky.cleaned_up


async def test_cancellation_during_backoff_propagates() -> None:
    clock = ManualClock()
    entered = asyncio.Event()
    supervisor = Supervisor(clock=clock)

    async def owner() -> None:
        async with supervisor:
            supervisor.start_soon("child", Flaky(failures=100))
            entered.set()
            await supervisor.wait_stopped()

    async with asyncio.TaskGroup() as tasks:
        task = tasks.create_task(owner())
        await clock.wait_sleepers()
        task.cancel()
    assert task.cancelled()
    assert supervisor.statistics().children[0].state is ChildState.STOPPED
    assert clock.sleepers == 0


async def test_aclose_from_another_task_ends_wait_stopped() -> None:
    flaky = Flaky(failures=0)
    supervisor = Supervisor()

    async def owner() -> None:
        async with supervisor:
            supervisor.start_soon("child", flaky)
            await supervisor.wait_stopped()

    async with asyncio.TaskGroup() as tasks:
        task = tasks.create_task(owner())
        await flaky.running.wait()
        await supervisor.aclose()
        assert flaky.cleaned_up
    assert task.done()
    assert not task.cancelled()


async def test_aclose_from_inside_a_child() -> None:
    supervisor = Supervisor()
    sibling = Flaky(failures=0)

    async def closer() -> None:
        await sibling.running.wait()
        await supervisor.aclose()
        await asyncio.sleep(1)  # cancelled here, by aclose

    async with supervisor:
        supervisor.start_soon("sibling", sibling)
        supervisor.start_soon("closer", closer)
        await supervisor.wait_stopped()
    assert sibling.cleaned_up
    assert supervisor.statistics().failures == 0


async def test_a_slow_child_is_logged_after_the_grace_period(caplog: pytest.LogCaptureFixture) -> None:
    cleaned = asyncio.Event()

    async def slow_to_stop() -> None:
        try:
            await asyncio.Event().wait()
        finally:
            await asyncio.sleep(0.1)  # cleanup that outlasts the grace period
            cleaned.set()

    async with Supervisor(name="sup", grace_period=0.01) as supervisor:
        supervisor.start_soon("slow", slow_to_stop)
        await asyncio.sleep(0)
    assert cleaned.is_set()  # still awaited: nothing leaks
    [record] = error_records(caplog)
    assert record.getMessage() == "sup: children did not stop within the 0.01s grace period: sup:slow"


async def test_the_body_error_is_raised_as_itself() -> None:
    flaky = Flaky(failures=0)

    async def supervise() -> None:
        async with Supervisor() as supervisor:
            supervisor.start_soon("child", flaky)
            await flaky.running.wait()
            raise KeyError("body")

    with pytest.raises(KeyError, match="body"):
        await supervise()
    assert flaky.cleaned_up


async def test_misuse_is_refused() -> None:
    supervisor = Supervisor()
    target: Callable[[], Coroutine[None, None, None]] = Flaky(failures=0).__call__
    with pytest.raises(RuntimeError, match="not running"):
        supervisor.start_soon("early", target)
    async with supervisor:
        supervisor.start_soon("child", target)
        with pytest.raises(ValueError, match="already has a child named 'child'"):
            supervisor.start_soon("child", target)
        with pytest.raises(RuntimeError, match="only once"):
            async with supervisor:
                pass
    with pytest.raises(RuntimeError, match="not running"):
        supervisor.start_soon("late", target)


async def test_wait_stopped_returns_when_every_child_has_stopped() -> None:
    policy = RestartPolicy(initial_backoff=0, max_backoff=0, max_restarts=0, on_give_up=lambda name, exc: None)
    async with Supervisor(policy=policy) as supervisor:
        supervisor.start_soon("a", Flaky(failures=1))
        supervisor.start_soon("b", Flaky(failures=1))
        await supervisor.wait_stopped()
        assert supervisor.statistics().gave_up == 2
