"""Human-readable durations, as ``k8s.io/apimachinery/pkg/util/duration`` writes them.

``human_duration`` fills the AGE, LAST SEEN and restart-age cells of server-side tables
("45s", "5m3s", "10m", "3h20m", "2d3h", "4y"); ``short_human_duration`` is the older one-unit
form. Go truncates toward zero at each step (``int(d.Seconds())``, ``d / time.Minute``); the
arithmetic below does the same on whole microseconds, the resolution of ``timedelta``. A duration
up to two seconds negative reads as "0s" to tolerate clock skew; more negative is "<invalid>".
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from datetime import timedelta

__all__ = ["human_duration", "short_human_duration"]

_SECOND = 1_000_000  # microseconds
_MINUTE = 60 * _SECOND
_HOUR = 60 * _MINUTE


def _micros(delta: timedelta) -> int:
    return (delta.days * 86_400 + delta.seconds) * _SECOND + delta.microseconds


def _truncate(micros: int, unit: int) -> int:
    # Go integer division truncates toward zero; Python's // floors.
    quotient = abs(micros) // unit
    return quotient if micros >= 0 else -quotient


def short_human_duration(delta: timedelta) -> str:
    """``duration.ShortHumanDuration``: one unit, s/m/h/d/y."""
    micros = _micros(delta)
    seconds = _truncate(micros, _SECOND)
    if seconds < -1:
        return "<invalid>"
    if seconds < 0:
        return "0s"
    if seconds < 60:
        return f"{seconds}s"
    minutes = micros // _MINUTE
    if minutes < 60:
        return f"{minutes}m"
    hours = micros // _HOUR
    if hours < 24:
        return f"{hours}h"
    if hours < 24 * 365:
        return f"{hours // 24}d"
    return f"{hours // 24 // 365}y"


def human_duration(delta: timedelta) -> str:
    """``duration.HumanDuration``: two to three significant figures, e.g. "5m3s" or "2d3h"."""
    micros = _micros(delta)
    seconds = _truncate(micros, _SECOND)
    if seconds < -1:
        return "<invalid>"
    if seconds < 0:
        return "0s"
    if seconds < 60 * 2:
        return f"{seconds}s"
    minutes = micros // _MINUTE
    if minutes < 10:
        rest = seconds % 60
        return f"{minutes}m" if rest == 0 else f"{minutes}m{rest}s"
    if minutes < 60 * 3:
        return f"{minutes}m"
    hours = micros // _HOUR
    if hours < 8:
        rest = minutes % 60
        return f"{hours}h" if rest == 0 else f"{hours}h{rest}m"
    if hours < 48:
        return f"{hours}h"
    if hours < 24 * 8:
        rest = hours % 24
        return f"{hours // 24}d" if rest == 0 else f"{hours // 24}d{rest}h"
    if hours < 24 * 365 * 2:
        return f"{hours // 24}d"
    if hours < 24 * 365 * 8:
        days = (hours // 24) % 365
        return f"{hours // 24 // 365}y" if days == 0 else f"{hours // 24 // 365}y{days}d"
    return f"{hours // 24 // 365}y"
