"""The core: explicit modules, supervised runs, restarts, give-up, clean shutdown."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field

import pytest

from kubeedge._aio.clock import ManualClock
from kubeedge._aio.supervise import ChildGaveUp, ChildState, RestartPolicy
from kubeedge.beehive import Context, Core, CoreConfig, InboxConfig, Module
from kubeedge.wire import message
from kubeedge.wire.message import Message


def msg(operation: str = "query", resource: str = "default/pod/a") -> Message:
    return message.new_message(source="test", group="g", operation=operation, resource=resource, now_ms=0)


@dataclass
class Echo:
    """Answers every request; counts its starts and notes when it was stopped."""

    name: str
    group: str
    enabled: bool = True
    starts: int = 0
    stopped: bool = False
    handled: list[str] = field(default_factory=list)

    async def run(self, ctx: Context[Message]) -> None:
        self.starts += 1
        try:
            while True:
                request = await ctx.receive(self.name)
                self.handled.append(request.resource)
                if request.operation == "crash":
                    raise RuntimeError(f"{self.name} crashed on {request.resource}")
                ctx.respond(message.response_to(request, f"echo from {self.name}", now_ms=0))
        finally:
            self.stopped = True


@dataclass
class NeverRun:
    name: str = "disabled"
    group: str = "g"
    enabled: bool = False

    async def run(self, ctx: Context[Message]) -> None:
        raise AssertionError("a disabled module must not run")


async def test_composition_runs_enabled_modules_and_stops_cleanly() -> None:
    meta, edged, disabled = Echo("metamanager", "meta"), Echo("edged", "edged"), NeverRun()
    modules: list[Module[Message]] = [meta, edged, disabled]
    core = Core(modules)
    assert (core.enabled, core.disabled) == (("metamanager", "edged"), ("disabled",))
    assert core.statistics().supervisor is None
    async with asyncio.TaskGroup() as tasks:
        runner = tasks.create_task(core.run())
        reply = await core.context.request("metamanager", msg(), timeout=1)
        assert reply.content == "echo from metamanager"
        await core.context.send("disabled", msg())
        stats = core.statistics()
        assert stats.context.dropped_disabled == 1
        assert stats.supervisor is not None
        assert [(c.name, c.state) for c in stats.supervisor.children] == [
            ("metamanager", ChildState.RUNNING),
            ("edged", ChildState.RUNNING),
        ]
        await core.aclose()
    assert runner.result() is None
    assert meta.stopped
    assert edged.stopped
    assert core.context.statistics().inboxes["metamanager"].is_closed


async def test_a_failing_module_restarts_with_backoff_and_keeps_its_inbox() -> None:
    clock = ManualClock()
    flaky, steady = Echo("flaky", "g"), Echo("steady", "s")
    core = Core([flaky, steady], CoreConfig(restart=RestartPolicy(initial_backoff=2)), clock=clock)
    async with asyncio.TaskGroup() as tasks:
        tasks.create_task(core.run())
        await core.context.send("flaky", msg("crash", "first"))
        await clock.wait_sleepers()  # flaky failed and waits out its backoff
        assert clock.next_deadline() == pytest.approx(clock.time() + 2)
        # Meanwhile the sibling serves, and messages to flaky wait in its inbox.
        assert (await core.context.request("steady", msg(), timeout=1)).content == "echo from steady"
        pending = tasks.create_task(core.context.request("flaky", msg(resource="queued"), timeout=1))
        await asyncio.sleep(0)
        clock.advance(2)
        assert (await pending).content == "echo from flaky"
        await core.aclose()
    assert (flaky.starts, steady.starts) == (2, 1)
    assert flaky.handled == ["first", "queued"]
    supervisor = core.statistics().supervisor
    assert supervisor is not None
    assert (supervisor.failures, supervisor.restarts) == (1, 1)


async def test_a_module_given_up_without_a_hook_stops_the_core() -> None:
    doomed, bystander = Echo("doomed", "g"), Echo("bystander", "b")
    config = CoreConfig(restarts={"doomed": RestartPolicy(max_restarts=0)})
    core = Core([doomed, bystander], config)
    await core.context.send("doomed", msg("crash"))
    with pytest.raises(ChildGaveUp, match="doomed failed 1 time within 60s") as info:
        await core.run()
    assert str(info.value.__cause__) == "doomed crashed on default/pod/a"
    assert bystander.stopped


async def test_a_module_given_up_with_a_hook_is_cut_off_and_senders_are_released() -> None:
    gave_up = asyncio.Event()
    policy = RestartPolicy(max_restarts=0, on_give_up=lambda name, exc: gave_up.set())
    doomed, bystander = Echo("doomed", "g"), Echo("bystander", "b")
    core = Core([doomed, bystander], CoreConfig(inbox=InboxConfig(size=1), restart=policy))
    async with asyncio.TaskGroup() as tasks:
        tasks.create_task(core.run())
        await core.context.send("doomed", msg("crash"))
        blocked = tasks.create_task(core.context.send("doomed", msg(resource="blocked on the full inbox")))
        await gave_up.wait()
        await core.context.send("doomed", msg(resource="dropped"))
        assert (await core.context.request("bystander", msg(), timeout=1)).content == "echo from bystander"
        await core.aclose()
    assert blocked.result() is None  # released rather than left waiting forever
    stats = core.statistics()
    assert stats.context.dropped_closed == 2
    assert stats.context.inboxes["doomed"].is_closed
    assert stats.supervisor is not None
    assert stats.supervisor.gave_up == 1


async def test_cancelling_run_propagates_and_stops_every_module() -> None:
    echo = Echo("echo", "g")
    core = Core([echo])
    async with asyncio.TaskGroup() as tasks:
        runner = tasks.create_task(core.run())
        await core.context.request("echo", msg(), timeout=1)
        runner.cancel()
    assert runner.cancelled()
    assert echo.stopped


async def test_aclose_before_run_makes_run_return_promptly() -> None:
    echo = Echo("echo", "g")
    core = Core([echo], CoreConfig(grace_period=0.5))
    await core.aclose()
    await core.run()
    with pytest.raises(RuntimeError, match="only once"):
        await core.run()


async def test_per_module_inboxes_and_request_timeout_come_from_config() -> None:
    config = CoreConfig(
        inbox=InboxConfig(size=8),
        inboxes={"twin": InboxConfig(size=2, overflow="drop_oldest")},  # type: ignore[arg-type]
        request_timeout=0.01,
    )
    core = Core([Echo("twin", "twin"), Echo("edged", "edged")], config)
    inboxes = core.context.statistics().inboxes
    assert (inboxes["twin"].maxsize, inboxes["twin"].policy) == (2, "drop_oldest")
    assert (inboxes["edged"].maxsize, inboxes["edged"].policy) == (8, "block")
    with pytest.raises(TimeoutError, match="timeout to get response"):
        await core.context.request("edged", msg())  # nobody runs it: the configured 10 ms apply


def test_module_names_are_unique() -> None:
    with pytest.raises(ValueError, match="already added"):
        Core([Echo("same", "a"), Echo("same", "b")])
