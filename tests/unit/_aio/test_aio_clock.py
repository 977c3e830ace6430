"""The injectable clock: the loop clock, and a manual clock that moves only when told to."""

from __future__ import annotations

import asyncio

import pytest

from kubeedge._aio.clock import Clock, LoopClock, ManualClock


async def test_loop_clock_reads_the_loop_time_and_sleeps() -> None:
    clock: Clock = LoopClock()
    before = clock.time()
    assert before == pytest.approx(asyncio.get_running_loop().time(), abs=0.05)
    await clock.sleep(0.01)
    await clock.sleep(-1)  # negative is a loop turn, not an error
    assert clock.time() >= before + 0.01


async def test_manual_clock_wakes_sleepers_in_deadline_order() -> None:
    clock = ManualClock(start=100.0)
    woken: list[str] = []

    async def sleeper(name: str, seconds: float) -> None:
        await clock.sleep(seconds)
        woken.append(f"{name}@{clock.time():g}")

    async with asyncio.TaskGroup() as tasks:
        tasks.create_task(sleeper("late", 5))
        tasks.create_task(sleeper("early", 1))
        await clock.wait_sleepers(2)
        assert clock.sleepers == 2
        assert clock.next_deadline() == 101.0
        clock.advance(0.5)
        await asyncio.sleep(0)
        assert woken == []
        clock.advance(0.5)
        await asyncio.sleep(0)
        assert woken == ["early@101"]
        clock.advance(10)
    assert woken == ["early@101", "late@111"]
    assert clock.sleepers == 0
    assert clock.next_deadline() is None


async def test_manual_clock_zero_sleep_yields_without_registering() -> None:
    clock = ManualClock()
    await clock.sleep(0)
    assert clock.sleepers == 0


async def test_manual_clock_forgets_cancelled_sleepers() -> None:
    clock = ManualClock()
    async with asyncio.TaskGroup() as tasks:
        task = tasks.create_task(clock.sleep(3))
        await clock.wait_sleepers()
        task.cancel()
    assert task.cancelled()
    assert clock.sleepers == 0
    clock.advance(5)  # the cancelled sleeper's future is skipped, not set


def test_manual_clock_never_goes_back() -> None:
    clock = ManualClock()
    with pytest.raises(ValueError, match="cannot go back"):
        clock.advance(-1)
