"""Shared controller helpers: quantities, selectors, pod readiness, claims, times."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from fractions import Fraction
from typing import Any

import pytest

from kubeedge.apiserver.controllers import _objects, _quantity

NOW = datetime(2024, 5, 1, 12, 0, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "exact"),
    [
        ("100m", Fraction(1, 10)),
        ("1", Fraction(1)),
        ("1.5", Fraction(3, 2)),
        ("2Gi", Fraction(2 * 1024**3)),
        ("1Ki", Fraction(1024)),
        ("1k", Fraction(1000)),
        ("1M", Fraction(10**6)),
        ("1E", Fraction(10**18)),
        ("1e3", Fraction(1000)),
        ("1.5E-3", Fraction(3, 2000)),
        ("500u", Fraction(1, 2000)),
        ("10n", Fraction(1, 10**8)),
        (".5", Fraction(1, 2)),
        ("-1", Fraction(-1)),
        (3, Fraction(3)),
    ],
)
def test_parse_quantity(text: str | int, exact: Fraction) -> None:
    assert _quantity.parse_quantity(text) == exact


def test_rounding_up_like_apimachinery() -> None:
    assert _quantity.milli_value("0.1m") == 1
    assert _quantity.milli_value("1.0001") == 1001
    assert _quantity.value("1.2") == 2
    assert _quantity.value("128974848") == 128974848


@pytest.mark.parametrize("bad", ["", "abc", "1Zi", "1.2.3", "Mi"])
def test_bad_quantities(bad: str) -> None:
    with pytest.raises(ValueError, match="quantities must match"):
        _quantity.parse_quantity(bad)


LABELS = {"app": "web", "tier": "fe"}


@pytest.mark.parametrize(
    ("selector", "matches"),
    [
        (None, False),
        ({}, True),
        ({"matchLabels": {"app": "web"}}, True),
        ({"matchLabels": {"app": "db"}}, False),
        ({"matchExpressions": [{"key": "tier", "operator": "In", "values": ["fe", "be"]}]}, True),
        ({"matchExpressions": [{"key": "tier", "operator": "NotIn", "values": ["fe"]}]}, False),
        ({"matchExpressions": [{"key": "absent", "operator": "NotIn", "values": ["fe"]}]}, True),
        ({"matchExpressions": [{"key": "app", "operator": "Exists"}]}, True),
        ({"matchExpressions": [{"key": "app", "operator": "DoesNotExist"}]}, False),
        ({"matchLabels": {"app": "web"}, "matchExpressions": [{"key": "x", "operator": "Exists"}]}, False),
    ],
)
def test_label_selectors(selector: dict[str, Any] | None, matches: bool) -> None:
    assert _objects.selector_matches(selector, LABELS) is matches


def ready_pod(since: datetime | None, status: str = "True") -> dict[str, Any]:
    condition: dict[str, Any] = {"type": "Ready", "status": status}
    if since is not None:
        condition["lastTransitionTime"] = _objects.format_time(since)
    return {"status": {"phase": "Running", "conditions": [condition]}}


@pytest.mark.parametrize(
    ("pod", "min_ready", "available"),
    [
        (ready_pod(NOW - timedelta(seconds=11)), 10, True),
        (ready_pod(NOW - timedelta(seconds=10)), 10, False),  # strictly longer than minReadySeconds
        (ready_pod(NOW), 0, True),
        (ready_pod(None), 5, False),
        (ready_pod(NOW - timedelta(hours=1), status="False"), 0, False),
        ({"status": {}}, 0, False),
    ],
)
def test_pod_availability(pod: dict[str, Any], min_ready: int, available: bool) -> None:
    assert _objects.is_pod_available(pod, min_ready, NOW) is available


def test_times_round_trip_at_second_precision() -> None:
    assert _objects.parse_time("2024-05-01T12:00:00Z") == NOW
    assert _objects.parse_time("2024-05-01T12:00:00.123456Z") == NOW + timedelta(microseconds=123456)
    assert _objects.format_time(NOW + timedelta(microseconds=999999)) == "2024-05-01T12:00:00Z"
    assert _objects.parse_time(None) is None


def test_claim_does_not_adopt_for_an_owner_being_deleted_nor_release() -> None:
    owner = {"metadata": {"name": "rs", "namespace": "ns", "uid": "u", "deletionTimestamp": "2024-05-01T12:00:00Z"}}
    mine_mismatched = {
        "metadata": {
            "name": "a",
            "namespace": "ns",
            "uid": "a",
            "labels": {},
            "ownerReferences": [{"uid": "u", "controller": True}],
        }
    }
    orphan = {"metadata": {"name": "b", "namespace": "ns", "uid": "b", "labels": {"app": "x"}}}
    elsewhere = {"metadata": {"name": "c", "namespace": "other", "uid": "c", "labels": {"app": "x"}}}
    result = _objects.claim(
        owner,
        {"matchLabels": {"app": "x"}},
        [mine_mismatched, orphan, elsewhere],
        owner_ref={},
        target_kind="Pod",
        target_api_version="v1",
    )
    assert (result.owned, result.adopt, result.release) == ([], [], [])


def test_object_reference_forms() -> None:
    ref = _objects.ObjectRef.of({"metadata": {"name": "n", "uid": "u"}}, api_version="v1", kind="Node")
    assert ref.as_object_reference() == {"kind": "Node", "name": "n", "uid": "u", "apiVersion": "v1"}
