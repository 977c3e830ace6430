"""Pin the public names of beehive and of the new asyncio kit modules (httpx's test_exported_members)."""

from __future__ import annotations

import importlib

import pytest

EXPORTS = {
    "kubeedge.beehive": [
        "Context",
        "ContextStatistics",
        "Core",
        "CoreConfig",
        "CoreStatistics",
        "Envelope",
        "InboxConfig",
        "Module",
        "ModuleUnavailable",
        "PendingStatistics",
    ],
    "kubeedge._aio.clock": ["Clock", "LoopClock", "ManualClock"],
    "kubeedge._aio.timeouts": ["fail_after", "fail_at"],
    "kubeedge._aio.queues": [
        "BoundedQueue",
        "BoundedQueueStatistics",
        "FlowControl",
        "FlowControlStatistics",
        "OverflowPolicy",
        "QueueClosed",
        "QueueDisconnected",
        "QueueEmpty",
        "QueueFull",
    ],
    "kubeedge._aio.supervise": [
        "ChildGaveUp",
        "ChildReturned",
        "ChildState",
        "ChildStatistics",
        "RestartPolicy",
        "Supervisor",
        "SupervisorStatistics",
    ],
}


@pytest.mark.parametrize(("module_name", "names"), EXPORTS.items())
def test_exports(module_name: str, names: list[str]) -> None:
    module = importlib.import_module(module_name)
    assert sorted(module.__all__) == sorted(names)
    for name in names:
        assert getattr(module, name) is not None


def test_errors_belong_to_the_project_tree() -> None:
    from kubeedge._aio import queues, supervise
    from kubeedge.beehive import ModuleUnavailable
    from kubeedge.errors import KedgeError, TransientError

    assert issubclass(ModuleUnavailable, KedgeError)
    assert issubclass(supervise.ChildGaveUp, KedgeError)
    assert issubclass(queues.QueueDisconnected, queues.QueueClosed)
    assert issubclass(queues.QueueFull, TransientError)
