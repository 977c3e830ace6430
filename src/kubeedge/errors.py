"""The project's error tree.

Every error we raise on purpose derives from :class:`KedgeError`. The type says what a caller
should do about it (kopf's idea): a :class:`TransientError` may succeed if retried with backoff,
a :class:`PermanentError` will not and is reported instead::

    KedgeError
    ├── TransientError          retry with backoff (network blips, busy database)
    ├── PermanentError          report, do not retry
    │   ├── ConfigError         a config file or flag is wrong; the message names the key
    │   └── StorageError        the data directory is unusable (unwritable, corrupt)
    ├── ProtocolError           a peer sent bytes that break the protocol (pure cores raise this)
    └── InvalidState            a pure core was driven in an order it does not allow

Lower-layer exceptions (``sqlite3.Error``, ``ssl.SSLError``...) are translated into these at the
adapter that owns the dependency, always with ``raise ... from exc``.
"""

from __future__ import annotations

__all__ = [
    "ConfigError",
    "InvalidState",
    "KedgeError",
    "PermanentError",
    "ProtocolError",
    "StorageError",
    "TransientError",
]


class KedgeError(Exception):
    """Root of every error kubeedge-py raises on purpose."""


class TransientError(KedgeError):
    """A failure that may go away if the operation is retried with backoff."""


class PermanentError(KedgeError):
    """A failure that retrying will not fix; report it."""


class ConfigError(PermanentError):
    """A configuration file or command-line flag is invalid."""


class StorageError(PermanentError):
    """The data directory cannot be used (unwritable, corrupt, locked by another process)."""


class ProtocolError(KedgeError):
    """A peer broke the protocol: malformed bytes, wrong framing, impossible field values."""


class InvalidState(KedgeError):
    """A pure core was asked to do something its current state does not allow."""
