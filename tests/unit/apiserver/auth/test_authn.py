"""Authentication tables: client certificates, bearer tokens, anonymous, and 401 cases."""

from __future__ import annotations

import hashlib
import logging
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from kubeedge.apiserver import pki_certs
from kubeedge.apiserver.auth import authn
from kubeedge.apiserver.auth.tokenfile import StaticToken

if TYPE_CHECKING:
    from pathlib import Path

NOW = datetime(2026, 3, 1, tzinfo=UTC)
CA_KEY = pki_certs.new_key()
CA = pki_certs.build_ca(CA_KEY, now=NOW)
ADMIN_TOKEN = "admin-token-0123456789abcdef0123456789abcdef"
ALICE_TOKEN = "alice-token-0123456789abcdef0123456789abcdef"


def _client(common_name: str, organizations: list[str], usage: x509.ObjectIdentifier) -> x509.Certificate:
    if common_name:
        subject = pki_certs.client_subject(common_name, organizations)
    else:
        subject = x509.Name([x509.NameAttribute(NameOID.ORGANIZATION_NAME, o) for o in organizations])
    profile = pki_certs.LeafProfile(label="t", subject=subject, usage=usage)
    return pki_certs.issue(CA, CA_KEY, profile=profile, key=pki_certs.new_key(), now=NOW, validity=timedelta(1))


def _without_eku(common_name: str) -> x509.Certificate:
    key = pki_certs.new_key()
    return (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)]))
        .issuer_name(CA.subject)
        .public_key(key.public_key())
        .serial_number(1)
        .not_valid_before(NOW)
        .not_valid_after(NOW + timedelta(days=1))
        .sign(CA_KEY, hashes.SHA256())
    )


ADMIN = _client("kubernetes-admin", ["system:masters"], ExtendedKeyUsageOID.CLIENT_AUTH)
NODE = _client("system:node:edge-1", ["system:nodes"], ExtendedKeyUsageOID.CLIENT_AUTH)
ALREADY = _client("bob", ["system:authenticated", "dev"], ExtendedKeyUsageOID.CLIENT_AUTH)
NO_CN = _client("", ["x"], ExtendedKeyUsageOID.CLIENT_AUTH)
SERVER_ONLY = _client("mallory", [], ExtendedKeyUsageOID.SERVER_AUTH)
NO_EKU = _without_eku("legacy")

AUTHENTICATOR = authn.Authenticator(
    tokens=[
        StaticToken(token=ADMIN_TOKEN, user="kubernetes-admin", uid="kubernetes-admin", groups=("system:masters",)),
        StaticToken(token=ALICE_TOKEN, user="alice", uid="1001"),
    ]
)
TOKEN_ADMIN = authn.UserInfo(
    name="kubernetes-admin", uid="kubernetes-admin", groups=("system:masters", "system:authenticated")
)
TOKEN_ALICE = authn.UserInfo(name="alice", uid="1001", groups=("system:authenticated",))


def _cert_user(cert: x509.Certificate, name: str, groups: tuple[str, ...]) -> authn.UserInfo:
    fingerprint = hashlib.sha256(cert.public_bytes(serialization.Encoding.DER)).hexdigest()
    return authn.UserInfo(name=name, groups=groups, extra={authn.CREDENTIAL_ID_KEY: (f"X509SHA256={fingerprint}",)})


ADMIN_USER = _cert_user(ADMIN, "kubernetes-admin", ("system:masters", "system:authenticated"))


@pytest.mark.parametrize(
    ("cert", "header", "expected"),
    [
        (None, None, authn.ANONYMOUS),
        (None, "", authn.ANONYMOUS),
        (None, "Basic YWxpY2U6cGFzcw==", authn.ANONYMOUS),
        (None, "Bearer", authn.ANONYMOUS),
        (None, "Bearer  " + ALICE_TOKEN, authn.ANONYMOUS),  # kube splits on single spaces: empty token
        (None, f"Bearer {ADMIN_TOKEN}", TOKEN_ADMIN),
        (None, f"bearer {ALICE_TOKEN}", TOKEN_ALICE),
        (None, f"  Bearer {ALICE_TOKEN}  ", TOKEN_ALICE),
        (None, f"Bearer {ALICE_TOKEN} trailing", TOKEN_ALICE),
        (None, "Bearer unknown-token", None),
        (None, f"Bearer {ALICE_TOKEN[:-1]}", None),
        (None, f"Bearer {ALICE_TOKEN}x", None),
        (ADMIN, None, ADMIN_USER),
        (NODE, None, _cert_user(NODE, "system:node:edge-1", ("system:nodes", "system:authenticated"))),
        (ALREADY, None, _cert_user(ALREADY, "bob", ("system:authenticated", "dev"))),
        (NO_EKU, None, _cert_user(NO_EKU, "legacy", ("system:authenticated",))),
        # A good certificate wins over a bad token: the certificate is tried first.
        (ADMIN, "Bearer unknown-token", ADMIN_USER),
        # No CN: the certificate has no opinion and the request falls through.
        (NO_CN, None, authn.ANONYMOUS),
        (NO_CN, f"Bearer {ALICE_TOKEN}", TOKEN_ALICE),
        # Not valid for client auth: a failure, never anonymous, but a good token still works.
        (SERVER_ONLY, None, None),
        (SERVER_ONLY, "Basic x", None),
        (SERVER_ONLY, f"Bearer {ALICE_TOKEN}", TOKEN_ALICE),
    ],
)  # fmt: skip
def test_authenticate(cert: x509.Certificate | None, header: str | None, expected: authn.UserInfo | None) -> None:
    assert AUTHENTICATOR.authenticate(peer_cert=cert, authorization_header=header) == expected


def test_anonymous_can_be_disabled() -> None:
    strict = authn.Authenticator(anonymous=False)
    assert strict.authenticate(peer_cert=None, authorization_header=None) is None
    assert strict.authenticate(peer_cert=NODE, authorization_header=None) is not None


def test_anonymous_user() -> None:
    assert authn.ANONYMOUS.name == "system:anonymous"
    assert authn.ANONYMOUS.groups == ("system:unauthenticated",)


def test_user_info_is_hashable_and_compares_extra() -> None:
    one = authn.UserInfo(name="u", extra={"k": ("v",)})
    assert hash(one) == hash(authn.UserInfo(name="u", extra={"k": ("w",)}))
    assert one != authn.UserInfo(name="u", extra={"k": ("w",)})
    assert one.in_group("x") is False


def test_tokens_are_never_logged(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    AUTHENTICATOR.authenticate(peer_cert=None, authorization_header="Bearer wrong-secret-token")
    AUTHENTICATOR.authenticate(peer_cert=None, authorization_header=f"Bearer {ALICE_TOKEN}")
    assert "wrong-secret-token" not in caplog.text
    assert ALICE_TOKEN not in caplog.text


@pytest.mark.parametrize(
    ("header", "token"),
    [
        (None, None),
        ("", None),
        ("Bearer abc", "abc"),
        ("BEARER abc", "abc"),
        ("Bearer abc def", "abc"),
        ("Token abc", None),
        ("Bearerabc", None),
    ],
)
def test_bearer_token(header: str | None, token: str | None) -> None:
    assert authn.bearer_token(header) == token


class _FakeSSLObject:
    def __init__(self, der: bytes | None) -> None:
        self._der = der

    def getpeercert(self, binary_form: bool = False) -> object:
        assert binary_form
        return self._der


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        (None, None),
        (_FakeSSLObject(None), None),
        (_FakeSSLObject(b""), None),
        (_FakeSSLObject(b"not a certificate"), None),
        (_FakeSSLObject(NODE.public_bytes(serialization.Encoding.DER)), NODE),
    ],
)
def test_peer_certificate(source: _FakeSSLObject | None, expected: x509.Certificate | None) -> None:
    assert authn.peer_certificate(source) == expected


def test_from_token_file(tmp_path: Path) -> None:
    path = tmp_path / "tokens.csv"
    path.write_text(f'{ALICE_TOKEN},alice,1001,"dev"\n')
    user = authn.Authenticator.from_token_file(path).authenticate(
        peer_cert=None, authorization_header=f"Bearer {ALICE_TOKEN}"
    )
    assert user == authn.UserInfo(name="alice", uid="1001", groups=("dev", "system:authenticated"))
