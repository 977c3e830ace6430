"""Building blocks shared by the cloudcore and edgecore config schemas.

KubeEdge's config structs are Go structs read with ``sigs.k8s.io/yaml``: camelCase keys, ints that
must be ints, ``metav1.Duration`` strings such as ``1m0s``. The models here reproduce that with
pydantic v2, and every field type carries its own validator so that a bad value produces a message a
user can act on (``must be between 1 and 65535, got 70000``) rather than pydantic's generic text.
Those messages are raised as :class:`pydantic_core.PydanticCustomError` of type
:data:`ERROR_TYPE`; the loader turns them into one :class:`~kubeedge.errors.ConfigError`.

Two pieces of metadata ride on the fields:

- the key name: a model's attributes are snake_case and its keys are the camelCase
  ``to_camel`` gives, except where KubeEdge spells a key irregularly (``tlsCAFile``,
  ``messageQPS``); :func:`key` declares those;
- :data:`OMIT_EMPTY`: the Go field has ``omitempty`` and is a plain value (not a pointer, not a
  struct), so Go's marshaller drops it when it is zero. Only the renderer uses it, to print what
  ``--defaultconfig`` prints.
"""

from __future__ import annotations

import ipaddress
import json
import re
from collections.abc import Callable, Mapping
from datetime import timedelta
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Annotated, Any, Final, NoReturn

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, PlainSerializer
from pydantic.alias_generators import to_camel
from pydantic_core import PydanticCustomError, PydanticUndefined

if TYPE_CHECKING:
    import enum

__all__ = [
    "ERROR_TYPE",
    "OMIT_EMPTY",
    "Bool",
    "BoolMap",
    "ConfigModel",
    "Count",
    "Duration",
    "FeatureGates",
    "HostPort",
    "IPAddress",
    "Port",
    "Positive",
    "Quantity",
    "Str",
    "StrList",
    "StrMap",
    "choice",
    "describe",
    "exactly",
    "fail",
    "format_go_duration",
    "int_range",
    "key",
    "parse_go_duration",
]

ERROR_TYPE: Final = "kubeedge_config"
"""The pydantic error type of every message written by this package."""


class _OmitEmpty:
    """Marker: Go drops this field from marshalled output when it holds its zero value."""

    def __repr__(self) -> str:
        return "OMIT_EMPTY"


OMIT_EMPTY: Final = _OmitEmpty()


def fail(message: str) -> NoReturn:
    """Raise a validation error whose text is ``message`` exactly."""
    raise PydanticCustomError(ERROR_TYPE, "{message}", {"message": message})


def describe(value: object) -> str:
    """Render a YAML value for an error message: ``70000``, ``"abc"``, ``true``, ``a list``."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list | tuple):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return str(value)


class ConfigModel(BaseModel):
    """Base of every config section: frozen, closed to unknown keys, camelCase on the wire."""

    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        alias_generator=to_camel,
        validate_by_alias=True,
        validate_by_name=True,
        serialize_by_alias=True,
    )


def key(name: str, default: Any = PydanticUndefined, *, factory: Callable[[], Any] | None = None) -> Any:
    """Declare a field whose KubeEdge key is not the camelCase of its attribute name."""
    if factory is not None:
        return Field(default_factory=factory, validation_alias=name, serialization_alias=name)
    return Field(default, validation_alias=name, serialization_alias=name)


# -- scalar types -------------------------------------------------------------------------------


def _strict_bool(value: object) -> bool:
    if not isinstance(value, bool):
        fail(f"must be true or false, got {describe(value)}")
    return value


def _strict_str(value: object) -> str:
    if not isinstance(value, str):
        fail(f"must be a string, got {describe(value)}")
    return value


def int_range(low: int | None = None, high: int | None = None) -> BeforeValidator:
    """A validator accepting only a YAML integer (not a bool, float or string) within bounds."""

    def check(value: object) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            fail(f"must be an integer, got {describe(value)}")
        if low is not None and high is not None and not low <= value <= high:
            fail(f"must be between {low} and {high}, got {value}")
        if low is not None and value < low:
            fail(f"must be at least {low}, got {value}")
        if high is not None and value > high:
            fail(f"must be at most {high}, got {value}")
        return value

    return BeforeValidator(check)


def exactly(expected: str) -> BeforeValidator:
    """A validator accepting only the string ``expected`` (``apiVersion``, ``kind``)."""

    def check(value: object) -> str:
        if value != expected:
            fail(f"must be {describe(expected)}, got {describe(value)}")
        return expected

    return BeforeValidator(check)


def choice(enum_type: type[enum.Enum]) -> BeforeValidator:
    """A validator accepting exactly the values of ``enum_type`` (ints are not bools, strs not ints)."""
    values = [member.value for member in enum_type]
    shown = ", ".join(describe(v) for v in values)

    def check(value: object) -> object:
        if isinstance(value, enum_type):
            return value
        matches = [v for v in values if type(v) is type(value) and v == value]
        if not matches:
            fail(f"must be one of {shown}, got {describe(value)}")
        return enum_type(matches[0])

    return BeforeValidator(check)


def _ip_address(value: object) -> str:
    text = _strict_str(value)
    try:
        ipaddress.ip_address(text)
    except ValueError:
        fail(f"must be an IP address, got {describe(value)}")
    return text


def _host_port(value: object) -> str:
    text = _strict_str(value)
    host, sep, port = text.rpartition(":")
    host = host[1:-1] if host.startswith("[") and host.endswith("]") else host
    try:
        ipaddress.ip_address(host)
        is_valid = bool(sep) and port.isdigit() and 1 <= int(port) <= 65535
    except ValueError:
        is_valid = False
    if not is_valid:
        fail(f"must be IP:port with a port between 1 and 65535, got {describe(value)}")
    return text


_QUANTITY = re.compile(r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+|[KMGTPE]i|[numkMGTPE])?$")


def _quantity(value: object) -> str:
    # Go's resource.QuantityValue unmarshals a JSON number as well as a string.
    text = str(value) if isinstance(value, int) and not isinstance(value, bool) else _strict_str(value)
    if not _QUANTITY.match(text):
        fail(f'must be a quantity such as "10Mi" or "0", got {describe(value)}')
    return text


# -- Go durations -------------------------------------------------------------------------------

_NS_PER: Final = {"ns": 1, "us": 1_000, "µs": 1_000, "μs": 1_000, "ms": 1_000_000, "s": 10**9, "m": 60 * 10**9}
_NS_PER_HOUR: Final = 3600 * 10**9
_DURATION_PART = re.compile(r"(\d+\.?\d*|\.\d+)(ns|us|µs|μs|ms|s|m|h)")


def parse_go_duration(text: str) -> timedelta:
    """Parse Go's ``time.ParseDuration`` syntax (``1m30s``, ``100ms``, ``4h0m0s``, ``0``).

    Raises:
        ValueError: the text is not a Go duration, or is finer than a microsecond.
    """
    body = text[1:] if text[:1] in "+-" else text
    negative = text.startswith("-")
    if body == "0":
        return timedelta(0)
    if not body:
        raise ValueError(f"invalid duration {text!r}")
    total = Decimal(0)
    pos = 0
    while pos < len(body):
        match = _DURATION_PART.match(body, pos)
        if match is None:
            raise ValueError(f"invalid duration {text!r}")
        try:
            amount = Decimal(match[1])
        except InvalidOperation as exc:  # pragma: no cover - the regex admits only decimals
            raise ValueError(f"invalid duration {text!r}") from exc
        total += amount * (_NS_PER_HOUR if match[2] == "h" else _NS_PER[match[2]])
        pos = match.end()
    nanoseconds = int(total)
    if nanoseconds % 1000:
        raise ValueError(f"duration {text!r} is finer than one microsecond")
    return timedelta(microseconds=-nanoseconds // 1000 if negative else nanoseconds // 1000)


def _decimal(value: int, unit: int) -> str:
    whole, fraction = divmod(value, unit)
    if not fraction:
        return str(whole)
    digits = str(fraction).rjust(len(str(unit)) - 1, "0").rstrip("0")
    return f"{whole}.{digits}"


def format_go_duration(value: timedelta) -> str:
    """Format like Go's ``time.Duration.String()``: ``0s``, ``100ms``, ``1m0s``, ``4h0m0s``."""
    nanoseconds = (value.days * 86400 + value.seconds) * 10**9 + value.microseconds * 1000
    if nanoseconds == 0:
        return "0s"
    sign = "-" if nanoseconds < 0 else ""
    nanoseconds = abs(nanoseconds)
    if nanoseconds < 10**9:
        for unit in ("ms", "µs", "ns"):
            if nanoseconds >= _NS_PER[unit]:
                return f"{sign}{_decimal(nanoseconds, _NS_PER[unit])}{unit}"
    hours, rest = divmod(nanoseconds, _NS_PER_HOUR)
    minutes, rest = divmod(rest, _NS_PER["m"])
    seconds = f"{_decimal(rest, _NS_PER['s'])}s"
    if hours:
        return f"{sign}{hours}h{minutes}m{seconds}"
    if minutes:
        return f"{sign}{minutes}m{seconds}"
    return f"{sign}{seconds}"


def _duration(value: object) -> timedelta:
    if isinstance(value, timedelta):
        parsed = value
    elif isinstance(value, str):
        try:
            parsed = parse_go_duration(value)
        except ValueError:
            fail(f'must be a duration such as "10s" or "1m30s", got {describe(value)}')
    else:
        fail(f'must be a duration such as "10s" or "1m30s", got {describe(value)}')
    if parsed < timedelta(0):
        fail(f"must not be negative, got {describe(value)}")
    return parsed


Bool = Annotated[bool, BeforeValidator(_strict_bool)]
Str = Annotated[str, BeforeValidator(_strict_str)]
Port = Annotated[int, int_range(1, 65535)]
Count = Annotated[int, int_range(0)]
"""A non-negative integer: a size, a worker count, a number of seconds."""
Positive = Annotated[int, int_range(1)]
IPAddress = Annotated[str, BeforeValidator(_ip_address)]
HostPort = Annotated[str, BeforeValidator(_host_port)]
Quantity = Annotated[str, BeforeValidator(_quantity)]
Duration = Annotated[
    timedelta,
    BeforeValidator(_duration),
    PlainSerializer(format_go_duration, return_type=str, when_used="json"),
]
"""A ``metav1.Duration``: a Go duration string in YAML, a :class:`~datetime.timedelta` here."""
StrList = tuple[Str, ...]
StrMap = Mapping[Str, Str]
BoolMap = Mapping[Str, Bool]


class FeatureGates(ConfigModel):
    """The KubeEdge feature gates both cores accept (``pkg/features``); unknown gates are refused."""

    require_authorization: Annotated[Bool, OMIT_EMPTY] = False
    module_restart: Annotated[Bool, OMIT_EMPTY] = False
    disable_node_task_v1alpha2: Annotated[Bool, OMIT_EMPTY] = key("disableNodeTaskV1alpha2", False)
