"""String-format checks against apimachinery's exact messages."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kubeedge.apiserver.validation import names

LABEL_REGEX = "[a-z0-9]([-a-z0-9]*[a-z0-9])?"
SUBDOMAIN_REGEX = "[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*"
LABEL_MSG = (
    "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must "
    f"start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for "
    f"validation is '{LABEL_REGEX}')"
)
SUBDOMAIN_MSG = (
    "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and "
    "must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is "
    f"'{SUBDOMAIN_REGEX}')"
)
DNS1035_MSG = (
    "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic "
    "character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for "
    "validation is '[a-z]([-a-z0-9]*[a-z0-9])?')"
)
QUALIFIED_MSG = (
    "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric "
    "character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is "
    "'([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')"
)
LABEL_VALUE_MSG = (
    "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and "
    "must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', "
    "regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')"
)
RELAXED_ENV_MSG = "a valid environment variable name must consist only of printable ASCII characters other than '='"
CONFIG_KEY_MSG = (
    "a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or "
    "'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')"
)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("my-name", []),
        ("a", []),
        ("0", []),
        ("a" * 63, []),
        ("a" * 64, ["must be no more than 63 characters"]),
        ("My-Name", [LABEL_MSG]),
        ("-a", [LABEL_MSG]),
        ("a-", [LABEL_MSG]),
        ("", [LABEL_MSG]),
        ("a.b", ["must not contain dots"]),
        ("a_b", [LABEL_MSG]),
    ],
)
def test_dns1123_label(value: str, expected: list[str]) -> None:
    assert names.is_dns1123_label(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("example.com", []),
        ("a", []),
        ("a." * 126 + "a", []),
        ("a" * 254, ["must be no more than 253 characters"]),
        ("Example.com", [SUBDOMAIN_MSG]),
        ("a..b", [SUBDOMAIN_MSG]),
        (".a", [SUBDOMAIN_MSG]),
        ("", [SUBDOMAIN_MSG]),
    ],
)
def test_dns1123_subdomain(value: str, expected: list[str]) -> None:
    assert names.is_dns1123_subdomain(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [("my-svc", []), ("1abc", [DNS1035_MSG]), ("a" * 64, ["must be no more than 63 characters"])],
)
def test_dns1035_label(value: str, expected: list[str]) -> None:
    assert names.is_dns1035_label(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("app", []),
        ("app.kubernetes.io/name", []),
        ("Example.com/MyName", ["prefix part " + SUBDOMAIN_MSG]),
        ("/name", ["prefix part must be non-empty"]),
        ("example.com/", ["name part must be non-empty", "name part " + QUALIFIED_MSG]),
        ("-bad", ["name part " + QUALIFIED_MSG]),
        ("a" * 64, ["name part must be no more than 63 characters"]),
        (
            "a/b/c",
            [
                "a qualified name " + QUALIFIED_MSG + " with an optional DNS subdomain prefix and '/' (e.g. "
                "'example.com/MyName')"
            ],
        ),
    ],
)
def test_qualified_name(value: str, expected: list[str]) -> None:
    assert names.is_qualified_name(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("", []),
        ("v1.2_x-y", []),
        ("-x", [LABEL_VALUE_MSG]),
        ("a" * 64, ["must be no more than 63 characters"]),
        ("has space", [LABEL_VALUE_MSG]),
    ],
)
def test_label_value(value: str, expected: list[str]) -> None:
    assert names.is_valid_label_value(value) == expected


def test_c_identifier() -> None:
    assert names.is_c_identifier("MY_VAR1") == []
    assert names.is_c_identifier("1VAR") == [
        "a valid C identifier must start with alphabetic character or '_', followed by a string of "
        "alphanumeric characters or '_' (e.g. 'my_name',  or 'MY_NAME',  or 'MyName', regex used for "
        "validation is '[A-Za-z_][A-Za-z0-9_]*')"
    ]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("MY_VAR", []),
        ("1-weird.name with spaces", []),
        ("", ["environment variable name must be non-empty"]),
        (
            "A=B",
            [RELAXED_ENV_MSG],
        ),
        (
            "tab\there",
            [RELAXED_ENV_MSG],
        ),
        (
            "é",
            [RELAXED_ENV_MSG],
        ),
    ],
)
def test_relaxed_env_var_name(value: str, expected: list[str]) -> None:
    assert names.is_relaxed_env_var_name(value) == expected


def test_strict_env_var_name() -> None:
    assert names.is_env_var_name("my.env-name") == []
    assert names.is_env_var_name("..") == ["must not be '..'"]
    assert names.is_env_var_name("1A") == [
        "a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or '.', "
        "and must not start with a digit (e.g. 'my.env-name',  or 'MY_ENV.NAME',  or 'MyEnvName1', regex "
        "used for validation is '[-._a-zA-Z][-._a-zA-Z0-9]*')"
    ]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("key.name", []),
        ("a/b", [CONFIG_KEY_MSG]),
        (".", ["must not be '.'"]),
        ("..", ["must not be '..'"]),
        ("..x", ["must not start with '..'"]),
        ("a" * 254, ["must be no more than 253 characters"]),
    ],
)
def test_config_map_key(value: str, expected: list[str]) -> None:
    assert names.is_config_map_key(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("http", []),
        ("web-8080", []),
        ("a" * 16, ["must be no more than 15 characters"]),
        (
            "HTTP",
            [
                "must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)",
                "must contain at least one letter (a-z)",
            ],
        ),
        ("8080", ["must contain at least one letter (a-z)"]),
        ("a--b", ["must not contain consecutive hyphens"]),
        ("-ab", ["must not begin or end with a hyphen"]),
    ],
)
def test_port_name(value: str, expected: list[str]) -> None:
    assert names.is_valid_port_name(value) == expected


def test_port_number_and_ids() -> None:
    assert names.is_valid_port_num(1) == []
    assert names.is_valid_port_num(65536) == ["must be between 1 and 65535, inclusive"]
    assert names.is_valid_user_id(-1) == ["must be between 0 and 4294967295, inclusive"]
    assert names.is_valid_group_id(4294967295) == []


@pytest.mark.parametrize(
    ("value", "prefix", "expected"),
    [
        ("ok", False, []),
        (".", False, ["may not be '.'"]),
        ("..", False, ["may not be '..'"]),
        ("a/b%c", False, ["may not contain '/'", "may not contain '%'"]),
        ("..", True, []),
        ("a/", True, ["may not contain '/'"]),
    ],
)
def test_path_segment_names(value: str, prefix: bool, expected: list[str]) -> None:
    assert names.validate_path_segment_name(value, prefix) == expected


def test_generate_name_prefix_allows_trailing_dash() -> None:
    assert names.name_is_dns_subdomain("web-", True) == []
    assert names.name_is_dns_subdomain("web-", False) == [SUBDOMAIN_MSG]
    assert names.name_is_dns_label("Web-", True) == [LABEL_MSG]


@pytest.mark.parametrize(
    ("value", "ok"),
    [
        ("10.0.0.1", True),
        ("010.0.0.1", True),
        ("2001:db8::1", True),
        ("10.0.0", False),
        ("x", False),
        ("", False),
    ],
)
def test_ip(value: str, ok: bool) -> None:
    assert (names.is_valid_ip(value) == []) is ok


def test_cidr_and_percent_and_header() -> None:
    assert names.is_valid_cidr("10.0.0.0/8") == []
    assert names.is_valid_cidr("10.0.0.0") == ["must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)"]
    assert names.is_valid_percent("25%") == []
    assert names.is_valid_percent("25") == [
        "a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', "
        "regex used for validation is '[0-9]+%')"
    ]
    assert names.is_http_header_name("X-Foo") == []
    assert names.is_http_header_name("X Foo") != []


@given(st.from_regex(r"[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?", fullmatch=True))
def test_generated_labels_are_valid(value: str) -> None:
    assert names.is_dns1123_label(value) == []
    assert names.is_dns1123_subdomain(value) == []
    assert names.is_qualified_name(value) == []
