"""HumanDuration and ShortHumanDuration, to apimachinery's rules."""

from __future__ import annotations

from datetime import timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kubeedge.apiserver.tables.duration import human_duration, short_human_duration

_S = timedelta(seconds=1)
_M = timedelta(minutes=1)
_H = timedelta(hours=1)
_D = timedelta(days=1)


@pytest.mark.parametrize(
    ("delta", "text"),
    [
        (timedelta(0), "0s"),
        (timedelta(milliseconds=999), "0s"),
        (-_S, "0s"),
        (-1.9 * _S, "0s"),
        (-2 * _S, "<invalid>"),
        (_S, "1s"),
        (45 * _S, "45s"),
        (70 * _S, "70s"),
        (119 * _S, "119s"),
        (120 * _S, "2m"),
        (190 * _S, "3m10s"),
        (5 * _M + 3 * _S, "5m3s"),
        (9 * _M + 59 * _S, "9m59s"),
        (10 * _M, "10m"),
        (10 * _M + 59 * _S, "10m"),
        (70 * _M, "70m"),
        (179 * _M, "179m"),
        (3 * _H, "3h"),
        (3 * _H + 20 * _M, "3h20m"),
        (7 * _H + 59 * _M, "7h59m"),
        (8 * _H, "8h"),
        (47 * _H, "47h"),
        (48 * _H, "2d"),
        (49 * _H, "2d1h"),
        (2 * _D + 3 * _H, "2d3h"),
        (7 * _D + 23 * _H, "7d23h"),
        (8 * _D + 2 * _H, "8d"),
        (367 * _D, "367d"),
        (729 * _D, "729d"),
        (730 * _D, "2y"),
        (730 * _D + 25 * _H, "2y1d"),
        (4 * 365 * _D, "4y"),
        (365 * 8 * _D + 2 * _H, "8y"),
        (365 * 20 * _D, "20y"),
    ],
)
def test_human_duration(delta: timedelta, text: str) -> None:
    assert human_duration(delta) == text


@pytest.mark.parametrize(
    ("delta", "text"),
    [
        (timedelta(0), "0s"),
        (-1.5 * _S, "0s"),
        (-3 * _S, "<invalid>"),
        (59 * _S, "59s"),
        (60 * _S, "1m"),
        (59 * _M + 59 * _S, "59m"),
        (60 * _M, "1h"),
        (23 * _H, "23h"),
        (24 * _H, "1d"),
        (364 * _D, "364d"),
        (365 * _D, "1y"),
        (800 * _D, "2y"),
    ],
)
def test_short_human_duration(delta: timedelta, text: str) -> None:
    assert short_human_duration(delta) == text


@given(st.integers(min_value=0, max_value=10**9), st.integers(min_value=0, max_value=10**9))
def test_longer_durations_never_lead_with_a_smaller_unit(a: int, b: int) -> None:
    order = "smhdy"
    short, long = sorted((a, b))
    lead_short = next(c for c in human_duration(timedelta(seconds=short)) if c.isalpha())
    lead_long = next(c for c in human_duration(timedelta(seconds=long)) if c.isalpha())
    assert order.index(lead_short) <= order.index(lead_long)
