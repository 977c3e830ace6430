"""What beehive needs to know about a message: its id and the id of the request it answers.

Beehive routes messages and correlates responses; it never looks inside them. Typing the
router against this small protocol rather than :class:`kubeedge.wire.message.Message` keeps it
generic (the unit tests and any future in-process message type can use it) while
``wire.message.Message`` satisfies it structurally, so composition roots simply use
``Context[Message]``.
"""

from __future__ import annotations

from typing import Protocol

__all__ = ["Envelope"]


class Envelope(Protocol):
    """A routable message: ``msg_id`` is unique; a response's ``parent_msg_id`` names its request.

    An empty ``parent_msg_id`` means the message answers nothing.
    """

    @property
    def msg_id(self) -> str: ...

    @property
    def parent_msg_id(self) -> str: ...
