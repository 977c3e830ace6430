"""A minimal ``resource.Quantity`` reader for the controllers' own arithmetic.

The scheduler compares cpu, memory, ephemeral-storage and extended resources; it only needs
to *read* quantities (``"250m"``, ``"1.5Gi"``, ``"1e3"``) into exact numbers and round them
the way apimachinery does (``MilliValue()``/``Value()`` round up). Formatting, canonical forms
and validation belong to the full implementation elsewhere; this one stays private so the
controllers do not depend on it.
"""

from __future__ import annotations

import functools
import math
import re
from fractions import Fraction

__all__ = ["milli_value", "parse_quantity", "value"]

_BINARY = {"Ki": 1, "Mi": 2, "Gi": 3, "Ti": 4, "Pi": 5, "Ei": 6}
_DECIMAL = {"n": -9, "u": -6, "m": -3, "": 0, "k": 3, "M": 6, "G": 9, "T": 12, "P": 15, "E": 18}
_QUANTITY = re.compile(r"^([+-]?)(\d+\.?\d*|\.\d+)(?:([eE][+-]?\d+)|(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE]))?$")


@functools.lru_cache(maxsize=4096)
def parse_quantity(text: str | int | float) -> Fraction:
    """Read a Kubernetes quantity into an exact number.

    Args:
        text: the serialized quantity (``"100m"``, ``"2Gi"``, ``"1e3"``) or a bare number.

    Returns:
        The exact value.

    Raises:
        ValueError: the text is not a quantity.
    """
    if isinstance(text, int | float):
        return Fraction(text)
    match = _QUANTITY.match(text.strip())
    if match is None:
        raise ValueError(f"quantities must match the regular expression {_QUANTITY.pattern!r}: {text!r}")
    sign, digits, exponent, suffix = match.groups()
    number = Fraction(digits)
    if exponent is not None:
        number *= Fraction(10) ** int(exponent[1:])
    elif suffix in _BINARY:
        number *= 1024 ** _BINARY[suffix]
    else:
        number *= Fraction(10) ** _DECIMAL[suffix or ""]
    return -number if sign == "-" else number


def milli_value(text: str | int | float) -> int:
    """``Quantity.MilliValue()``: thousandths, rounded up (``"0.1m"`` is 1)."""
    return math.ceil(parse_quantity(text) * 1000)


def value(text: str | int | float) -> int:
    """``Quantity.Value()``: whole units, rounded up."""
    return math.ceil(parse_quantity(text))
