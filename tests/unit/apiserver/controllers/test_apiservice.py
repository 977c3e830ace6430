"""The address the `kubernetes` Endpoints advertise: kube's default advertise address rule."""

from __future__ import annotations

import pytest

from kubeedge.apiserver.controllers.apiservice import advertised_address


@pytest.mark.parametrize(
    ("bind", "expected"),
    [
        ("192.0.2.7", "192.0.2.7"),
        ("2001:db8::7", "2001:db8::7"),
        ("[2001:db8::7]", "2001:db8::7"),
        ("0.0.0.0", "198.51.100.1"),
        ("::", "198.51.100.1"),
        ("", "198.51.100.1"),
        ("127.0.0.1", "198.51.100.1"),
        ("::1", "198.51.100.1"),
        ("localhost", "198.51.100.1"),
    ],
)
def test_wildcard_and_loopback_binds_advertise_the_host_address(bind: str, expected: str) -> None:
    assert advertised_address(bind, fallback=lambda: "198.51.100.1") == expected


def test_no_host_address_means_no_endpoints() -> None:
    assert advertised_address("127.0.0.1", fallback=lambda: None) is None
