"""Timeouts that say what timed out.

``asyncio.timeout`` raises a bare ``TimeoutError``. Callers several layers up (a module, a log
line, a hub reply) need to know *which* wait expired, so :func:`fail_after` and :func:`fail_at`
raise ``TimeoutError(message)`` instead, chained to the original. A ``TimeoutError`` raised by
the wrapped code itself (not by this deadline) passes through untouched, so a nested timeout
keeps its own message.

Both take ``None`` for "no deadline", so a configured timeout can be switched off without a
second code path. Times are the running loop's clock (``loop.time()``).
"""

from __future__ import annotations

import asyncio
import contextlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import AsyncIterator

__all__ = ["fail_after", "fail_at"]


@contextlib.asynccontextmanager
async def fail_at(when: float | None, message: str) -> AsyncIterator[None]:
    """Cancel the block at loop time ``when`` and raise ``TimeoutError(message)``.

    Args:
        when: an absolute deadline in ``loop.time()`` seconds, or ``None`` for no deadline.
        message: the text of the ``TimeoutError`` raised when this deadline expires.

    Raises:
        TimeoutError: with ``message``, if the deadline expired before the block finished.
    """
    deadline = asyncio.timeout_at(when)
    try:
        async with deadline:
            yield
    except TimeoutError as exc:
        if not deadline.expired():
            raise
        raise TimeoutError(message) from exc


@contextlib.asynccontextmanager
async def fail_after(seconds: float | None, message: str) -> AsyncIterator[None]:
    """Like :func:`fail_at`, with a deadline ``seconds`` from now (``None``: no deadline)."""
    when = None if seconds is None else asyncio.get_running_loop().time() + seconds
    async with fail_at(when, message):
        yield
