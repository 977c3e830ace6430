"""String formats of the Kubernetes API, with apimachinery's exact messages.

Each ``is_*`` check returns the list of problems (``[]`` when the value is fine), worded as
``k8s.io/apimachinery/pkg/util/validation`` words them, because clients show them verbatim:
``a lowercase RFC 1123 label must consist of ...``. Validators wrap each message in a
``FieldError``. Lengths are counted in bytes, as Go's ``len`` does.

The ``name_is_*`` functions are *name validators* (kube's ``ValidateNameFunc``): they take the
name and whether it is a ``generateName`` prefix (a trailing ``-`` is then allowed).
"""

from __future__ import annotations

import functools
import ipaddress
import re
from collections.abc import Callable

__all__ = [
    "NameValidator",
    "empty_error",
    "inclusive_range_error",
    "is_c_identifier",
    "is_config_map_key",
    "is_dns1035_label",
    "is_dns1123_label",
    "is_dns1123_subdomain",
    "is_env_var_name",
    "is_http_header_name",
    "is_qualified_name",
    "is_relaxed_env_var_name",
    "is_valid_cidr",
    "is_valid_group_id",
    "is_valid_ip",
    "is_valid_label_value",
    "is_valid_path_segment_name",
    "is_valid_path_segment_prefix",
    "is_valid_percent",
    "is_valid_port_name",
    "is_valid_port_num",
    "is_valid_user_id",
    "max_len_error",
    "name_is_dns1035_label",
    "name_is_dns_label",
    "name_is_dns_subdomain",
    "parse_ip_sloppy",
    "regex_error",
    "validate_path_segment_name",
]

NameValidator = Callable[[str, bool], list[str]]

DNS1123_LABEL_MAX = 63
DNS1123_SUBDOMAIN_MAX = 253
QUALIFIED_NAME_MAX = 63
LABEL_VALUE_MAX = 63

_DNS1123_LABEL = "[a-z0-9]([-a-z0-9]*[a-z0-9])?"
_DNS1123_LABEL_MSG = (
    "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', "
    "and must start and end with an alphanumeric character"
)
_DNS1123_SUBDOMAIN = _DNS1123_LABEL + "(\\." + _DNS1123_LABEL + ")*"
_DNS1123_SUBDOMAIN_MSG = (
    "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or "
    "'.', and must start and end with an alphanumeric character"
)
_DNS1035_LABEL = "[a-z]([-a-z0-9]*[a-z0-9])?"
_DNS1035_LABEL_MSG = (
    "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an "
    "alphabetic character, and end with an alphanumeric character"
)
_QUALIFIED_NAME = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]"
_QUALIFIED_NAME_MSG = (
    "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character"
)
_LABEL_VALUE = "(" + _QUALIFIED_NAME + ")?"
_LABEL_VALUE_MSG = (
    "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or "
    "'.', and must start and end with an alphanumeric character"
)
_C_IDENTIFIER = "[A-Za-z_][A-Za-z0-9_]*"
_C_IDENTIFIER_MSG = (
    "a valid C identifier must start with alphabetic character or '_', followed by a string of "
    "alphanumeric characters or '_'"
)
_ENV_VAR_NAME = "[-._a-zA-Z][-._a-zA-Z0-9]*"
_ENV_VAR_NAME_MSG = (
    "a valid environment variable name must consist of alphabetic characters, digits, '_', '-', "
    "or '.', and must not start with a digit"
)
_RELAXED_ENV_VAR_NAME_MSG = (
    "a valid environment variable name must consist only of printable ASCII characters other than '='"
)
_CONFIG_MAP_KEY = "[-._a-zA-Z0-9]+"
_CONFIG_MAP_KEY_MSG = "a valid config key must consist of alphanumeric characters, '-', '_' or '.'"
_PERCENT = "[0-9]+%"
_PERCENT_MSG = "a valid percent string must be a numeric string followed by an ending '%'"
_HTTP_HEADER_NAME = "[-A-Za-z0-9]+"
_HTTP_HEADER_NAME_MSG = "a valid HTTP header must consist of alphanumeric characters or '-'"


@functools.cache
def _pattern(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


def _matches(pattern: str, value: str) -> bool:
    return _pattern(pattern).fullmatch(value) is not None


def _remembered(check: Callable[[str], list[str]]) -> Callable[[str], list[str]]:
    """``check`` with its answers remembered per value (a bounded number of them).

    Every object carries the same label keys, container and port names again and again; the
    checks are pure, and each call still gets a list of its own.
    """
    answers = functools.lru_cache(maxsize=8192)(lambda value: tuple(check(value)))

    @functools.wraps(check)
    def remembered(value: str) -> list[str]:
        return list(answers(value))

    return remembered


def _size(value: str) -> int:
    return len(value.encode())


def max_len_error(length: int) -> str:
    return f"must be no more than {length} characters"


def empty_error() -> str:
    return "must be non-empty"


def inclusive_range_error(low: int, high: int) -> str:
    return f"must be between {low} and {high}, inclusive"


def regex_error(message: str, pattern: str, *examples: str) -> str:
    """apimachinery's ``RegexError``: the rule, examples, then the regex itself."""
    if not examples:
        return f"{message} (regex used for validation is '{pattern}')"
    shown = " or ".join(f"'{e}', " for e in examples)
    return f"{message} (e.g. {shown}regex used for validation is '{pattern}')"


@_remembered
def is_dns1123_label(value: str) -> list[str]:
    errs = []
    if _size(value) > DNS1123_LABEL_MAX:
        errs.append(max_len_error(DNS1123_LABEL_MAX))
    if not _matches(_DNS1123_LABEL, value):
        if _matches(_DNS1123_SUBDOMAIN, value):
            # A valid subdomain of legal length that is no label can only be failing on dots.
            errs.append("must not contain dots")
        else:
            errs.append(regex_error(_DNS1123_LABEL_MSG, _DNS1123_LABEL, "my-name", "123-abc"))
    return errs


@_remembered
def is_dns1123_subdomain(value: str) -> list[str]:
    errs = []
    if _size(value) > DNS1123_SUBDOMAIN_MAX:
        errs.append(max_len_error(DNS1123_SUBDOMAIN_MAX))
    if not _matches(_DNS1123_SUBDOMAIN, value):
        errs.append(regex_error(_DNS1123_SUBDOMAIN_MSG, _DNS1123_SUBDOMAIN, "example.com"))
    return errs


@_remembered
def is_dns1035_label(value: str) -> list[str]:
    errs = []
    if _size(value) > DNS1123_LABEL_MAX:
        errs.append(max_len_error(DNS1123_LABEL_MAX))
    if not _matches(_DNS1035_LABEL, value):
        errs.append(regex_error(_DNS1035_LABEL_MSG, _DNS1035_LABEL, "my-name", "abc-123"))
    return errs


@_remembered
def is_qualified_name(value: str) -> list[str]:
    """A label or annotation key: ``[prefix/]name`` with a DNS-1123 subdomain prefix."""
    errs: list[str] = []
    parts = value.split("/")
    if len(parts) == 1:
        name = parts[0]
    elif len(parts) == 2:
        prefix, name = parts
        if not prefix:
            errs.append("prefix part " + empty_error())
        else:
            errs.extend("prefix part " + m for m in is_dns1123_subdomain(prefix))
    else:
        return [
            "a qualified name "
            + regex_error(_QUALIFIED_NAME_MSG, _QUALIFIED_NAME, "MyName", "my.name", "123-abc")
            + " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')"
        ]
    if not name:
        errs.append("name part " + empty_error())
    elif _size(name) > QUALIFIED_NAME_MAX:
        errs.append("name part " + max_len_error(QUALIFIED_NAME_MAX))
    if not _matches(_QUALIFIED_NAME, name):
        errs.append("name part " + regex_error(_QUALIFIED_NAME_MSG, _QUALIFIED_NAME, "MyName", "my.name", "123-abc"))
    return errs


@_remembered
def is_valid_label_value(value: str) -> list[str]:
    errs = []
    if _size(value) > LABEL_VALUE_MAX:
        errs.append(max_len_error(LABEL_VALUE_MAX))
    if not _matches(_LABEL_VALUE, value):
        errs.append(regex_error(_LABEL_VALUE_MSG, _LABEL_VALUE, "MyValue", "my_value", "12345"))
    return errs


@_remembered
def is_c_identifier(value: str) -> list[str]:
    if _matches(_C_IDENTIFIER, value):
        return []
    return [regex_error(_C_IDENTIFIER_MSG, _C_IDENTIFIER, "my_name", "MY_NAME", "MyName")]


def _chdir_prefix(value: str) -> list[str]:
    if value == ".":
        return ["must not be '.'"]
    if value == "..":
        return ["must not be '..'"]
    if value.startswith(".."):
        return ["must not start with '..'"]
    return []


@_remembered
def is_env_var_name(value: str) -> list[str]:
    """The strict (pre-1.32) environment variable name rule."""
    errs = []
    if not _matches(_ENV_VAR_NAME, value):
        errs.append(regex_error(_ENV_VAR_NAME_MSG, _ENV_VAR_NAME, "my.env-name", "MY_ENV.NAME", "MyEnvName1"))
    return errs + _chdir_prefix(value)


def is_relaxed_env_var_name(value: str) -> list[str]:
    """The rule kube 1.32 applies (RelaxedEnvironmentVariableValidation is on by default)."""
    errs = []
    if not value:
        errs.append("environment variable name " + empty_error())
    if any(ord(c) > 0x7E or ord(c) < 0x20 or c == "=" for c in value):
        errs.append(_RELAXED_ENV_VAR_NAME_MSG)
    return errs


@_remembered
def is_config_map_key(value: str) -> list[str]:
    errs = []
    if _size(value) > DNS1123_SUBDOMAIN_MAX:
        errs.append(max_len_error(DNS1123_SUBDOMAIN_MAX))
    if not _matches(_CONFIG_MAP_KEY, value):
        errs.append(regex_error(_CONFIG_MAP_KEY_MSG, _CONFIG_MAP_KEY, "key.name", "KEY_NAME", "key-name"))
    return errs + _chdir_prefix(value)


def is_valid_port_num(port: int) -> list[str]:
    return [] if 1 <= port <= 65535 else [inclusive_range_error(1, 65535)]


def is_valid_user_id(uid: int) -> list[str]:
    return [] if 0 <= uid <= 0xFFFFFFFF else [inclusive_range_error(0, 0xFFFFFFFF)]


def is_valid_group_id(gid: int) -> list[str]:
    return [] if 0 <= gid <= 0xFFFFFFFF else [inclusive_range_error(0, 0xFFFFFFFF)]


@_remembered
def is_valid_port_name(port: str) -> list[str]:
    """An IANA_SVC_NAME: at most 15 of ``[-a-z0-9]``, at least one letter, no ``--``."""
    errs = []
    if _size(port) > 15:
        errs.append(max_len_error(15))
    if not _matches("[-a-z0-9]+", port):
        errs.append("must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)")
    if re.search("[a-z]", port) is None:
        errs.append("must contain at least one letter (a-z)")
    if "--" in port:
        errs.append("must not contain consecutive hyphens")
    if port and (port[0] == "-" or port[-1] == "-"):
        errs.append("must not begin or end with a hyphen")
    return errs


def is_valid_percent(value: str) -> list[str]:
    if _matches(_PERCENT, value):
        return []
    return [regex_error(_PERCENT_MSG, _PERCENT, "1%", "93%")]


def is_http_header_name(value: str) -> list[str]:
    if _matches(_HTTP_HEADER_NAME, value):
        return []
    return [regex_error(_HTTP_HEADER_NAME_MSG, _HTTP_HEADER_NAME, "X-Header-Name")]


def parse_ip_sloppy(value: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    """``k8s.io/utils/net.ParseIPSloppy``: also accepts IPv4 octets with leading zeros."""
    if re.fullmatch(r"[0-9]{1,3}(\.[0-9]{1,3}){3}", value):
        octets = [int(p) for p in value.split(".")]
        if all(o <= 255 for o in octets):
            return ipaddress.IPv4Address(".".join(str(o) for o in octets))
        return None
    try:
        return ipaddress.IPv6Address(value) if ":" in value else None
    except ValueError:
        return None


def is_valid_ip(value: str) -> list[str]:
    if parse_ip_sloppy(value) is not None:
        return []
    return ["must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)"]


def is_valid_cidr(value: str) -> list[str]:
    address, _, bits = value.partition("/")
    ip = parse_ip_sloppy(address)
    limit = 32 if isinstance(ip, ipaddress.IPv4Address) else 128
    if ip is None or not bits.isdigit() or int(bits) > limit:
        return ["must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)"]
    return []


def is_valid_path_segment_name(name: str) -> list[str]:
    """A name usable as one URL path segment: not ``.``/``..``, no ``/`` or ``%``."""
    if name in (".", ".."):
        return [f"may not be '{name}'"]
    return is_valid_path_segment_prefix(name)


def is_valid_path_segment_prefix(name: str) -> list[str]:
    return [f"may not contain '{c}'" for c in ("/", "%") if c in name]


def _mask_trailing_dash(name: str) -> str:
    # apimachinery replaces the *last two* characters when the prefix ends in "-"; kept as is.
    if len(name) > 1 and name.endswith("-"):
        return name[:-2] + "a"
    return name


def name_is_dns_subdomain(name: str, prefix: bool) -> list[str]:
    return is_dns1123_subdomain(_mask_trailing_dash(name) if prefix else name)


def name_is_dns_label(name: str, prefix: bool) -> list[str]:
    return is_dns1123_label(_mask_trailing_dash(name) if prefix else name)


def name_is_dns1035_label(name: str, prefix: bool) -> list[str]:
    return is_dns1035_label(_mask_trailing_dash(name) if prefix else name)


def validate_path_segment_name(name: str, prefix: bool) -> list[str]:
    """The name rule every resource gets (``path.ValidatePathSegmentName``)."""
    return is_valid_path_segment_prefix(name) if prefix else is_valid_path_segment_name(name)
