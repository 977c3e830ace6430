"""The join token, JWT checks, ExtKeyUsages header and node subjects: tables of cases."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kubeedge.errors import ProtocolError
from kubeedge.wire import join

CA_DER = b"0\x82\x01 not really a certificate but bytes"
CA_KEY = b"0w\x02\x01\x01\x04 the CA key DER bytes"
NOW = 1_800_000_000
EXP = NOW + 24 * 3600


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(segment: str) -> bytes:
    return base64.urlsafe_b64decode(segment + "=" * (-len(segment) % 4))


def _hand_made_jwt(
    header: dict[str, Any], claims: dict[str, Any], key: bytes, digest: Callable[..., Any] = hashlib.sha256
) -> str:
    """A JWT built here from RFC 7519, independently of join.encode_jwt."""
    signing_input = f"{_b64(json.dumps(header).encode())}.{_b64(json.dumps(claims).encode())}"
    signature = hmac.new(key, signing_input.encode(), digest).digest()
    return f"{signing_input}.{_b64(signature)}"


def test_token_round_trip() -> None:
    token = join.create_token(ca_der=CA_DER, ca_key_der=CA_KEY, expires_at=EXP)
    parts = token.split(".")
    assert len(parts) == 4
    assert parts[0] == hashlib.sha256(CA_DER).hexdigest()
    # Go's encoding: compact JSON, sorted header keys, integer exp, unpadded base64url.
    assert _unb64(parts[1]) == b'{"alg":"HS256","typ":"JWT"}'
    assert _unb64(parts[2]) == f'{{"exp":{EXP}}}'.encode()
    assert "=" not in token
    parsed = join.parse_token(token)
    assert str(parsed) == token
    parsed.check_ca(CA_DER)
    assert join.verify_jwt(parsed.jwt, CA_KEY, now=NOW) == {"exp": EXP}


def test_token_is_hs256_of_the_ca_key() -> None:
    token = join.parse_token(join.create_token(ca_der=CA_DER, ca_key_der=CA_KEY, expires_at=EXP))
    header, payload, signature = token.jwt.split(".")
    expected = hmac.new(CA_KEY, f"{header}.{payload}".encode(), hashlib.sha256).digest()
    assert _unb64(signature) == expected


@pytest.mark.parametrize("digest", [hashlib.sha256, hashlib.sha384, hashlib.sha512])
def test_any_hmac_algorithm_is_accepted(digest: Callable[[], Any]) -> None:
    alg = {"sha256": "HS256", "sha384": "HS384", "sha512": "HS512"}[digest().name]
    jwt = _hand_made_jwt({"alg": alg, "typ": "JWT"}, {"exp": EXP}, CA_KEY, digest)
    assert join.verify_jwt(jwt, CA_KEY, now=NOW) == {"exp": EXP}


def test_a_token_without_exp_is_valid_as_in_golang_jwt() -> None:
    jwt = _hand_made_jwt({"alg": "HS256"}, {}, CA_KEY)
    assert join.verify_jwt(jwt, CA_KEY, now=NOW) == {}


def test_wrong_ca_hash_is_rejected() -> None:
    token = join.parse_token(join.create_token(ca_der=CA_DER, ca_key_der=CA_KEY, expires_at=EXP))
    with pytest.raises(join.CredentialError, match="token does not match the cloud's CA"):
        token.check_ca(b"another CA")


@pytest.mark.parametrize("count", [1, 2, 3, 5, 6])
def test_token_with_wrong_part_count_is_malformed(count: int) -> None:
    with pytest.raises(join.CredentialError, match="wrong format: expected 4 dot-separated parts"):
        join.parse_token(".".join(["abc"] * count))


def test_token_whitespace_is_ignored() -> None:
    token = join.create_token(ca_der=CA_DER, ca_key_der=CA_KEY, expires_at=EXP)
    assert str(join.parse_token(f"  {token}\n")) == token


_VALID = _hand_made_jwt({"alg": "HS256", "typ": "JWT"}, {"exp": EXP}, CA_KEY)


@pytest.mark.parametrize(
    ("jwt", "now", "reason"),
    [
        (_hand_made_jwt({"alg": "HS256"}, {"exp": EXP}, b"other key"), NOW, "token signature is invalid"),
        (_VALID[:-2] + ("AA" if not _VALID.endswith("AA") else "BB"), NOW, "token signature is invalid"),
        (_VALID, EXP, "token has invalid claims: token is expired"),
        (_VALID, EXP + 1, "token has invalid claims: token is expired"),
        (_hand_made_jwt({"alg": "HS256"}, {"exp": "tomorrow"}, CA_KEY), NOW, "exp is invalid"),
        (_hand_made_jwt({"alg": "HS256"}, {"nbf": NOW + 10}, CA_KEY), NOW, "token is not valid yet"),
        (_hand_made_jwt({"alg": "none"}, {"exp": EXP}, CA_KEY), NOW, "invalid token method type"),
        (_hand_made_jwt({"alg": "ES256"}, {"exp": EXP}, CA_KEY), NOW, "invalid token method type"),
        ("a.b", NOW, "invalid number of segments"),
        ("a.b.c.d", NOW, "invalid number of segments"),
        ("!!!.e30.sig", NOW, "could not base64 decode header"),
        (f"{_b64(b'not json')}.e30.sig", NOW, "could not JSON decode header"),
        (f"{_b64(b'[1]')}.e30.sig", NOW, "could not JSON decode header"),
        (f"{_b64(b'{}')}.{_b64(b'nope')}.sig", NOW, "could not JSON decode claim"),
        (_VALID.split(".")[0] + "=." + ".".join(_VALID.split(".")[1:]), NOW, "could not base64 decode header"),
    ],
)
def test_jwt_rejections(jwt: str, now: float, reason: str) -> None:
    with pytest.raises(join.CredentialError, match=reason):
        join.verify_jwt(jwt, CA_KEY, now=now)


def test_jwt_valid_just_before_expiry() -> None:
    assert join.verify_jwt(_VALID, CA_KEY, now=EXP - 0.001) == {"exp": EXP}


def test_credential_errors_are_protocol_errors() -> None:
    assert issubclass(join.CredentialError, ProtocolError)


@given(key=st.binary(min_size=1, max_size=200), ca=st.binary(max_size=200), exp=st.integers(1, 2**40))
def test_round_trip_property(key: bytes, ca: bytes, exp: int) -> None:
    token = join.parse_token(join.create_token(ca_der=ca, ca_key_der=key, expires_at=exp))
    token.check_ca(ca)
    assert join.verify_jwt(token.jwt, key, now=exp - 1) == {"exp": exp}
    with pytest.raises(join.CredentialError, match="expired"):
        join.verify_jwt(token.jwt, key, now=exp)


# --- certificate request facts -------------------------------------------------------------------


def test_edge_csr_subject() -> None:
    subject = join.edge_csr_subject("edge-1")
    assert subject.rfc4514_string() == "CN=system:node:edge-1,O=system:nodes,L=Hangzhou,ST=Zhejiang,C=CN"


@pytest.mark.parametrize(
    ("cn", "orgs", "node", "ok"),
    [
        ("system:node:a", ["system:nodes"], "a", True),
        ("system:node:a", ["system:nodes", "x"], "a", True),
        ("system:node:a", ["system:nodes"], "b", False),
        ("system:node:a", ["x", "system:nodes"], "a", False),
        ("system:node:a", [], "a", False),
        ("kubeedge.io", ["KubeEdge"], "anything", True),
        ("kubeedge.io", ["system:nodes"], "anything", False),
        ("system:node:", ["system:nodes"], "", True),
    ],
)
def test_check_node_subject(cn: str, orgs: list[str], node: str, ok: bool) -> None:
    if ok:
        join.check_node_subject(cn, orgs, node)
    else:
        with pytest.raises(join.CredentialError, match="request node name is not match with the certificate"):
            join.check_node_subject(cn, orgs, node)


@pytest.mark.parametrize(
    ("header", "usages"),
    [
        ("", (join.ExtKeyUsage.CLIENT_AUTH,)),
        ("[2]", (join.ExtKeyUsage.CLIENT_AUTH,)),
        ("[1,2]", (join.ExtKeyUsage.SERVER_AUTH, join.ExtKeyUsage.CLIENT_AUTH)),
        (" [ 1 ] ", (join.ExtKeyUsage.SERVER_AUTH,)),
        ("[13]", (join.ExtKeyUsage.MICROSOFT_KERNEL_CODE_SIGNING,)),
    ],
)
def test_decode_ext_key_usages(header: str, usages: tuple[join.ExtKeyUsage, ...]) -> None:
    assert join.decode_ext_key_usages(header) == usages


@pytest.mark.parametrize(
    ("header", "reason"),
    [
        ("nope", "unmarshal http header ExtKeyUsages fail"),
        ('["1"]', "unmarshal http header ExtKeyUsages fail"),
        ("[1.0]", "unmarshal http header ExtKeyUsages fail"),
        ("[true]", "unmarshal http header ExtKeyUsages fail"),
        ("{}", "unmarshal http header ExtKeyUsages fail"),
        ("[]", "must specify at least one ExtKeyUsage"),
        ("null", "must specify at least one ExtKeyUsage"),
        ("[14]", "unknown extended key usage"),
        ("[-1]", "unknown extended key usage"),
    ],
)
def test_decode_ext_key_usages_rejections(header: str, reason: str) -> None:
    with pytest.raises(ProtocolError, match=reason):
        join.decode_ext_key_usages(header)


def test_encode_ext_key_usages_is_go_json() -> None:
    usages = [join.ExtKeyUsage.SERVER_AUTH, join.ExtKeyUsage.CLIENT_AUTH]
    assert join.encode_ext_key_usages(usages) == "[1,2]"
    assert join.decode_ext_key_usages(join.encode_ext_key_usages(usages)) == tuple(usages)


def test_every_usage_has_an_oid() -> None:
    oids = {usage.oid for usage in join.ExtKeyUsage}
    assert len(oids) == len(join.ExtKeyUsage)
    assert join.ExtKeyUsage.CLIENT_AUTH.oid.dotted_string == "1.3.6.1.5.5.7.3.2"
