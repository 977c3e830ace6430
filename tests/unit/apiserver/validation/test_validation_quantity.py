"""resource.Quantity parsing and canonical form."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kubeedge.apiserver.validation.quantity import (
    FORMAT_WRONG,
    NUMERIC,
    SUFFIX,
    Quantity,
    QuantityError,
    QuantityFormat,
    parse_quantity,
)

DEC, BIN, EXP = QuantityFormat.DECIMAL_SI, QuantityFormat.BINARY_SI, QuantityFormat.DECIMAL_EXPONENT


@pytest.mark.parametrize(
    ("text", "value", "fmt", "canonical"),
    [
        ("0", Fraction(0), DEC, "0"),
        ("100m", Fraction(1, 10), DEC, "100m"),
        ("0.5", Fraction(1, 2), DEC, "500m"),
        ("1.5", Fraction(3, 2), DEC, "1500m"),
        ("1000m", Fraction(1), DEC, "1"),
        ("1500k", Fraction(1_500_000), DEC, "1500k"),
        ("1000k", Fraction(1_000_000), DEC, "1M"),
        ("1Gi", Fraction(2**30), BIN, "1Gi"),
        ("1.5Gi", Fraction(3 * 2**29), BIN, "1536Mi"),
        ("2048Ki", Fraction(2**21), BIN, "2Mi"),
        ("1536", Fraction(1536), DEC, "1536"),
        ("0.5Ki", Fraction(512), BIN, "512"),
        ("1.1Ki", Fraction(11264, 10), BIN, "1126400m"),
        ("1e3", Fraction(1000), EXP, "1e3"),
        ("1E3", Fraction(1000), EXP, "1e3"),
        ("12e6", Fraction(12_000_000), EXP, "12e6"),
        ("1.5e3", Fraction(1500), EXP, "1500"),
        ("1e-3", Fraction(1, 1000), EXP, "1e-3"),
        ("-1", Fraction(-1), DEC, "-1"),
        ("+2", Fraction(2), DEC, "2"),
        ("-0.5Gi", Fraction(-(2**29)), BIN, "-512Mi"),
        (".5", Fraction(1, 2), DEC, "500m"),
        ("3.", Fraction(3), DEC, "3"),
        ("007", Fraction(7), DEC, "7"),
        ("0.1m", Fraction(1, 10_000), DEC, "100u"),
        ("5n", Fraction(5, 10**9), DEC, "5n"),
        ("1u", Fraction(1, 10**6), DEC, "1u"),
        ("0.0000000001", Fraction(1, 10**9), DEC, "1n"),  # rounded up to a nanounit
        ("2E", Fraction(2 * 10**18), DEC, "2E"),
        ("1000E", Fraction(10**21), DEC, "1"),  # kube's suffix table has no 10^21
        ("-", Fraction(0), DEC, "0"),
        ("Mi", Fraction(0), BIN, "0"),
    ],
)
def test_parse_and_canonical(text: str, value: Fraction, fmt: QuantityFormat, canonical: str) -> None:
    quantity = parse_quantity(text)
    assert quantity.value == value
    assert quantity.format is fmt
    assert quantity.canonical() == canonical
    assert str(quantity) == canonical


def test_binary_values_are_capped_at_int64() -> None:
    assert parse_quantity("100Ei").value == 2**63 - 1


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", FORMAT_WRONG),
        (" 1", FORMAT_WRONG),
        ("1 ", FORMAT_WRONG),
        ("abc", FORMAT_WRONG),
        ("1.5.5", FORMAT_WRONG),
        ("1Mi1", SUFFIX),  # letters then digits scan as one suffix
        ("1K", SUFFIX),
        ("1e", SUFFIX),
        ("1Mb", FORMAT_WRONG),
        ("1e999999999", NUMERIC),
    ],
)
def test_parse_errors(text: str, message: str) -> None:
    with pytest.raises(QuantityError) as info:
        parse_quantity(text)
    assert str(info.value) == message


def test_arithmetic_helpers() -> None:
    q = parse_quantity("1500m")
    assert q.milli_value() == 1500
    assert q.int_value() == 2  # rounds away from zero
    assert parse_quantity("-1500m").int_value() == -2
    assert q.cmp(parse_quantity("1.5")) == 0
    assert q.cmp(parse_quantity("2")) == -1
    assert parse_quantity("0.1m").round_up(-3).canonical() == "1m"
    assert Quantity.parse("1Ki").is_zero is False


_SUFFIXES = ["", "m", "k", "M", "G", "Ki", "Mi", "Gi", "e3", "e-3", "u", "n"]


@given(
    st.integers(min_value=0, max_value=10**12),
    st.integers(min_value=0, max_value=999),
    st.sampled_from(_SUFFIXES),
    st.booleans(),
)
def test_canonical_form_round_trips(whole: int, fraction: int, suffix: str, negative: bool) -> None:
    text = f"{'-' if negative else ''}{whole}.{fraction:03d}{suffix}"
    quantity = parse_quantity(text)
    canonical = quantity.canonical()
    again = parse_quantity(canonical)
    assert again.value == quantity.value
    assert again.canonical() == canonical
