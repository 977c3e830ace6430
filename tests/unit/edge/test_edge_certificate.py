"""Edge certificate policy: loading, atomic persistence, rotation deadlines and retry, on a manual clock.

The bootstrap and renewal against a real cert server are in
tests/integration/cloud/test_certserver.py.
"""

from __future__ import annotations

import asyncio
import random
import socket
import stat
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from kubeedge._aio.clock import ManualClock
from kubeedge.edge.edgehub import certificate
from kubeedge.errors import InvalidState
from kubeedge.wire import join

T0 = datetime(2026, 3, 1, tzinfo=UTC)


def _cert(cn: str, key: ec.EllipticCurvePrivateKey, *, days: int = 100, start: datetime = T0) -> x509.Certificate:
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, cn)])
    return (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(7)
        .not_valid_before(start)
        .not_valid_after(start + timedelta(days=days))
        .sign(key, hashes.SHA256())
    )


def _pem(cert: x509.Certificate) -> bytes:
    return cert.public_bytes(serialization.Encoding.PEM)


def _key_pem(key: ec.EllipticCurvePrivateKey) -> bytes:
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.TraditionalOpenSSL, serialization.NoEncryption()
    )


def _config(tmp_path: Path, **overrides: Any) -> certificate.CertificateConfig:
    values = {
        "node_name": "edge-1",
        "http_server": "https://127.0.0.1:1",
        "tls_ca_file": tmp_path / "ca" / "rootCA.crt",
        "tls_cert_file": tmp_path / "certs" / "server.crt",
        "tls_private_key_file": tmp_path / "certs" / "server.key",
        **overrides,
    }
    return certificate.CertificateConfig(**values)


def _install(
    config: certificate.CertificateConfig, *, cn: str = "system:node:edge-1", days: int = 100
) -> x509.Certificate:
    key = ec.generate_private_key(ec.SECP256R1())
    cert = _cert(cn, key, days=days)
    certificate._atomic_write(config.tls_ca_file, _pem(cert), mode=0o644)
    certificate._write_pair(config, _pem(cert), _key_pem(key))
    return cert


# --- pure policy ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("jitter", "days"), [(0.0, 70), (0.5, 80), (0.999999, 90)])
def test_rotation_deadline_is_70_to_90_percent_of_lifetime(jitter: float, days: int) -> None:
    cert = _cert("x", ec.generate_private_key(ec.SECP256R1()), days=100)
    deadline = certificate.rotation_deadline(cert, jitter=jitter)
    assert abs(deadline - (T0 + timedelta(days=days))) < timedelta(seconds=10)


def test_renewal_delays() -> None:
    delays = certificate.renewal_delays(random.Random(4))
    first = [next(delays) for _ in range(4)]
    for value, base in zip(first, (2, 4, 8, 16), strict=True):
        assert base <= value <= base * 1.1
    assert [next(delays) for _ in range(3)] == [32.0, 32.0, 32.0]


# --- files ---------------------------------------------------------------------------------------


def test_load_identity(tmp_path: Path) -> None:
    config = _config(tmp_path)
    identity, reason = certificate.load_identity(config, now=T0)
    assert identity is None
    assert "does not exist" in reason
    cert = _install(config)
    identity, reason = certificate.load_identity(config, now=T0 + timedelta(days=1))
    assert identity is not None
    assert reason == ""
    assert identity.certificate == cert
    assert identity.ca_pem == config.tls_ca_file.read_bytes()
    identity, reason = certificate.load_identity(config, now=T0 + timedelta(days=100))
    assert identity is None
    assert "expired" in reason


def test_load_identity_rejects_another_node(tmp_path: Path) -> None:
    config = _config(tmp_path)
    _install(config, cn="system:node:edge-2")
    identity, reason = certificate.load_identity(config, now=T0)
    assert identity is None
    assert reason == "the certificate is for 'system:node:edge-2', not 'system:node:edge-1'"


def test_load_identity_rejects_a_mismatched_key(tmp_path: Path) -> None:
    config = _config(tmp_path)
    _install(config)
    config.tls_private_key_file.write_bytes(_key_pem(ec.generate_private_key(ec.SECP256R1())))
    identity, reason = certificate.load_identity(config, now=T0)
    assert identity is None
    assert "does not belong" in reason
    config.tls_private_key_file.write_bytes(b"garbage")
    identity, reason = certificate.load_identity(config, now=T0)
    assert identity is None
    assert "not a PEM pair" in reason


def test_files_are_written_atomically_with_private_keys(tmp_path: Path) -> None:
    config = _config(tmp_path)
    _install(config)
    assert stat.S_IMODE(config.tls_private_key_file.stat().st_mode) == 0o600
    assert stat.S_IMODE(config.tls_cert_file.stat().st_mode) == 0o644
    assert sorted(p.name for p in config.tls_cert_file.parent.iterdir()) == ["server.crt", "server.key"]
    assert config.tls_private_key_file.read_bytes().startswith(b"-----BEGIN EC PRIVATE KEY-----")
    assert config.tls_cert_file.read_bytes().startswith(b"-----BEGIN CERTIFICATE-----")


def test_atomic_write_failure_names_the_file(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    from kubeedge.errors import StorageError

    with pytest.raises(StorageError, match=str(blocker / "child")):
        certificate._atomic_write(blocker / "child", b"data", mode=0o600)


def test_csr_has_the_spec_subject() -> None:
    key, der = certificate._new_csr("edge-9")
    csr = x509.load_der_x509_csr(der)
    assert csr.is_signature_valid
    assert csr.subject == join.edge_csr_subject("edge-9")
    assert csr.public_key() == key.public_key()


# --- bootstrap preconditions ---------------------------------------------------------------------------


async def test_bootstrap_needs_a_well_formed_token(tmp_path: Path) -> None:
    with pytest.raises(certificate.JoinError, match="no join token"):
        await certificate.bootstrap(_config(tmp_path))
    with pytest.raises(certificate.JoinError, match="token credentials are in the wrong format"):
        await certificate.bootstrap(_config(tmp_path, token="a.b.c"))


async def test_bootstrap_unreachable_server_is_transient(tmp_path: Path) -> None:
    from kubeedge.errors import TransientError

    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))  # bound, never listening: connections are refused
        port = closed.getsockname()[1]
        config = _config(tmp_path, token="h.a.b.c", http_server=f"https://127.0.0.1:{port}", request_timeout=5)
        with pytest.raises(TransientError, match="cannot reach the cert server"):
            await certificate.bootstrap(config)


# --- the manager ----------------------------------------------------------------------------------------


async def test_rotation_is_scheduled_at_the_jittered_deadline_then_retried(tmp_path: Path) -> None:
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        config = _config(tmp_path, http_server=f"https://127.0.0.1:{closed.getsockname()[1]}", request_timeout=5)
        cert = _install(config)
        clock = ManualClock()
        start = (T0 + timedelta(days=10)).timestamp()
        manager = certificate.CertManager(
            config, clock=clock, wall_time=lambda: start + clock.time(), rng=random.Random(1)
        )
        with pytest.raises(InvalidState):
            _ = manager.identity
        jitter = random.Random(1).random()
        expected = certificate.rotation_deadline(cert, jitter=jitter).timestamp() - start
        async with asyncio.TaskGroup() as tasks:
            task = tasks.create_task(manager.run())
            await clock.wait_sleepers()
            assert manager.identity.certificate == cert
            assert clock.next_deadline() == pytest.approx(expected)
            assert 60 * 86400 - 1 <= expected <= 80 * 86400 + 1  # 70-90 % of 100 days, minus the 10 elapsed
            clock.advance(expected)
            # The cert server is unreachable: the manager retries after 2 s (+ up to 10 %), then 4 s.
            await clock.wait_sleepers()
            first = clock.next_deadline() - clock.time()  # type: ignore[operator]
            assert 2.0 <= first <= 2.2
            clock.advance(first)
            await asyncio.sleep(0)
            await clock.wait_sleepers()
            assert 4.0 <= clock.next_deadline() - clock.time() <= 4.4  # type: ignore[operator]
            assert manager.rotations == 0
            task.cancel()


async def test_without_rotation_the_manager_only_waits(tmp_path: Path) -> None:
    config = _config(tmp_path, rotate_certificates=False)
    _install(config)
    clock = ManualClock()
    manager = certificate.CertManager(config, clock=clock, wall_time=lambda: (T0 + timedelta(days=1)).timestamp())
    await manager.ensure()
    async with asyncio.TaskGroup() as tasks:
        task = tasks.create_task(manager.run())
        for _ in range(5):
            await asyncio.sleep(0)
        assert clock.sleepers == 0
        assert not task.done()
        task.cancel()
