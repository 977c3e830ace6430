"""The three failure shapes kube-apiserver's PATCH handler gives patch algorithm errors.

``handlers/patch.go`` maps errors from the patch libraries onto the wire in exactly three ways,
and clients see nothing else:

- a patch it cannot use (malformed directive, not a JSON patch array): ``400 BadRequest`` with the
  library's message;
- a patch that does not apply (failed ``test``, missing path, list of lists): ``422 Invalid``
  built by ``NewGenericServerResponse``, whose message is the fixed ``the server rejected our
  request due to an error in our request`` -- the library's own text is *not* sent. We keep it
  as the exception's ``__cause__`` so that logs and tests still say what failed;
- anything else the strategic merge library returns is not a ``Status`` at all: the handler
  answers ``500`` with an empty reason and the raw message (``map: map[image:x] does not contain
  declared merge key: name``), which kubectl prints as ``Error from server: ...``.
"""

from __future__ import annotations

from kubeedge.apiserver.errors import StatusError
from kubeedge.apiserver.patch import _values
from kubeedge.errors import KedgeError

__all__ = ["PatchFailure", "bad_request", "not_applicable", "too_deep", "unhandled"]

_UNPROCESSABLE = "the server rejected our request due to an error in our request"


class PatchFailure(KedgeError):
    """Why a patch did not apply, in the patch library's words; the ``__cause__`` of a 422."""


def bad_request(message: str) -> StatusError:
    return StatusError.bad_request(message)


def not_applicable(detail: str) -> StatusError:
    """The 422 for a patch that does not apply, carrying ``PatchFailure(detail)`` as its cause."""
    error = StatusError(422, "Invalid", _UNPROCESSABLE, {})
    error.__cause__ = PatchFailure(detail)
    error.__suppress_context__ = True
    return error


def unhandled(message: str) -> StatusError:
    """What kube answers for a plain Go error from the patch library: 500, no reason."""
    return StatusError(500, "", message)


def too_deep() -> StatusError:
    return StatusError.bad_request(
        f"the patch nests more than {_values.MAX_NESTING_DEPTH} levels of objects and arrays"
    )
