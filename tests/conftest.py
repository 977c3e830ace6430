"""Suite-wide fixtures: fail any async test that leaves tasks running (kopf's leak check)."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

import pytest
from hypothesis import HealthCheck, settings

# Property tests run on a shared 2-core machine next to real servers: wall-clock deadlines would
# make them flaky without telling us anything about correctness.
settings.register_profile("kubeedge", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("kubeedge")

if TYPE_CHECKING:
    from collections.abc import AsyncIterator


@pytest.fixture(autouse=True)
async def _no_leaked_tasks() -> AsyncIterator[None]:
    before = asyncio.all_tasks()
    yield
    # Give cancelled tasks one turn of the loop to finish their cleanup.
    await asyncio.sleep(0)
    leaked = [t for t in asyncio.all_tasks() - before if t is not asyncio.current_task() and not t.done()]
    if leaked:
        for task in leaked:
            task.cancel()
        pytest.fail(f"test leaked {len(leaked)} task(s): {[t.get_name() for t in leaked]}")
