"""The cloud-edge protocol as a pure, sans-I/O core: no sockets, no asyncio, no clock.

- :mod:`~kubeedge.wire.message`: the beehive message (header, route, content) and its constructors;
- :mod:`~kubeedge.wire.codec`: its JSON on the wire, exactly as Go writes and reads it;
- :mod:`~kubeedge.wire.resource`: resource strings, parsed once into a value;
- :mod:`~kubeedge.wire.routing`: where a message goes when it crosses the link;
- :mod:`~kubeedge.wire.delivery`: which downstream messages need an ack, and which are queued;
- :mod:`~kubeedge.wire.join`: the join token and certificate-request facts.

Import the module and call through it (``from kubeedge.wire import codec``, then
``codec.decode(frame)``). Bad input raises :class:`~kubeedge.errors.ProtocolError`.
"""

from __future__ import annotations

__all__: list[str] = []
