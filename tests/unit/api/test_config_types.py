"""The field types under both config schemas: Go durations, strict scalars, ranges, choices."""

from __future__ import annotations

import enum
from datetime import timedelta
from typing import Annotated

import pytest
from pydantic import ValidationError

from kubeedge.api.config import _base
from kubeedge.api.config._base import (
    Bool,
    ConfigModel,
    Count,
    Duration,
    HostPort,
    IPAddress,
    Port,
    Quantity,
    Str,
    choice,
    describe,
    format_go_duration,
    int_range,
    parse_go_duration,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("0", timedelta(0)),
        ("0s", timedelta(0)),
        ("10s", timedelta(seconds=10)),
        ("1m0s", timedelta(minutes=1)),
        ("1m30s", timedelta(seconds=90)),
        ("4h0m0s", timedelta(hours=4)),
        ("100ms", timedelta(milliseconds=100)),
        ("1.5s", timedelta(milliseconds=1500)),
        (".5s", timedelta(milliseconds=500)),
        ("1.s", timedelta(seconds=1)),
        ("2h45m", timedelta(hours=2, minutes=45)),
        ("1500us", timedelta(microseconds=1500)),
        ("3µs", timedelta(microseconds=3)),
        ("3μs", timedelta(microseconds=3)),
        ("5000ns", timedelta(microseconds=5)),
        ("+5s", timedelta(seconds=5)),
        ("-5s", timedelta(seconds=-5)),
        ("1h1h", timedelta(hours=2)),
    ],
)
def test_parse_go_duration(text: str, expected: timedelta) -> None:
    assert parse_go_duration(text) == expected


@pytest.mark.parametrize("text", ["", "10", "s", "5x", "1 s", "1m 0s", "-", "1.2.3s", "10ns", "1.0000001s"])
def test_parse_go_duration_rejects(text: str) -> None:
    with pytest.raises(ValueError, match="duration"):
        parse_go_duration(text)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (timedelta(0), "0s"),
        (timedelta(seconds=10), "10s"),
        (timedelta(minutes=1), "1m0s"),
        (timedelta(minutes=5), "5m0s"),
        (timedelta(hours=4), "4h0m0s"),
        (timedelta(hours=26, minutes=3, seconds=4), "26h3m4s"),
        (timedelta(milliseconds=100), "100ms"),
        (timedelta(milliseconds=1500), "1.5s"),
        (timedelta(microseconds=1500), "1.5ms"),
        (timedelta(microseconds=3), "3µs"),
        (timedelta(minutes=1, milliseconds=250), "1m0.25s"),
        (timedelta(seconds=-90), "-1m30s"),
    ],
)
def test_format_go_duration_matches_go(value: timedelta, expected: str) -> None:
    assert format_go_duration(value) == expected
    assert parse_go_duration(expected) == value


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, "null"),
        (True, "true"),
        (False, "false"),
        (7, "7"),
        (0.5, "0.5"),
        ("a b", '"a b"'),
        ([1], "a list"),
        ({"a": 1}, "a mapping"),
    ],
)
def test_describe(value: object, expected: str) -> None:
    assert describe(value) == expected


class Color(enum.StrEnum):
    RED = "red"
    BLUE = "blue"


class Level(enum.IntEnum):
    LOW = 0
    HIGH = 1


class Sample(ConfigModel):
    port: Port = 1
    count: Count = 0
    ranged: Annotated[int, int_range(-1, 5)] = 0
    at_most: Annotated[int, int_range(None, 3)] = 0
    flag: Bool = False
    text: Str = ""
    wait: Duration = timedelta(0)
    ip: IPAddress = "0.0.0.0"
    bind: HostPort = "127.0.0.1:1"
    size: Quantity = "0"
    color: Annotated[Color, choice(Color)] = Color.RED
    level: Annotated[Level, choice(Level)] = Level.LOW


def _message(**values: object) -> str:
    with pytest.raises(ValidationError) as info:
        Sample.model_validate(values)
    (error,) = info.value.errors()
    assert error["type"] == _base.ERROR_TYPE
    return error["msg"]


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"port": 70000}, "must be between 1 and 65535, got 70000"),
        ({"port": 0}, "must be between 1 and 65535, got 0"),
        ({"port": "80"}, 'must be an integer, got "80"'),
        ({"port": True}, "must be an integer, got true"),
        ({"port": 80.0}, "must be an integer, got 80.0"),
        ({"count": -1}, "must be at least 0, got -1"),
        ({"ranged": -2}, "must be between -1 and 5, got -2"),
        ({"at_most": 4}, "must be at most 3, got 4"),
        ({"flag": "yes"}, 'must be true or false, got "yes"'),
        ({"flag": 1}, "must be true or false, got 1"),
        ({"text": 5}, "must be a string, got 5"),
        ({"text": None}, "must be a string, got null"),
        ({"wait": 10}, 'must be a duration such as "10s" or "1m30s", got 10'),
        ({"wait": "ten"}, 'must be a duration such as "10s" or "1m30s", got "ten"'),
        ({"wait": "-1s"}, 'must not be negative, got "-1s"'),
        ({"ip": "localhost"}, 'must be an IP address, got "localhost"'),
        ({"bind": "127.0.0.1"}, 'must be IP:port with a port between 1 and 65535, got "127.0.0.1"'),
        ({"bind": "host:80"}, 'must be IP:port with a port between 1 and 65535, got "host:80"'),
        ({"bind": "127.0.0.1:0"}, 'must be IP:port with a port between 1 and 65535, got "127.0.0.1:0"'),
        ({"size": "ten"}, 'must be a quantity such as "10Mi" or "0", got "ten"'),
        ({"color": "green"}, 'must be one of "red", "blue", got "green"'),
        ({"color": 1}, 'must be one of "red", "blue", got 1'),
        ({"level": 2}, "must be one of 0, 1, got 2"),
        ({"level": True}, "must be one of 0, 1, got true"),
        ({"level": "1"}, 'must be one of 0, 1, got "1"'),
    ],
)
def test_field_types_reject_with_clear_messages(values: dict[str, object], message: str) -> None:
    assert _message(**values) == message


def test_field_types_accept_valid_values() -> None:
    sample = Sample.model_validate(
        {
            "port": 65535,
            "count": 0,
            "ranged": -1,
            "wait": "1m30s",
            "ip": "::1",
            "bind": "[::1]:9091",
            "size": 512,
            "color": "blue",
            "level": 1,
        }
    )
    assert sample.wait == timedelta(seconds=90)
    assert sample.size == "512"
    assert sample.color is Color.BLUE
    assert sample.level is Level.HIGH
    dumped = sample.model_dump(mode="json")
    assert dumped["wait"] == "1m30s"
    assert dumped["color"] == "blue"
    assert dumped["level"] == 1


def test_models_are_frozen_and_closed() -> None:
    sample = Sample()
    with pytest.raises(ValidationError, match="frozen"):
        sample.port = 2
    with pytest.raises(ValidationError, match="Extra inputs are not permitted"):
        Sample.model_validate({"portt": 1})


def test_feature_gates_are_typed() -> None:
    gates = _base.FeatureGates.model_validate({"requireAuthorization": True, "disableNodeTaskV1alpha2": True})
    assert gates.require_authorization
    assert gates.disable_node_task_v1alpha2
    assert not gates.module_restart
    with pytest.raises(ValidationError):
        _base.FeatureGates.model_validate({"someKubeletGate": True})
