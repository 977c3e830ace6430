"""Bounded queues under each overflow policy, closing, statistics, and send-buffer water marks."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

import pytest

from kubeedge._aio.queues import (
    BoundedQueue,
    FlowControl,
    OverflowPolicy,
    QueueClosed,
    QueueDisconnected,
    QueueEmpty,
    QueueFull,
)

if TYPE_CHECKING:
    from collections.abc import Awaitable


async def raised(awaitable: Awaitable[object]) -> BaseException:
    """Await and return the exception it raises (a task in a TaskGroup must not fail the group)."""
    try:
        await awaitable
    except Exception as exc:
        return exc
    raise AssertionError("expected an exception")


@pytest.mark.parametrize(
    ("policy", "puts", "expected", "dropped"),
    [
        (OverflowPolicy.BLOCK, [1, 2], [1, 2], 0),
        (OverflowPolicy.DROP_OLDEST, [1, 2, 3, 4], [3, 4], 2),
        (OverflowPolicy.DISCONNECT, [1, 2], [1, 2], 0),
    ],
)
async def test_fifo_within_the_bound(
    policy: OverflowPolicy, puts: list[int], expected: list[int], dropped: int
) -> None:
    queue: BoundedQueue[int] = BoundedQueue(2, policy=policy)
    for item in puts:
        await queue.put(item)
    assert [queue.get_nowait() for _ in expected] == expected
    stats = queue.statistics()
    assert (stats.size, stats.high_water, stats.dropped, stats.policy) == (0, 2, dropped, policy)


def test_a_queue_needs_a_bound() -> None:
    with pytest.raises(ValueError, match="maxsize"):
        BoundedQueue(0)


def test_the_policy_may_be_given_by_its_config_name() -> None:
    queue: BoundedQueue[int] = BoundedQueue(1, policy="drop_oldest")  # type: ignore[arg-type]
    assert queue.policy is OverflowPolicy.DROP_OLDEST


async def test_block_put_nowait_refuses_and_put_waits_for_room() -> None:
    queue: BoundedQueue[str] = BoundedQueue(1)
    queue.put_nowait("a")
    with pytest.raises(QueueFull):
        queue.put_nowait("b")
    async with asyncio.TaskGroup() as tasks:
        putter = tasks.create_task(queue.put("b"))
        await asyncio.sleep(0)
        assert not putter.done()
        assert queue.statistics().waiting_putters == 1
        assert await queue.get() == "a"
    assert queue.get_nowait() == "b"
    assert queue.statistics().dropped == 0


async def test_a_cancelled_putter_leaves_no_trace_and_passes_its_turn_on() -> None:
    queue: BoundedQueue[str] = BoundedQueue(1)
    queue.put_nowait("a")
    async with asyncio.TaskGroup() as tasks:
        first = tasks.create_task(queue.put("first"))
        second = tasks.create_task(queue.put("second"))
        await asyncio.sleep(0)
        queue.get_nowait()  # wakes `first`...
        first.cancel()  # ...which is cancelled before it runs: `second` must get the slot
    assert first.cancelled()
    assert second.done()
    assert queue.get_nowait() == "second"
    assert queue.statistics().waiting_putters == 0


async def test_get_waits_and_a_cancelled_getter_is_forgotten() -> None:
    queue: BoundedQueue[int] = BoundedQueue(4)
    async with asyncio.TaskGroup() as tasks:
        lost = tasks.create_task(queue.get())
        await asyncio.sleep(0)
        lost.cancel()
        getter = tasks.create_task(queue.get())
        await asyncio.sleep(0)
        queue.put_nowait(7)
    assert getter.result() == 7
    assert queue.statistics().waiting_getters == 0
    with pytest.raises(QueueEmpty):
        queue.get_nowait()


async def test_drop_oldest_never_waits_and_counts_evictions() -> None:
    queue: BoundedQueue[int] = BoundedQueue(3, policy=OverflowPolicy.DROP_OLDEST)
    for item in range(10):
        await queue.put(item)
    assert [queue.get_nowait() for _ in range(3)] == [7, 8, 9]
    assert queue.dropped == 7
    assert queue.statistics().high_water == 3


async def test_disconnect_cuts_the_consumer_off() -> None:
    queue: BoundedQueue[int] = BoundedQueue(2, policy=OverflowPolicy.DISCONNECT)
    queue.put_nowait(1)
    queue.put_nowait(2)
    with pytest.raises(QueueDisconnected, match="too slow"):
        await queue.put(3)
    stats = queue.statistics()
    assert (stats.size, stats.dropped, stats.is_closed) == (0, 3, True)
    with pytest.raises(QueueDisconnected):
        await queue.get()  # nothing stale is handed out: the consumer must resync
    with pytest.raises(QueueDisconnected):
        queue.put_nowait(4)


async def test_disconnect_wakes_a_waiting_consumer() -> None:
    queue: BoundedQueue[int] = BoundedQueue(1, policy=OverflowPolicy.DISCONNECT)
    async with asyncio.TaskGroup() as tasks:
        getter = tasks.create_task(raised(queue.get()))
        await asyncio.sleep(0)
        queue.put_nowait(1)  # wakes the getter, which has not run yet
        with pytest.raises(QueueDisconnected):
            queue.put_nowait(2)
    assert isinstance(getter.result(), QueueDisconnected)


async def test_close_drains_then_ends_and_releases_waiters() -> None:
    queue: BoundedQueue[int] = BoundedQueue(1)
    queue.put_nowait(1)
    async with asyncio.TaskGroup() as tasks:
        putter = tasks.create_task(raised(queue.put(2)))
        await asyncio.sleep(0)
        queue.close()
        queue.close()  # idempotent
    assert isinstance(putter.result(), QueueClosed)
    assert await queue.get() == 1
    with pytest.raises(QueueClosed):
        await queue.get()
    with pytest.raises(QueueClosed):
        queue.put_nowait(3)
    assert queue.is_closed


async def test_close_wakes_a_waiting_getter() -> None:
    queue: BoundedQueue[int] = BoundedQueue(1)
    async with asyncio.TaskGroup() as tasks:
        getter = tasks.create_task(raised(queue.get()))
        await asyncio.sleep(0)
        queue.close()
    exc = getter.result()
    assert isinstance(exc, QueueClosed)
    assert not isinstance(exc, QueueDisconnected)


async def test_flow_control_pauses_above_high_and_resumes_at_low() -> None:
    flow = FlowControl(high=100, low=20)
    await flow.wait_writable()
    flow.add(100)
    assert not flow.is_paused  # at the mark is fine; above it pauses
    flow.add(1)
    assert flow.is_paused
    async with asyncio.TaskGroup() as tasks:
        writer = tasks.create_task(flow.wait_writable())
        flow.release(50)
        await asyncio.sleep(0)
        assert not writer.done()  # 51 buffered: still above the low mark
        flow.release(31)
    assert writer.done()
    assert flow.buffered == 20
    flow.release(1000)
    stats = flow.statistics()
    assert (stats.buffered, stats.high, stats.low, stats.is_paused, stats.pauses) == (0, 100, 20, False, 1)


def test_close_may_discard_what_is_queued() -> None:
    queue: BoundedQueue[int] = BoundedQueue(4)
    queue.put_nowait(1)
    queue.put_nowait(2)
    assert queue.close(discard=True) == 2
    assert queue.close(discard=True) == 0
    with pytest.raises(QueueClosed):
        queue.get_nowait()
    assert queue.statistics().dropped == 2


def test_flow_control_low_defaults_to_a_quarter_and_is_checked() -> None:
    assert FlowControl(high=64).statistics().low == 16
    with pytest.raises(ValueError, match="water marks"):
        FlowControl(high=10, low=11)
