"""Format checkers and the RE2 pattern engine of schema validation."""

from __future__ import annotations

import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kubeedge.apiserver.schema import formats


@pytest.mark.parametrize(
    ("fmt", "value", "valid"),
    [
        ("date", "2024-02-29", True),
        ("date", "2023-02-29", False),
        ("date", "2024-2-1", False),
        ("date-time", "2014-12-15T19:30:20.000Z", True),
        ("datetime", "2014-12-15T19:30:20Z", True),
        ("date-time", "2014-12-15t19:30:20+01:00", True),
        ("date-time", "2014-12-15T19:30:20", False),  # a zone is required
        ("date-time", "2014-12-15T24:30:20Z", False),
        ("date-time", "2014-12-15", False),
        ("uuid", "123e4567-e89b-12d3-a456-426614174000", True),
        ("uuid", "123E4567E89B12D3A456426614174000", True),
        ("uuid", "123e4567-e89b-12d3-a456", False),
        ("uuid4", "123e4567-e89b-42d3-a456-426614174000", True),
        ("uuid4", "123e4567-e89b-12d3-a456-426614174000", False),
        ("hostname", "example.com", True),
        ("hostname", "a", True),
        ("hostname", "my-host", False),  # kube-openapi: a dashed single label does not match
        ("hostname", "-bad.com", False),
        ("hostname", "a." + "b" * 64 + ".com", False),
        ("ipv4", "10.0.0.1", True),
        ("ipv4", "010.0.0.1", True),  # leading zeros tolerated (ParseIPSloppy)
        ("ipv4", "256.0.0.1", False),
        ("ipv4", "::1", False),
        ("ipv6", "::1", True),
        ("ipv6", "fe80::1%eth0", False),
        ("ipv6", "10.0.0.1", False),
        ("cidr", "10.0.0.0/8", True),
        ("cidr", "fd00::/64", True),
        ("cidr", "10.0.0.0/33", False),
        ("cidr", "10.0.0.0", False),
        ("mac", "00:1a:2b:3c:4d:5e", True),
        ("mac", "00-1a-2b-3c-4d-5e", True),
        ("mac", "001a.2b3c.4d5e", True),
        ("mac", "00:1a:2b:3c:4d", False),
        ("uri", "https://example.com/a?b=c", True),
        ("uri", "/absolute/path", True),
        ("uri", "mailto:someone@example.com", True),
        ("uri", "relative/path", False),
        ("uri", "http://host:port/", False),
        ("uri", "", False),
        ("email", "someone@example.com", True),
        ("email", "Some One <someone@example.com>", True),
        ("email", "not-an-email", False),
        ("byte", "aGVsbG8=", True),
        ("byte", "aGVsbG8", False),
        ("byte", "", False),
        ("duration", "1h30m", True),
        ("duration", "1.5s", True),
        ("duration", "3 days", True),
        ("duration", "forever", False),
        ("bsonobjectid", "507f1f77bcf86cd799439011", True),
        ("bsonobjectid", "507f1f77", False),
        ("isbn10", "0321751043", True),
        ("isbn13", "978-0321751041", True),
        ("isbn", "0321751044", False),
        ("creditcard", "4111 1111 1111 1111", True),
        ("creditcard", "4111 1111 1111 1112", False),
        ("ssn", "123-45-6789", True),
        ("ssn", "123456789", False),
        ("hexcolor", "#FFF", True),
        ("hexcolor", "#FFFF", False),
        ("rgbcolor", "rgb(255, 0, 10)", True),
        ("rgbcolor", "rgb(256,0,0)", False),
        ("password", "anything", True),
        ("no-such-format", "anything", True),
    ],
)
def test_format_checkers(fmt: str, value: str, valid: bool) -> None:
    assert formats.check_format(fmt, value) is valid


@pytest.mark.parametrize(
    ("schema_type", "fmt", "kept"),
    [
        ("string", "date-time", "date-time"),
        ("", "uuid", "uuid"),
        ("string", "int32", ""),  # not a string format: dropped
        ("string", "quantity", ""),  # not validated by kube-apiserver v1.32
        ("integer", "int32", "int32"),
        ("integer", "int8", ""),
        ("number", "double", "double"),
        ("number", "int64", ""),
        ("boolean", "date", ""),
        ("string", "", ""),
    ],
)
def test_effective_format_strips_what_kube_strips(schema_type: str, fmt: str, kept: str) -> None:
    assert formats.effective_format(schema_type, fmt) == kept


@pytest.mark.parametrize(
    ("pattern", "text", "matches"),
    [
        ("^[a-z]+$", "abc", True),
        ("^[a-z]+$", "abc\n", False),  # RE2's $ is the end of text, unlike Python's
        ("[0-9]", "a1", True),  # unanchored, like Go's MatchString
        ("(?i)^abc$", "ABC", True),
        ("(?m)^b$", "a\nb\nc", True),
        ("a.c", "a\nc", False),
        ("(?s)a.c", "a\nc", True),
        (r"\d+", "١٢", False),  # \d is ASCII in RE2
        (r"^\p{L}+$", "héllo", True),
        (r"^\PL+$", "123", True),
        (r"^\p{Greek}+$", "αβγ", True),
        (r"^[[:alpha:]]+$", "abc", True),
        (r"^[[:^digit:]]+$", "ab1", False),
        (r"\bcat\b", "a cat sat", True),
        (r"\Bcat", "concat", True),
        (r"^a\z", "a", True),
        (r"\Aab", "ab", True),
        (r"\Qa.b\E", "a.b", True),
        (r"\Qa.b\E", "axb", False),
        (r"^\x41\x{263a}$", "A☺", True),
        (r"^\101$", "A", True),
        ("^a{2,3}$", "aaa", True),
        ("^a{2,3}$", "aaaa", False),
        ("^a{2,}$", "aaaaa", True),
        ("^a{,2}$", "a{,2}", True),  # not a repeat in RE2: literal braces
        ("^(?:ab|cd)+$", "abcdab", True),
        ("^(?P<x>a)b$", "ab", True),
        ("^(?<x>a)b$", "ab", True),
        ("^[^a-c]$", "d", True),
        ("^[a-]$", "-", True),
        ("^[]a]$", "]", True),
        ("^(a*)*$", "aaa", True),
        ("^(a|)+b$", "aab", True),
        ("x*?y", "xxy", True),
        ("", "anything", True),
        (r"^(\+|-)?(([0-9]+(\.[0-9]*)?)|(\.[0-9]+))(([KMGTPE]i)|[numkMGTPE])?$", "100Mi", True),
    ],
)
def test_pattern_semantics_follow_re2(pattern: str, text: str, matches: bool) -> None:
    assert formats.compile_pattern(pattern).search(text) is matches


@pytest.mark.parametrize(
    ("pattern", "message"),
    [
        ("(a", "error parsing regexp: missing closing ): `(a`"),
        ("a)", "error parsing regexp: unexpected ): `a)`"),
        ("[a", "error parsing regexp: missing closing ]: `[a`"),
        ("a**", "error parsing regexp: invalid nested repetition operator: `**`"),
        ("*a", "error parsing regexp: missing argument to repetition operator: `*`"),
        ("a|*", "error parsing regexp: missing argument to repetition operator: `*`"),
        ("(?=a)", "error parsing regexp: invalid or unsupported Perl syntax: `(?=`"),
        ("(?!a)", "error parsing regexp: invalid or unsupported Perl syntax: `(?!`"),
        ("[z-a]", "error parsing regexp: invalid character class range: `z-a`"),
        (r"\8", "error parsing regexp: invalid escape sequence: `\\8`"),
        (r"\Z", "error parsing regexp: invalid escape sequence: `\\Z`"),
        ("a{1001}", "error parsing regexp: invalid repeat count: `{1001}`"),
        ("a{3,2}", "error parsing regexp: invalid repeat count: `{3,2}`"),
        ("(a{100}){100}", "error parsing regexp: invalid repeat count: `{100}`"),
        (r"\p{Klingon}", "error parsing regexp: invalid character class range: `\\p{Klingon}`"),
        ("(?P<>a)", "error parsing regexp: invalid named capture: `(?P<>`"),
        ("a\\", "error parsing regexp: trailing backslash at end of expression: ``"),
    ],
)
def test_invalid_patterns_fail_with_go_messages(pattern: str, message: str) -> None:
    with pytest.raises(formats.PatternError) as info:
        formats.compile_pattern(pattern)
    assert str(info.value) == message


@pytest.mark.parametrize("pattern", ["^(a+)+$", "^(a|a)*$", "^(a*)*b$", "(x+x+)+y"])
def test_catastrophic_patterns_run_in_linear_time(pattern: str) -> None:
    started = time.perf_counter()
    assert formats.compile_pattern(pattern).search("a" * 2000 + "!") is False
    assert time.perf_counter() - started < 5


@settings(max_examples=300, deadline=None)
@given(pattern=st.text(max_size=12), text=st.text(max_size=20))
def test_compile_and_search_never_raise_anything_else(pattern: str, text: str) -> None:
    try:
        compiled = formats.compile_pattern(pattern)
    except formats.PatternError as exc:
        message = str(exc)
    else:
        assert compiled.search(text) in (True, False)
        return
    assert message.startswith("error parsing regexp: ")


@settings(max_examples=200, deadline=None)
@given(text=st.text(alphabet="ab\n", max_size=12))
def test_simple_patterns_agree_with_python_re(text: str) -> None:
    import re

    for pattern in ("a+b", "^(ab)*$", "a|b", "a?b{1,2}", "[^a]b"):
        # these patterns mean the same in RE2 and Python once $ is pinned to the end of text
        python = re.search(pattern.replace("$", r"\Z"), text) is not None
        assert formats.compile_pattern(pattern).search(text) is python
