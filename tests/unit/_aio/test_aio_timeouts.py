"""Timeouts that name what timed out, and leave other TimeoutErrors alone."""

from __future__ import annotations

import asyncio

import pytest

from kubeedge._aio import timeouts


async def test_fail_after_raises_with_the_message() -> None:
    with pytest.raises(TimeoutError, match=r"^waiting for the peer$") as info:
        async with timeouts.fail_after(0.01, "waiting for the peer"):
            await asyncio.sleep(1)
    assert isinstance(info.value.__cause__, TimeoutError)


async def test_fail_at_with_a_past_deadline_expires_at_once() -> None:
    loop = asyncio.get_running_loop()
    with pytest.raises(TimeoutError, match="too late"):
        async with timeouts.fail_at(loop.time() - 1, "too late"):
            await asyncio.sleep(1)


async def test_none_means_no_deadline() -> None:
    async with timeouts.fail_after(None, "never"):
        await asyncio.sleep(0.01)
    async with timeouts.fail_at(None, "never"):
        await asyncio.sleep(0)


async def test_an_inner_timeout_keeps_its_own_message() -> None:
    async def nested() -> None:
        async with timeouts.fail_after(5, "outer"), timeouts.fail_after(0.01, "inner"):
            await asyncio.sleep(1)

    with pytest.raises(TimeoutError, match=r"^inner$"):
        await nested()


async def test_a_timeout_error_raised_by_the_block_passes_through() -> None:
    with pytest.raises(TimeoutError, match=r"^from the block$"):
        async with timeouts.fail_after(5, "deadline"):
            raise TimeoutError("from the block")


async def test_outer_cancellation_is_not_turned_into_a_timeout() -> None:
    started = asyncio.Event()

    async def waiter() -> None:
        async with timeouts.fail_after(5, "deadline"):
            started.set()
            await asyncio.sleep(5)

    async with asyncio.TaskGroup() as tasks:
        task = tasks.create_task(waiter())
        await started.wait()
        task.cancel()
    assert task.cancelled()
