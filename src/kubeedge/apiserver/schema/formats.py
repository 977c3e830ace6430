"""String checks of schema validation: the OpenAPI ``format`` registry and RE2 ``pattern``s.

Formats are the ones kube-apiserver validates in CRD schemas (kube-openapi's ``strfmt.Default``
registry, restricted by apiextensions to the set supported since 1.0): a format name is
normalised by dropping ``-`` (``date-time`` == ``datetime``); an unknown format, or a format on
a type it does not apply to, is ignored, exactly as ``StripUnsupportedFormats`` does.

Patterns are Go RE2 expressions (that is what kube-apiserver compiles). Python's ``re`` differs
in syntax (``\\z``, ``\\p{L}``, ``[[:alpha:]]``, ``$`` before a final newline) and backtracks, so a
hostile pattern such as ``(a+)+$`` could stall the server. We therefore parse RE2 syntax
ourselves (rejecting what RE2 rejects, with Go's error wording) and run the program on a
Pike VM: time is linear in ``len(text) * len(program)``, with no timeout needed.
"""

from __future__ import annotations

import datetime
import ipaddress
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Callable

__all__ = [
    "Pattern",
    "PatternError",
    "check_format",
    "compile_pattern",
    "effective_format",
    "normalize_format",
]


# --- formats --------------------------------------------------------------------------------------


def normalize_format(name: str) -> str:
    """go-openapi's registry normalisation: ``date-time`` and ``datetime`` are one format."""
    return name.replace("-", "")


def _is_date(s: str) -> bool:
    if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", s):
        return False
    try:
        datetime.date(int(s[:4]), int(s[5:7]), int(s[8:]))
    except ValueError:
        return False
    return True


_TIME = re.compile(r"([0-9]{2}):([0-9]{2}):([0-9]{2})(.[0-9]+)?(z|([+-][0-9]{2}:[0-9]{2}))", re.DOTALL)


def _is_datetime(s: str) -> bool:
    # strfmt.IsDateTime: lower-case, split on "t", a full-date then a zoned time.
    if len(s) < 4:
        return False
    parts = s.lower().split("t")
    if len(parts) < 2 or not _is_date(parts[0]):
        return False
    m = _TIME.fullmatch(parts[1])
    return m is not None and m.group(1) <= "23" and m.group(2) <= "59" and m.group(3) <= "59"


_GO_DURATION = re.compile(r"[-+]?(?:(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:ns|us|µs|μs|ms|s|m|h))+")
_SCALA_DURATION = re.compile(r"\s*(?:\d+\s*[A-Za-zµ]+\s*)+")
_DURATION_PART = re.compile(r"(\d+)\s*([A-Za-zµ]+)")
_DURATION_UNITS = (
    ("ns", "nano"),
    ("us", "µs", "micro"),
    ("ms", "milli"),
    ("s", "sec"),
    ("m", "min"),
    ("h", "hr", "hour"),
    ("d", "day"),
    ("w", "wk", "week"),
)


def _is_duration(s: str) -> bool:
    # time.ParseDuration first, then strfmt's scala-like "3 days 4 hours" syntax.
    if s in ("0", "+0", "-0") or _GO_DURATION.fullmatch(s):
        return True
    if not _SCALA_DURATION.fullmatch(s):
        return False
    for _, unit in _DURATION_PART.findall(s):
        unit = unit.lower().strip()
        for variants in _DURATION_UNITS:
            if any(unit == v or (i == len(variants) - 1 and unit.startswith(v)) for i, v in enumerate(variants)):
                return True
    return False


def _parse_ipv4_sloppy(s: str) -> bool:
    # netutils.ParseIPSloppy: dotted quad, leading zeros tolerated.
    parts = s.split(".")
    return len(parts) == 4 and all(p.isascii() and p.isdigit() and len(p) <= 3 and int(p) <= 255 for p in parts)


def _parse_ip_sloppy(s: str) -> bool:
    if _parse_ipv4_sloppy(s):
        return True
    if "%" in s or ":" not in s:
        return False
    try:
        ipaddress.IPv6Address(s)
    except ValueError:
        return False
    return True


def _is_cidr(s: str) -> bool:
    addr, slash, prefix = s.partition("/")
    if not slash or not prefix.isascii() or not prefix.isdigit():
        return False
    if _parse_ipv4_sloppy(addr):
        return int(prefix) <= 32
    return ":" in addr and _parse_ip_sloppy(addr) and int(prefix) <= 128


def _is_mac(s: str) -> bool:
    # net.ParseMAC: 6, 8 or 20 octets as xx:xx.. / xx-xx.. or xxxx.xxxx.. groups.
    if len(s) >= 14 and s[2] in ":-":
        octets = s.split(s[2])
        return len(octets) in (6, 8, 20) and all(re.fullmatch(r"[0-9a-fA-F]{2}", o) for o in octets)
    groups = s.split(".")
    return len(groups) in (3, 4, 10) and all(re.fullmatch(r"[0-9a-fA-F]{4}", g) for g in groups)


_ATEXT = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~\-\u0080-\U0010ffff]+"
_DOT_ATOM = re.compile(rf"{_ATEXT}(?:\.{_ATEXT})*")
_QUOTED = re.compile(r'"(?:[^"\\\r\n]|\\.)*"')


def _is_email(s: str) -> bool:
    # net/mail.ParseAddress, reduced: an addr-spec, optionally as "Display Name <addr-spec>".
    s = s.strip()
    if s.endswith(">") and "<" in s:
        s = s[s.rindex("<") + 1 : -1]
    local, at, domain = s.rpartition("@")
    if not at:
        return False
    return bool((_DOT_ATOM.fullmatch(local) or _QUOTED.fullmatch(local)) and _DOT_ATOM.fullmatch(domain))


def _is_request_uri(s: str) -> bool:
    # url.ParseRequestURI: an absolute URI, or an absolute path.
    if not s or any(ord(c) < 0x20 or ord(c) == 0x7F for c in s):
        return False
    if s == "*":
        return True
    m = re.match(r"([A-Za-z][A-Za-z0-9+.\-]*):", s)
    rest = s[m.end() :] if m else s
    if not m and s.startswith(":"):
        return False
    rest = rest.split("?", 1)[0]
    if not rest.startswith("/"):
        return m is not None  # scheme:opaque
    if m and rest.startswith("//"):
        authority, _, rest = rest[2:].partition("/")
        host = authority.rpartition("@")[2]
        if host.startswith("["):
            host, _, port = host[1:].partition("]")
            port = port[1:] if port.startswith(":") else ("x" if port else "")
        else:
            host, _, port = host.partition(":")
        if port and not port.isdigit():
            return False
        if re.search(r"[\s\"<>\\^`{|}]", host):
            return False
    return re.search(r"%(?![0-9A-Fa-f]{2})", rest) is None


def _luhn(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


_CREDIT_CARD = re.compile(
    r"4[0-9]{12}(?:[0-9]{3})?|5[1-5][0-9]{14}|(?:222[1-9]|22[3-9][0-9]|2[3-6][0-9]{2}|27[01][0-9]|2720)[0-9]{12}"
    r"|6(?:011|5[0-9][0-9])[0-9]{12}|3[47][0-9]{13}|3(?:0[0-5]|[68][0-9])[0-9]{11}|(?:2131|1800|35[0-9]{3})[0-9]{11}"
    r"|6[27][0-9]{14}"
)


def _is_credit_card(s: str) -> bool:
    digits = re.sub(r"[^0-9]", "", s)
    return bool(_CREDIT_CARD.fullmatch(digits)) and _luhn(digits)


def _is_isbn10(s: str) -> bool:
    s = re.sub(r"[\s-]", "", s)
    if not re.fullmatch(r"[0-9]{9}[0-9X]", s):
        return False
    total = sum((i + 1) * int(c) for i, c in enumerate(s[:9])) + 10 * (10 if s[9] == "X" else int(s[9]))
    return total % 11 == 0


def _is_isbn13(s: str) -> bool:
    s = re.sub(r"[\s-]", "", s)
    if not re.fullmatch(r"[0-9]{13}", s):
        return False
    total = sum((1, 3)[i % 2] * int(c) for i, c in enumerate(s[:12]))
    return int(s[12]) == (10 - total % 10) % 10


_HOSTNAME = (
    r"^([a-zA-Z0-9\p{S}\p{L}]((-?[a-zA-Z0-9\p{S}\p{L}]{0,62})?)|([a-zA-Z0-9\p{S}\p{L}](([a-zA-Z0-9-\p{S}\p{L}]"
    r"{0,61}[a-zA-Z0-9\p{S}\p{L}])?)(\.)){1,}([a-zA-Z\p{L}]){2,63})$"
)


def _is_hostname(s: str) -> bool:
    if len(s.encode()) > 255 or any(len(p.encode()) > 63 for p in s.split(".")):
        return False
    return compile_pattern(_HOSTNAME).search(s)


def _regex_check(pattern: str, flags: int = 0) -> Callable[[str], bool]:
    rx = re.compile(pattern, flags)
    return lambda s: rx.fullmatch(s) is not None


_UUID_HEAD = r"[0-9a-f]{8}-?[0-9a-f]{4}-?"
_RGB = r"\s*(0|[1-9]\d?|1\d\d?|2[0-4]\d|25[0-5])\s*"

_CHECKERS: dict[str, Callable[[str], bool]] = {
    "bsonobjectid": _regex_check(r"[0-9a-fA-F]{24}"),
    "uri": _is_request_uri,
    "email": _is_email,
    "hostname": _is_hostname,
    "ipv4": lambda s: _parse_ipv4_sloppy(s) or (_parse_ip_sloppy(s) and "." in s),
    "ipv6": lambda s: ":" in s and _parse_ip_sloppy(s),
    "cidr": _is_cidr,
    "mac": _is_mac,
    "uuid": _regex_check(_UUID_HEAD + r"[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}", re.I),
    "uuid3": _regex_check(_UUID_HEAD + r"3[0-9a-f]{3}-?[0-9a-f]{4}-?[0-9a-f]{12}", re.I),
    "uuid4": _regex_check(_UUID_HEAD + r"4[0-9a-f]{3}-?[89ab][0-9a-f]{3}-?[0-9a-f]{12}", re.I),
    "uuid5": _regex_check(_UUID_HEAD + r"5[0-9a-f]{3}-?[89ab][0-9a-f]{3}-?[0-9a-f]{12}", re.I),
    "isbn": lambda s: _is_isbn10(s) or _is_isbn13(s),
    "isbn10": _is_isbn10,
    "isbn13": _is_isbn13,
    "creditcard": _is_credit_card,
    "ssn": lambda s: len(s) == 11 and re.fullmatch(r"\d{3}[- ]?\d{2}[- ]?\d{4}", s, re.A) is not None,
    "hexcolor": _regex_check(r"#?([0-9a-fA-F]{3}|[0-9a-fA-F]{6})"),
    "rgbcolor": _regex_check(rf"rgb\({_RGB},{_RGB},{_RGB}\)", re.A),
    "byte": _regex_check(r"(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=|[A-Za-z0-9+/]{4})"),
    "password": lambda s: True,
    "date": _is_date,
    "duration": _is_duration,
    "datetime": _is_datetime,
}


def effective_format(schema_type: str, fmt: str) -> str:
    """The format kube-apiserver keeps for a node of ``schema_type`` ("" when it is dropped).

    ``schema_type`` is "" for untyped nodes and for int-or-string (two types).
    """
    if not fmt:
        return ""
    if schema_type in ("", "string"):
        return fmt if normalize_format(fmt) in _CHECKERS else ""
    if schema_type == "integer":
        return fmt if fmt in ("int32", "int64") else ""
    if schema_type == "number":
        return fmt if fmt in ("float", "double") else ""
    return ""


def check_format(fmt: str, value: str) -> bool:
    """True if ``value`` is valid for ``fmt``; unknown formats accept everything."""
    checker = _CHECKERS.get(normalize_format(fmt))
    return checker is None or checker(value)


# --- RE2 patterns ---------------------------------------------------------------------------------


class PatternError(ValueError):
    """A pattern Go's regexp package would not compile; ``str()`` is Go's message."""


@dataclass(frozen=True, slots=True)
class _Chars:
    """A character class: code point ranges and Unicode categories, maybe negated or case-folded."""

    ranges: tuple[tuple[int, int], ...] = ()
    categories: tuple[str, ...] = ()
    negated: bool = False
    fold: bool = False

    def matches(self, ch: str) -> bool:
        hit = self._raw(ch)
        if not hit and self.fold:
            hit = self._raw(ch.lower()) or self._raw(ch.upper())
        return hit != self.negated

    def _raw(self, ch: str) -> bool:
        if len(ch) != 1:
            return False
        o = ord(ch)
        if any(lo <= o <= hi for lo, hi in self.ranges):
            return True
        return bool(self.categories) and _in_categories(ch, self.categories)


_SCRIPTS = {"Latin": "LATIN", "Greek": "GREEK", "Cyrillic": "CYRILLIC", "Han": "CJK", "Arabic": "ARABIC"}
_SCRIPTS |= {"Hebrew": "HEBREW", "Hiragana": "HIRAGANA", "Katakana": "KATAKANA", "Hangul": "HANGUL"}
_GENERAL = {"C", "L", "M", "N", "P", "S", "Z"}


def _in_categories(ch: str, categories: tuple[str, ...]) -> bool:
    cat = unicodedata.category(ch)
    for name in categories:
        if name == "Any" or cat == name or (name in _GENERAL and cat[0] == name and cat != "Cn"):
            return True
        script = _SCRIPTS.get(name)
        if script and unicodedata.name(ch, "").startswith(script):
            return True
    return False


_SUBCATEGORIES = {"C": "cfos", "L": "lmotu", "M": "cen", "N": "dlo", "P": "cdefios", "S": "ckmo", "Z": "lps"}
_CATEGORIES = frozenset(major + minor for major, minors in _SUBCATEGORIES.items() for minor in minors)


def _valid_category(name: str) -> bool:
    return name == "Any" or name in _SCRIPTS or name in _GENERAL or name in _CATEGORIES


_PERL = {
    "d": ((48, 57),),
    "s": ((9, 10), (12, 13), (32, 32)),
    "w": ((48, 57), (65, 90), (95, 95), (97, 122)),
}
_POSIX = {
    "alnum": ((48, 57), (65, 90), (97, 122)),
    "alpha": ((65, 90), (97, 122)),
    "ascii": ((0, 127),),
    "blank": ((9, 9), (32, 32)),
    "cntrl": ((0, 31), (127, 127)),
    "digit": ((48, 57),),
    "graph": ((33, 126),),
    "lower": ((97, 122),),
    "print": ((32, 126),),
    "punct": ((33, 47), (58, 64), (91, 96), (123, 126)),
    "space": ((9, 13), (32, 32)),
    "upper": ((65, 90),),
    "word": _PERL["w"],
    "xdigit": ((48, 57), (65, 70), (97, 102)),
}
_SIMPLE_ESCAPES = {"a": 7, "f": 12, "t": 9, "n": 10, "r": 13, "v": 11}
_MAX_REPEAT = 1000
_MAX_PROGRAM = 50_000

# AST nodes are tuples: ("chars", _Chars) ("cat", [..]) ("alt", [..]) ("rep", node, min, max)
# ("assert", kind) ("empty",).
_Node = tuple[Any, ...]


def _repeat_weight(node: _Node) -> int:
    """The largest product of nested repeat counts, which RE2 caps at 1000."""
    if node[0] == "rep":
        return int(max(node[2], node[3], 1)) * _repeat_weight(node[1])
    if node[0] in ("cat", "alt"):
        return max((_repeat_weight(child) for child in node[1]), default=1)
    return 1


class _Parser:
    def __init__(self, pattern: str) -> None:
        self.s = pattern
        self.i = 0
        self.fold = False
        self.multiline = False
        self.dotall = False

    def fail(self, code: str, text: str) -> PatternError:
        return PatternError(f"error parsing regexp: {code}: `{text}`")

    def parse(self) -> _Node:
        node = self.alternation()
        if self.i < len(self.s):  # only a stray ")" stops the top-level alternation
            raise self.fail("unexpected )", self.s)
        return node

    def alternation(self) -> _Node:
        branches = [self.concatenation()]
        while self.i < len(self.s) and self.s[self.i] == "|":
            self.i += 1
            branches.append(self.concatenation())
        return branches[0] if len(branches) == 1 else ("alt", branches)

    def concatenation(self) -> _Node:
        items: list[_Node] = []
        while self.i < len(self.s) and self.s[self.i] not in "|)":
            start = self.i
            repeat = self.repeat_op()
            if repeat is not None:
                raise self.fail("missing argument to repetition operator", self.s[start : self.i])
            atom = self.atom()
            if atom is None:
                continue
            last_op = -1
            while True:
                op_start = self.i
                repeat = self.repeat_op()
                if repeat is None:
                    break
                if last_op >= 0:
                    raise self.fail("invalid nested repetition operator", self.s[last_op : self.i])
                last_op = op_start
                atom = ("rep", atom, repeat[0], repeat[1])
                if max(repeat) >= 2 and _repeat_weight(atom) > _MAX_REPEAT:
                    raise self.fail("invalid repeat count", self.s[op_start : self.i])
            items.append(atom)
        return items[0] if len(items) == 1 else ("cat", items) if items else ("empty",)

    def repeat_op(self) -> tuple[int, int] | None:
        if self.i >= len(self.s):
            return None
        c = self.s[self.i]
        if c in "*+?":
            self.i += 1
            bounds = {"*": (0, -1), "+": (1, -1), "?": (0, 1)}[c]
        elif c == "{":
            m = re.match(r"\{([0-9]+)(,([0-9]*))?\}", self.s[self.i :])
            if not m or any(g and len(g) > 1 and g[0] == "0" for g in (m.group(1), m.group(3))):
                return None  # not a repeat: "{" is a literal
            lo = int(m.group(1))
            hi = lo if m.group(2) is None else (int(m.group(3)) if m.group(3) else -1)
            text = m.group(0)
            self.i += len(text)
            if lo > _MAX_REPEAT or hi > _MAX_REPEAT or (hi >= 0 and lo > hi):
                raise self.fail("invalid repeat count", text)
            bounds = (lo, hi)
        else:
            return None
        if self.i < len(self.s) and self.s[self.i] == "?":
            self.i += 1  # non-greedy: irrelevant to whether there is a match
        return bounds

    def atom(self) -> _Node | None:
        c = self.s[self.i]
        self.i += 1
        if c == "(":
            return self.group()
        if c == "[":
            return ("chars", self.char_class())
        if c == ".":
            return ("chars", _Chars(ranges=() if self.dotall else ((10, 10),), negated=True))
        if c == "^":
            return ("assert", "bol_m" if self.multiline else "bot")
        if c == "$":
            return ("assert", "eol_m" if self.multiline else "eot")
        if c == "\\":
            return self.escape()
        return self.literal(ord(c))

    def literal(self, code: int) -> _Node:
        return ("chars", _Chars(ranges=((code, code),), fold=self.fold))

    def group(self) -> _Node | None:
        saved = (self.fold, self.multiline, self.dotall)
        if self.s.startswith("?", self.i):
            named = re.match(r"\?P?<([^>]*)>", self.s[self.i :])
            if named and not self.s.startswith(("?<=", "?<!"), self.i):
                if not re.fullmatch(r"[A-Za-z0-9_]+", named.group(1)):
                    raise self.fail("invalid named capture", "(" + named.group(0))
                self.i += named.end()
            else:
                m = re.match(r"\?([imsU]*)(?:-([imsU]*))?([:)])", self.s[self.i :])
                if not m or (m.group(2) == "" and m.group(3)):
                    bad = self.s[self.i - 1 : self.i + 2]
                    raise self.fail("invalid or unsupported Perl syntax", bad)
                self.i += m.end()
                on, off = m.group(1), m.group(2) or ""
                for flag, value in [(f, True) for f in on] + [(f, False) for f in off]:
                    if flag == "i":
                        self.fold = value
                    elif flag == "m":
                        self.multiline = value
                    elif flag == "s":
                        self.dotall = value
                if m.group(3) == ")":
                    return None  # flags apply to the rest of the enclosing group
        node = self.alternation()
        if self.i >= len(self.s) or self.s[self.i] != ")":
            raise self.fail("missing closing )", self.s)
        self.i += 1
        self.fold, self.multiline, self.dotall = saved
        return node

    def escape(self) -> _Node:
        if self.i >= len(self.s):
            raise self.fail("trailing backslash at end of expression", "")
        c = self.s[self.i]
        asserts = {"A": "bot", "z": "eot", "b": "word", "B": "not_word"}
        if c in asserts:
            self.i += 1
            return ("assert", asserts[c])
        if c == "Q":
            end = self.s.find("\\E", self.i + 1)
            text = self.s[self.i + 1 :] if end < 0 else self.s[self.i + 1 : end]
            self.i = len(self.s) if end < 0 else end + 2
            return ("cat", [self.literal(ord(ch)) for ch in text]) if text else ("empty",)
        if c == "C":
            self.i += 1
            return ("chars", _Chars(negated=True))
        chars = self.class_escape()
        if chars is not None:
            return ("chars", chars)
        return self.literal(self.escape_char())

    def class_escape(self) -> _Chars | None:
        """\\d \\s \\w (ASCII, as in RE2) and \\p{..}; None if the escape is not a class."""
        c = self.s[self.i]
        if c.lower() in _PERL:
            self.i += 1
            return _Chars(ranges=_PERL[c.lower()], negated=c.isupper(), fold=self.fold)
        if c not in "pP":
            return None
        start = self.i - 1
        self.i += 1
        if self.s.startswith("{", self.i):
            end = self.s.find("}", self.i)
            if end < 0:
                raise self.fail("invalid character class range", self.s[start:])
            name, self.i = self.s[self.i + 1 : end], end + 1
        elif self.i < len(self.s):
            name, self.i = self.s[self.i], self.i + 1
        else:
            raise self.fail("invalid character class range", self.s[start:])
        negated = c == "P"
        if name.startswith("^"):
            name, negated = name[1:], not negated
        if not _valid_category(name):
            raise self.fail("invalid character class range", self.s[start : self.i])
        return _Chars(categories=(name,), negated=negated, fold=self.fold)

    def escape_char(self) -> int:
        start = self.i - 1
        c = self.s[self.i]
        self.i += 1
        if c in _SIMPLE_ESCAPES:
            return _SIMPLE_ESCAPES[c]
        if c in "01234567":
            m = re.match(r"[0-7]{0,2}", self.s[self.i :])
            digits = m.group(0) if m else ""
            if c != "0" and not digits:
                raise self.fail("invalid escape sequence", self.s[start : self.i])
            self.i += len(digits)
            return int(c + digits, 8)
        if c == "x":
            m = re.match(r"\{([0-9A-Fa-f]+)\}|[0-9A-Fa-f]{2}", self.s[self.i :])
            value = int(m.group(1) or m.group(0), 16) if m else -1
            if not m or value > 0x10FFFF:
                raise self.fail("invalid escape sequence", self.s[start : self.i + (m.end() if m else 0)])
            self.i += m.end()
            return value
        if ord(c) < 0x80 and not c.isalnum():
            return ord(c)
        raise self.fail("invalid escape sequence", self.s[start : self.i])

    def char_class(self) -> _Chars:
        start = self.i - 1
        negated = self.s.startswith("^", self.i)
        self.i += negated
        ranges: list[tuple[int, int]] = []
        categories: list[str] = []
        first = True
        while True:
            if self.i >= len(self.s):
                raise self.fail("missing closing ]", self.s[start:])
            c = self.s[self.i]
            if c == "]" and not first:
                self.i += 1
                break
            first = False
            item_start = self.i
            posix = re.match(r"\[:(\^?)([a-z]+):\]", self.s[self.i :])
            if posix:
                if posix.group(2) not in _POSIX:
                    raise self.fail("invalid character class range", posix.group(0))
                part = _POSIX[posix.group(2)]
                ranges.extend(_negate(part) if posix.group(1) else part)
                self.i += posix.end()
                continue
            if c == "\\" and self.i + 1 < len(self.s):
                self.i += 1
                sub = self.class_escape()
                if sub is not None:
                    if sub.categories:
                        if sub.negated:
                            raise self.fail("invalid character class range", "\\P in a class")
                        categories.extend(sub.categories)
                    else:
                        ranges.extend(_negate(sub.ranges) if sub.negated else sub.ranges)
                    continue
                lo = self.escape_char()
            else:
                lo = ord(c)
                self.i += 1
            hi = lo
            if self.s.startswith("-", self.i) and self.i + 1 < len(self.s) and self.s[self.i + 1] != "]":
                self.i += 1
                if self.s[self.i] == "\\":
                    self.i += 1
                    hi = self.escape_char()
                else:
                    hi = ord(self.s[self.i])
                    self.i += 1
                if hi < lo:
                    raise self.fail("invalid character class range", self.s[item_start : self.i])
            ranges.append((lo, hi))
        return _Chars(ranges=tuple(ranges), categories=tuple(categories), negated=negated, fold=self.fold)


def _negate(ranges: tuple[tuple[int, int], ...]) -> tuple[tuple[int, int], ...]:
    out, nxt = [], 0
    for lo, hi in sorted(ranges):
        if lo > nxt:
            out.append((nxt, lo - 1))
        nxt = max(nxt, hi + 1)
    if nxt <= 0x10FFFF:
        out.append((nxt, 0x10FFFF))
    return tuple(out)


# Program instructions: (CHAR, chars) (SPLIT, x, y) (JMP, x) (ASSERT, kind) (MATCH,)
_CHAR, _SPLIT, _JMP, _ASSERT, _MATCH = range(5)


def _emit(node: _Node, prog: list[tuple[object, ...]]) -> None:
    if len(prog) > _MAX_PROGRAM:
        raise PatternError("error parsing regexp: expression too large")
    kind = node[0]
    if kind == "chars":
        prog.append((_CHAR, node[1]))
    elif kind == "assert":
        prog.append((_ASSERT, node[1]))
    elif kind == "cat":
        for child in node[1]:
            _emit(child, prog)
    elif kind == "alt":
        jumps = []
        for child in node[1][:-1]:
            split = len(prog)
            prog.append((_SPLIT, split + 1, -1))
            _emit(child, prog)
            jumps.append(len(prog))
            prog.append((_JMP, -1))
            prog[split] = (_SPLIT, split + 1, len(prog))
        _emit(node[1][-1], prog)
        for j in jumps:
            prog[j] = (_JMP, len(prog))
    elif kind == "rep":
        _, child, lo, hi = node
        for _ in range(lo):
            _emit(child, prog)
        if hi < 0:
            split = len(prog)
            prog.append((_SPLIT, split + 1, -1))
            _emit(child, prog)
            prog.append((_JMP, split))
            prog[split] = (_SPLIT, split + 1, len(prog))
        else:
            splits = []
            for _ in range(hi - lo):
                splits.append(len(prog))
                prog.append((_SPLIT, len(prog) + 1, -1))
                _emit(child, prog)
            for s in splits:
                prog[s] = (_SPLIT, s + 1, len(prog))


def _is_word(text: str, pos: int) -> bool:
    return 0 <= pos < len(text) and (text[pos].isascii() and (text[pos].isalnum() or text[pos] == "_"))


def _assert_holds(kind: object, text: str, pos: int) -> bool:
    if kind == "bot":
        return pos == 0
    if kind == "eot":
        return pos == len(text)
    if kind == "bol_m":
        return pos == 0 or text[pos - 1] == "\n"
    if kind == "eol_m":
        return pos == len(text) or text[pos] == "\n"
    boundary = _is_word(text, pos - 1) != _is_word(text, pos)
    return boundary if kind == "word" else not boundary


@dataclass(frozen=True, slots=True)
class Pattern:
    """A compiled RE2 pattern; :meth:`search` is Go's ``MatchString`` (unanchored)."""

    source: str
    program: tuple[tuple[object, ...], ...] = field(repr=False)

    def search(self, text: str) -> bool:
        prog = self.program
        seen = [-1] * len(prog)
        current: list[int] = []
        anchored = prog[0] == (_ASSERT, "bot")
        for pos in range(len(text) + 1):
            if pos == 0 or not anchored:
                self._add(current, 0, text, pos, seen, pos)
            nxt: list[int] = []
            for pc in current:
                op = prog[pc]
                if op[0] == _MATCH:
                    return True
                if pos < len(text) and op[1].matches(text[pos]):  # type: ignore[attr-defined]
                    self._add(nxt, pc + 1, text, pos + 1, seen, pos + 1)
            current = nxt
            if not current and anchored:
                return False
        return any(prog[pc][0] == _MATCH for pc in current)

    def _add(self, out: list[int], pc: int, text: str, pos: int, seen: list[int], mark: int) -> None:
        # Follow the epsilon closure; ``seen`` keeps each state once per position (the Pike VM
        # invariant that bounds the work, and stops empty loops such as (a*)*).
        stack = [pc]
        prog = self.program
        while stack:
            pc = stack.pop()
            if seen[pc] == mark:
                continue
            seen[pc] = mark
            op = prog[pc]
            if op[0] == _JMP:
                stack.append(op[1])  # type: ignore[arg-type]
            elif op[0] == _SPLIT:
                stack.extend((op[2], op[1]))  # type: ignore[arg-type]
            elif op[0] == _ASSERT:
                if _assert_holds(op[1], text, pos):
                    stack.append(pc + 1)
            else:
                out.append(pc)


@lru_cache(maxsize=1024)
def compile_pattern(pattern: str) -> Pattern:
    """Compile an RE2 pattern.

    Raises:
        PatternError: the pattern is not valid RE2 syntax (message as Go's ``regexp.Compile``).
    """
    ast = _Parser(pattern).parse()
    prog: list[tuple[object, ...]] = []
    _emit(ast, prog)
    prog.append((_MATCH,))
    return Pattern(source=pattern, program=tuple(prog))
