"""``resource.Quantity``: Kubernetes' fixed-point numbers (``100m``, ``1Gi``, ``1e3``, ``0.5``).

A quantity is parsed to an exact :class:`~fractions.Fraction` (never a float) and remembers which
kind of suffix it was written with, because kube re-emits it in *canonical form* using the same
kind: ``1.5Gi`` → ``1536Mi``, ``0.5`` → ``500m``, ``1000m`` → ``1``, ``1e3`` stays ``1e3``.
Canonicalisation matters on the wire: what a client gets back is the canonical string, so the
storage layer stores :meth:`Quantity.canonical` rather than the text it received.

Parsing follows ``ParseQuantity`` to the letter, quirks included: magnitudes are rounded *up* to
a nanounit, binary quantities are capped at 2^63-1, ``"-"`` and ``"Mi"`` parse as zero, and a
decimal value whose exponent falls outside the SI table loses its suffix when printed. One
deliberate difference: exponents or digit strings longer than 4000 are rejected as non-numeric,
where Go would carry them; nothing legitimate comes near that, and exact arithmetic on them
would let one request burn the CPU.
"""

from __future__ import annotations

import enum
import functools
import math
from dataclasses import dataclass
from fractions import Fraction

__all__ = ["Quantity", "QuantityError", "QuantityFormat", "parse_quantity"]

_MAX_INT64 = 2**63 - 1
_NANO = Fraction(1, 10**9)
# Far beyond any real amount; keeps exact arithmetic cheap on hostile input ("1e999999999").
_MAX_EXPONENT = 4000
_LETTERS = frozenset("eEinumkKMGTP")
_DIGITS = frozenset("0123456789")

FORMAT_WRONG = "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"
NUMERIC = "unable to parse numeric part of quantity"
SUFFIX = "unable to parse quantity's suffix"

_DECIMAL_SUFFIXES = {"n": -9, "u": -6, "m": -3, "": 0, "k": 3, "M": 6, "G": 9, "T": 12, "P": 15, "E": 18}
_BINARY_SUFFIXES = {"Ki": 10, "Mi": 20, "Gi": 30, "Ti": 40, "Pi": 50, "Ei": 60}
_DECIMAL_BY_EXPONENT = {v: k for k, v in _DECIMAL_SUFFIXES.items()}
_BINARY_BY_POWER = {0: "", 1: "Ki", 2: "Mi", 3: "Gi", 4: "Ti", 5: "Pi", 6: "Ei"}


class QuantityFormat(enum.StrEnum):
    """The kind of suffix a quantity was written with (and is printed with)."""

    DECIMAL_EXPONENT = "DecimalExponent"
    BINARY_SI = "BinarySI"
    DECIMAL_SI = "DecimalSI"


class QuantityError(ValueError):
    """The text is not a quantity; the message is apimachinery's."""


@dataclass(frozen=True, slots=True)
class Quantity:
    """An exact amount and the suffix family used to print it."""

    value: Fraction
    format: QuantityFormat = QuantityFormat.DECIMAL_SI

    @classmethod
    def parse(cls, text: str) -> Quantity:
        return parse_quantity(text)

    def __str__(self) -> str:
        return self.canonical()

    @property
    def is_zero(self) -> bool:
        return self.value == 0

    def cmp(self, other: Quantity) -> int:
        """-1, 0 or 1 as Go's ``Quantity.Cmp`` (values only, formats ignored)."""
        return (self.value > other.value) - (self.value < other.value)

    def scaled_value(self, scale: int) -> int:
        """The value in units of 10^scale, rounded away from zero (``ScaledValue``)."""
        scaled = self.value / Fraction(10) ** scale
        return math.ceil(scaled) if scaled >= 0 else -math.ceil(-scaled)

    def milli_value(self) -> int:
        return self.scaled_value(-3)

    def int_value(self) -> int:
        """Go's ``Value()``: whole units, rounded away from zero."""
        return self.scaled_value(0)

    def round_up(self, scale: int) -> Quantity:
        """The value rounded away from zero to a multiple of 10^scale (``RoundUp``)."""
        step = Fraction(10) ** scale
        return Quantity(Fraction(self.scaled_value(scale)) * step, self.format)

    def canonical(self) -> str:
        """The string kube serialises this quantity as."""
        if self.value == 0:
            return "0"
        sign = "-" if self.value < 0 else ""
        magnitude = abs(self.value)
        fmt = self.format
        if fmt is QuantityFormat.BINARY_SI and (magnitude < 1024 or magnitude.denominator != 1):
            # Small or fractional binary amounts print in decimal rather than be rounded.
            fmt = QuantityFormat.DECIMAL_SI
        if fmt is QuantityFormat.BINARY_SI:
            number, power = int(magnitude), 0
            while number % 1024 == 0 and power < 6:
                number //= 1024
                power += 1
            return f"{sign}{number}{_BINARY_BY_POWER[power]}"
        mantissa, exponent = _decimal_parts(magnitude)
        shift = exponent % 3
        mantissa, exponent = mantissa * 10**shift, exponent - shift
        if fmt is QuantityFormat.DECIMAL_EXPONENT:
            suffix = f"e{exponent}" if exponent else ""
        else:
            # kube drops the suffix it cannot name (1000E prints as "1"); we keep that quirk.
            suffix = _DECIMAL_BY_EXPONENT.get(exponent, "")
        return f"{sign}{mantissa}{suffix}"


def _decimal_parts(magnitude: Fraction) -> tuple[int, int]:
    """``magnitude == mantissa * 10**exponent`` with no trailing zeros in the mantissa."""
    exponent = 0
    # Parsed values are multiples of a nanounit, so the denominator divides 10^9.
    while magnitude.denominator != 1:
        magnitude *= 10
        exponent -= 1
    mantissa = int(magnitude)
    while mantissa % 10 == 0:
        mantissa //= 10
        exponent += 1
    return mantissa, exponent


def _scan(text: str) -> tuple[bool, str, str, str]:
    """Split ``text`` into sign, integer digits, fraction digits and suffix (Go's scanner)."""
    positive, pos, end = True, 0, len(text)
    if text[0] in "+-":
        positive = text[0] == "+"
        pos = 1
    while pos < end and text[pos] == "0":
        pos += 1
    if pos >= end:
        return positive, "0", "", ""
    start = pos
    while pos < end and text[pos] in _DIGITS:
        pos += 1
    num = text[start:pos] or "0"
    denom = ""
    if pos < end and text[pos] == ".":
        pos += 1
        start = pos
        while pos < end and text[pos] in _DIGITS:
            pos += 1
        denom = text[start:pos]
    suffix_start = pos
    while pos < end and text[pos] in _LETTERS:
        pos += 1
    if pos < end and text[pos] in "+-":
        pos += 1
    while pos < end and text[pos] in _DIGITS:
        pos += 1
    if pos < end:
        raise QuantityError(FORMAT_WRONG)
    return positive, num, denom, text[suffix_start:]


def _interpret(suffix: str) -> tuple[int, int, QuantityFormat]:
    if suffix in _DECIMAL_SUFFIXES:
        return 10, _DECIMAL_SUFFIXES[suffix], QuantityFormat.DECIMAL_SI
    if suffix in _BINARY_SUFFIXES:
        return 2, _BINARY_SUFFIXES[suffix], QuantityFormat.BINARY_SI
    if len(suffix) > 1 and suffix[0] in "eE":
        digits = suffix[1:]
        body = digits[1:] if digits[0] in "+-" else digits
        if body and body.isdigit() and body.isascii():
            return 10, int(digits), QuantityFormat.DECIMAL_EXPONENT
    raise QuantityError(SUFFIX)


# Every write of a pod parses its quantities two or three times (defaulting, QoS, validation),
# and a cluster uses few distinct ones; the result is immutable, failures are not remembered.
@functools.lru_cache(maxsize=4096)
def parse_quantity(text: str) -> Quantity:
    """Parse ``text`` as ``resource.ParseQuantity`` does.

    Raises:
        QuantityError: with apimachinery's message when the text is not a quantity.
    """
    if not text:
        raise QuantityError(FORMAT_WRONG)
    if text == "0":
        return Quantity(Fraction(0), QuantityFormat.DECIMAL_SI)
    positive, num, denom, suffix = _scan(text)
    base, exponent, fmt = _interpret(suffix)
    if abs(exponent) > _MAX_EXPONENT or len(num) + len(denom) > _MAX_EXPONENT:
        raise QuantityError(NUMERIC)
    magnitude = Fraction(int(num + denom), 10 ** len(denom))
    magnitude *= Fraction(base) ** exponent
    if magnitude and magnitude.denominator != 1:
        # Round up (away from zero) to the smallest unit kube keeps, a nanounit.
        magnitude = Fraction(math.ceil(magnitude / _NANO)) * _NANO
    if fmt is QuantityFormat.BINARY_SI:
        magnitude = min(magnitude, Fraction(_MAX_INT64))
        if 0 < magnitude < 1:
            fmt = QuantityFormat.DECIMAL_SI
    return Quantity(magnitude if positive else -magnitude, fmt)
