"""The table of waiting requests: correlation by parent id, late and unmatched responses."""

from __future__ import annotations

import logging

import pytest

from kubeedge.beehive.pending import PendingResponses
from kubeedge.wire import message
from kubeedge.wire.message import Message


def request() -> Message:
    return message.new_message(source="edged", group="meta", operation="query", resource="default/pod/a", now_ms=1)


def answer(to: Message, content: str = message.OK) -> Message:
    return message.response_to(to, content, now_ms=2)


async def test_a_response_completes_the_request_it_names() -> None:
    table: PendingResponses[Message] = PendingResponses()
    first, second = request(), request()
    waiter_1 = table.open(first.msg_id)
    waiter_2 = table.open(second.msg_id)
    assert first.msg_id in table
    response = answer(second, "for the second")
    assert table.deliver(response)
    assert not waiter_1.future.done()
    assert await waiter_2.future == [response]
    table.close(waiter_1)
    table.close(waiter_2)
    stats = table.statistics()
    assert (stats.pending, stats.delivered, stats.late, stats.unmatched) == (0, 1, 0, 0)


async def test_late_and_unmatched_responses_are_told_apart_and_logged_once(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG, logger="kubeedge.beehive.pending")
    table: PendingResponses[Message] = PendingResponses()
    timed_out = request()
    table.close(table.open(timed_out.msg_id))
    assert not table.deliver(answer(timed_out))
    assert not table.deliver(answer(timed_out))
    assert not table.deliver(answer(request()))  # nobody ever asked
    assert not table.deliver(request())  # no parent at all
    stats = table.statistics()
    assert (stats.late, stats.unmatched, stats.delivered) == (2, 2, 0)
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 2
    assert warnings[0].startswith("Dropped late response")
    assert warnings[1].startswith("Dropped unmatched response")
    assert sum(r.levelno == logging.DEBUG for r in caplog.records) == 2


async def test_a_group_request_waits_for_every_member_and_counts_extras_as_late() -> None:
    table: PendingResponses[Message] = PendingResponses()
    req = request()
    waiter = table.open(req.msg_id, expected=2)
    one, two, three = answer(req, "1"), answer(req, "2"), answer(req, "3")
    assert table.deliver(one)
    assert not waiter.future.done()
    assert table.deliver(two)
    assert not table.deliver(three)
    assert await waiter.future == [one, two]
    table.close(waiter)
    assert table.statistics().late == 1


async def test_late_memory_is_bounded() -> None:
    table: PendingResponses[Message] = PendingResponses(late_memory=1)
    old, new = request(), request()
    table.close(table.open(old.msg_id))
    table.close(table.open(new.msg_id))
    table.deliver(answer(old))
    table.deliver(answer(new))
    stats = table.statistics()
    assert (stats.late, stats.unmatched) == (1, 1)


async def test_open_is_checked() -> None:
    table: PendingResponses[Message] = PendingResponses()
    req = request()
    waiter = table.open(req.msg_id)
    with pytest.raises(ValueError, match="already waiting"):
        table.open(req.msg_id)
    with pytest.raises(ValueError, match="non-empty"):
        table.open("")
    with pytest.raises(ValueError, match="at least one"):
        table.open("other", expected=0)
    table.close(waiter)
    assert waiter.future.cancelled()
