"""The router: inboxes and their policies, groups, requests, responses, drops (spec §1.5)."""

from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING

import pytest

from kubeedge._aio.queues import OverflowPolicy, QueueClosed, QueueDisconnected
from kubeedge.beehive import Context, Envelope, InboxConfig, ModuleUnavailable
from kubeedge.wire import message
from kubeedge.wire.message import Message

if TYPE_CHECKING:
    from collections.abc import Awaitable

LOGGER = "kubeedge.beehive.context"


def msg(resource: str = "default/pod/a", *, operation: str = "update") -> Message:
    return message.new_message(source="test", group="meta", operation=operation, resource=resource, now_ms=0)


def make_context(**kwargs: object) -> Context[Message]:
    ctx: Context[Message] = Context(**kwargs)  # type: ignore[arg-type]
    ctx.add_module("metamanager", "meta")
    ctx.add_module("edged", "edged")
    ctx.add_module("eventbus", "bus")
    ctx.add_module("servicebus", "bus")
    ctx.add_module("twin", "twin", enabled=False)
    return ctx


async def responder(ctx: Context[Message], module: str, *, answers: int = 1, content: str = message.OK) -> None:
    """Answer ``answers`` requests from ``module``'s inbox."""
    for _ in range(answers):
        request = await ctx.receive(module)
        ctx.respond(message.response_to(request, f"{content} from {module}", now_ms=0))


async def raised(awaitable: Awaitable[object]) -> BaseException:
    try:
        await awaitable
    except Exception as exc:
        return exc
    raise AssertionError("expected an exception")


def test_a_wire_message_is_an_envelope() -> None:
    envelope: Envelope = msg()  # checked by mypy
    assert envelope.parent_msg_id == ""


async def test_send_and_receive_in_order() -> None:
    ctx = make_context()
    first, second = msg("a"), msg("b")
    await ctx.send("metamanager", first)
    await ctx.send("metamanager", second)
    assert await ctx.receive("metamanager") is first
    assert await ctx.receive("metamanager") is second
    inbox = ctx.statistics().inboxes["metamanager"]
    assert (inbox.maxsize, inbox.policy, inbox.high_water) == (1024, OverflowPolicy.BLOCK, 2)


async def test_unknown_and_disabled_destinations_are_counted_drops_logged_once(
    caplog: pytest.LogCaptureFixture,
) -> None:
    ctx = make_context()
    for _ in range(3):
        await ctx.send("nosuch", msg())
        await ctx.send("twin", msg())
        await ctx.send_to_group("nogroup", msg())
        await ctx.send_to_group("twin", msg())  # its only member is disabled
    stats = ctx.statistics()
    assert (stats.dropped_unknown, stats.dropped_disabled, stats.dropped_closed) == (9, 3, 0)
    assert "twin" not in stats.inboxes
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert all(w.startswith("Dropped message") for w in warnings)
    assert [w.split(" to ", 1)[1].split(" (")[0] for w in warnings] == [
        "module nosuch: it does not exist",
        "module twin: it is disabled",
        "group nogroup: it has no enabled member",
        "group twin: it has no enabled member",
    ]


async def test_receive_from_a_module_that_does_not_run_is_an_error() -> None:
    ctx = make_context()
    with pytest.raises(ModuleUnavailable, match="'twin' is disabled"):
        await ctx.receive("twin")
    with pytest.raises(ModuleUnavailable, match="'nosuch' is unknown"):
        await ctx.receive("nosuch")


async def test_send_to_group_gives_every_member_its_own_copy() -> None:
    ctx = make_context()
    original = msg()
    await ctx.send_to_group("bus", original)
    to_eventbus = await ctx.receive("eventbus")
    to_servicebus = await ctx.receive("servicebus")
    assert to_eventbus is not original
    assert to_servicebus is not to_eventbus
    assert to_eventbus == original == to_servicebus
    assert ctx.members("bus") == ("eventbus", "servicebus")
    assert ctx.statistics().inboxes["metamanager"].size == 0


async def test_send_to_group_waits_only_for_full_members() -> None:
    ctx: Context[Message] = Context(inbox=InboxConfig(size=1))
    ctx.add_module("fast", "g")
    ctx.add_module("slow", "g")
    await ctx.send("slow", msg("filler"))
    async with asyncio.TaskGroup() as tasks:
        sender = tasks.create_task(ctx.send_to_group("g", msg("broadcast")))
        await asyncio.sleep(0)
        assert not sender.done()
        assert (await ctx.receive("fast")).resource == "broadcast"  # delivered while slow is full
        assert (await ctx.receive("slow")).resource == "filler"
    assert (await ctx.receive("slow")).resource == "broadcast"


async def test_request_gets_the_response_that_names_it() -> None:
    ctx = make_context()
    async with asyncio.TaskGroup() as tasks:
        tasks.create_task(responder(ctx, "metamanager", answers=2))
        first, second = msg("first"), msg("second")
        replies = await asyncio.gather(ctx.request("metamanager", first), ctx.request("metamanager", second))
    assert [r.parent_msg_id for r in replies] == [first.msg_id, second.msg_id]
    assert [r.content for r in replies] == ["OK from metamanager"] * 2
    assert not ctx.is_awaiting(first.msg_id)
    requests = ctx.statistics().requests
    assert (requests.pending, requests.delivered, requests.late, requests.unmatched) == (0, 2, 0, 0)


async def test_responses_out_of_order_reach_the_right_requests() -> None:
    ctx = make_context()

    async def answer_in_reverse() -> None:
        first = await ctx.receive("edged")
        second = await ctx.receive("edged")
        assert ctx.respond(message.response_to(second, "second", now_ms=0))
        assert ctx.respond(message.response_to(first, "first", now_ms=0))

    async with asyncio.TaskGroup() as tasks:
        tasks.create_task(answer_in_reverse())
        one = tasks.create_task(ctx.request("edged", msg("1")))
        two = tasks.create_task(ctx.request("edged", msg("2")))
    assert (one.result().content, two.result().content) == ("first", "second")


async def test_request_timeout_and_a_late_response() -> None:
    ctx = make_context()
    request = msg()
    with pytest.raises(TimeoutError, match=f"^timeout to get response for message {request.msg_id}$"):
        await ctx.request("metamanager", request, timeout=0.01)
    received = await ctx.receive("metamanager")
    assert not ctx.respond(message.response_to(received, "too late", now_ms=0))
    assert not ctx.respond(message.response_to(msg(), "for nobody", now_ms=0))
    stats = ctx.statistics()
    assert (stats.timed_out, stats.requests.late, stats.requests.unmatched) == (1, 1, 1)


async def test_request_into_a_full_inbox_times_out_sending() -> None:
    ctx: Context[Message] = Context(inbox=InboxConfig(size=1))
    ctx.add_module("busy", "g")
    await ctx.send("busy", msg())
    request = msg()
    with pytest.raises(TimeoutError, match=f"^timeout to send message {request.msg_id} to module busy$"):
        await ctx.request("busy", request, timeout=0.01)
    assert ctx.statistics().inboxes["busy"].size == 1  # the request was never queued


async def test_request_to_a_module_that_does_not_run_fails_at_once() -> None:
    ctx = make_context()
    with pytest.raises(ModuleUnavailable, match="not running"):
        await ctx.request("twin", msg())
    with pytest.raises(ModuleUnavailable, match="not running"):
        await ctx.request("nosuch", msg())
    ctx.close_inbox("edged")
    with pytest.raises(ModuleUnavailable, match="inbox closed"):
        await ctx.request("edged", msg())
    assert ctx.statistics().requests.pending == 0


async def test_timeouts_are_positive_and_default_from_config() -> None:
    with pytest.raises(ValueError, match="positive"):
        make_context(request_timeout=0)
    ctx = make_context(request_timeout=0.01)
    with pytest.raises(ValueError, match="positive"):
        await ctx.request("edged", msg(), timeout=0)
    with pytest.raises(ValueError, match="positive"):
        await ctx.send_to_group_sync("bus", msg(), timeout=-1)
    with pytest.raises(TimeoutError, match="timeout to get response"):
        await ctx.request("edged", msg())  # the configured 10 ms


async def test_a_request_id_can_wait_only_once() -> None:
    ctx = make_context()
    request = msg()
    async with asyncio.TaskGroup() as tasks:
        first = tasks.create_task(ctx.request("edged", request, timeout=1))
        await asyncio.sleep(0)
        assert ctx.is_awaiting(request.msg_id)
        with pytest.raises(ValueError, match="already waiting"):
            await ctx.request("edged", request)
        await responder(ctx, "edged")
    assert first.result().parent_msg_id == request.msg_id


async def test_send_to_group_sync_collects_one_response_per_member() -> None:
    ctx = make_context()
    request = msg()
    async with asyncio.TaskGroup() as tasks:
        tasks.create_task(responder(ctx, "eventbus"))
        tasks.create_task(responder(ctx, "servicebus"))
        responses = await ctx.send_to_group_sync("bus", request, timeout=1)
    assert sorted(str(r.content) for r in responses) == ["OK from eventbus", "OK from servicebus"]
    assert {r.parent_msg_id for r in responses} == {request.msg_id}
    assert await ctx.send_to_group_sync("nogroup", msg()) == []


async def test_send_to_group_sync_times_out_saying_who_answered() -> None:
    ctx = make_context()
    request = msg()
    async with asyncio.TaskGroup() as tasks:
        tasks.create_task(responder(ctx, "eventbus"))
        error = await raised(ctx.send_to_group_sync("bus", request, timeout=0.1))
    assert isinstance(error, TimeoutError)
    assert str(error) == (
        f"timeout to get response for message {request.msg_id} (1 of 2 members of group bus answered)"
    )
    await responder(ctx, "servicebus")  # answers too late
    stats = ctx.statistics()
    assert (stats.timed_out, stats.requests.late) == (1, 1)


async def test_send_to_group_sync_to_a_stopped_member_fails() -> None:
    ctx = make_context()
    ctx.close_inbox("servicebus")
    with pytest.raises(ModuleUnavailable, match="servicebus: inbox closed"):
        await ctx.send_to_group_sync("bus", msg(), timeout=1)
    assert ctx.statistics().dropped_closed == 1


async def test_block_inbox_makes_the_sender_wait() -> None:
    ctx: Context[Message] = Context()
    ctx.add_module("slow", "g", inbox=InboxConfig(size=2))
    await ctx.send("slow", msg("1"))
    await ctx.send("slow", msg("2"))
    async with asyncio.TaskGroup() as tasks:
        sender = tasks.create_task(ctx.send("slow", msg("3")))
        await asyncio.sleep(0)
        assert not sender.done()
        assert (await ctx.receive("slow")).resource == "1"
    assert [(await ctx.receive("slow")).resource for _ in range(2)] == ["2", "3"]
    assert ctx.statistics().inboxes["slow"].dropped == 0


async def test_drop_oldest_inbox_keeps_the_newest(caplog: pytest.LogCaptureFixture) -> None:
    ctx: Context[Message] = Context(inbox=InboxConfig(size=2, overflow=OverflowPolicy.DROP_OLDEST))
    ctx.add_module("twin", "twin")
    for n in range(5):
        await ctx.send("twin", msg(str(n)))
    assert [(await ctx.receive("twin")).resource for _ in range(2)] == ["3", "4"]
    assert ctx.statistics().inboxes["twin"].dropped == 3
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert warnings == [
        "Inbox of module twin is full; evicting its oldest messages (further ones are counted and logged at DEBUG)"
    ]


async def test_disconnect_inbox_cuts_off_a_slow_module_which_then_starts_clean() -> None:
    ctx: Context[Message] = Context()
    ctx.add_module("watcher", "hub", inbox=InboxConfig(size=2, overflow=OverflowPolicy.DISCONNECT))
    for n in range(3):
        await ctx.send("watcher", msg(str(n)))
    await ctx.send("watcher", msg("lost"))  # closed until the module notices
    with pytest.raises(QueueDisconnected):
        await ctx.receive("watcher")
    await ctx.send("watcher", msg("fresh"))
    assert (await ctx.receive("watcher")).resource == "fresh"
    stats = ctx.statistics()
    assert stats.dropped_closed == 2
    assert (stats.inboxes["watcher"].size, stats.inboxes["watcher"].is_closed) == (0, False)


async def test_closing_an_inbox_releases_a_blocked_sender() -> None:
    ctx: Context[Message] = Context(inbox=InboxConfig(size=1))
    ctx.add_module("stopped", "g")
    await ctx.send("stopped", msg("queued"))
    async with asyncio.TaskGroup() as tasks:
        sender = tasks.create_task(ctx.send("stopped", msg("blocked")))
        await asyncio.sleep(0)
        ctx.close_inbox("stopped")
    assert sender.result() is None  # released, and counted as a drop
    assert ctx.statistics().dropped_closed == 2  # with the one discarded from the inbox
    with pytest.raises(QueueClosed):
        await ctx.receive("stopped")
    ctx.close_inbox("nosuch")  # harmless


async def test_a_module_name_is_added_once() -> None:
    ctx = make_context()
    with pytest.raises(ValueError, match="already added"):
        ctx.add_module("edged", "edged")
