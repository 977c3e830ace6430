"""Host-derived defaults: node-name rules, host:port joining, and detection on this machine."""

from __future__ import annotations

import ipaddress

import pytest

from kubeedge.api.config import host


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("edge-1", "edge-1"),
        ("  Edge-1.Example.COM \n", "edge-1.example.com"),
        ("under_score", host.DEFAULT_HOSTNAME),
        ("-leading", host.DEFAULT_HOSTNAME),
        ("", host.DEFAULT_HOSTNAME),
        ("a" * 254, host.DEFAULT_HOSTNAME),
    ],
)
def test_normalize_hostname_is_kubeedges_get_hostname(raw: str, expected: str) -> None:
    assert host.normalize_hostname(raw) == expected


@pytest.mark.parametrize(
    ("name", "is_valid"),
    [("node", True), ("a.b-c.d", True), ("1node", True), ("Node", False), ("a..b", False), ("a-", False)],
)
def test_is_node_name(name: str, is_valid: bool) -> None:
    assert host.is_node_name(name) is is_valid


def test_join_host_port_brackets_ipv6() -> None:
    assert host.join_host_port("10.0.0.1", 10000) == "10.0.0.1:10000"
    assert host.join_host_port("fd00::1", 10002) == "[fd00::1]:10002"


def test_detect_host_facts_on_this_machine() -> None:
    facts = host.detect_host_facts()
    assert host.is_node_name(facts.hostname)
    node_ip = ipaddress.ip_address(facts.node_ip)
    advertise_ip = ipaddress.ip_address(facts.advertise_ip)
    assert not node_ip.is_multicast
    assert not advertise_ip.is_unspecified


def test_loopback_and_foreign_addresses_are_not_node_ips() -> None:
    assert not host._is_usable_node_ip("127.0.0.1")
    assert not host._is_usable_node_ip("169.254.1.1")
    assert not host._is_usable_node_ip("0.0.0.0")
    assert not host._is_usable_node_ip("203.0.113.77")  # TEST-NET-3: never on a local interface here
    assert host._local_ip("name.invalid", "198.51.100.1") == "198.51.100.1"
