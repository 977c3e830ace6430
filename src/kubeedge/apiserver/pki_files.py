"""The file side of the apiserver PKI: private directories, atomic writes, PEM reads, kubeconfig.

Everything that touches the disk for :mod:`kubeedge.apiserver.pki` lives here, so that module can
read as certificate policy. Two rules hold for every file:

- a write is atomic: a temporary file in the same directory is written, fsynced, given its final
  mode, then renamed over the target (and the directory fsynced), so a crash leaves either the old
  file or the new one, never a torn key;
- a failure names the file: an unreadable, corrupt or unsupported file raises
  :class:`~kubeedge.errors.StorageError` with the path and the problem. Secret content is never
  part of a message.
"""

from __future__ import annotations

import base64
import contextlib
import logging
import os
import stat
import tempfile
from typing import TYPE_CHECKING

import yaml
from cryptography import x509
from cryptography.exceptions import UnsupportedAlgorithm
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa

from kubeedge.errors import StorageError

if TYPE_CHECKING:
    from pathlib import Path

__all__ = [
    "atomic_write",
    "ensure_private_dir",
    "ensure_private_mode",
    "load_certificate",
    "load_private_key",
    "read_optional",
    "write_kubeconfig",
]

logger = logging.getLogger(__name__)

PRIVATE_MODE = 0o600
DIR_MODE = 0o700


def _reason(exc: OSError) -> str:
    return exc.strerror or str(exc)


def ensure_private_dir(path: Path) -> None:
    """Create ``path`` (and parents) if needed and make it ``0700``.

    Raises:
        StorageError: the directory cannot be created or its mode set.
    """
    try:
        path.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
        if stat.S_IMODE(path.stat().st_mode) != DIR_MODE:
            path.chmod(DIR_MODE)
    except OSError as exc:
        raise StorageError(f"{path}: cannot create a private directory: {_reason(exc)}") from exc


def ensure_private_mode(path: Path) -> None:
    """Tighten an existing secret file to ``0600`` if group or others can read it."""
    try:
        mode = stat.S_IMODE(path.stat().st_mode)
        if mode & 0o077:
            logger.warning("Tightening mode of %s from %o to %o", path, mode, PRIVATE_MODE)
            path.chmod(PRIVATE_MODE)
    except OSError as exc:
        raise StorageError(f"{path}: cannot set mode {PRIVATE_MODE:o}: {_reason(exc)}") from exc


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def atomic_write(path: Path, data: bytes, *, mode: int) -> None:
    """Replace ``path`` with ``data`` atomically (temp + fsync + chmod + rename + dir fsync).

    Raises:
        StorageError: any step failed; the target is then left as it was.
    """
    try:
        fd, tmp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:
        raise StorageError(f"{path}: cannot create a temporary file: {_reason(exc)}") from exc
    try:
        with os.fdopen(fd, "wb") as handle:
            # mkstemp creates the file 0600, so secrets are never readable by others, even briefly.
            os.fchmod(handle.fileno(), mode)
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp_name, path)
        _fsync_dir(path.parent)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp_name)
        raise StorageError(f"{path}: cannot write: {_reason(exc)}") from exc


def read_optional(path: Path) -> bytes | None:
    """The content of ``path``, or ``None`` if it does not exist.

    Raises:
        StorageError: the path exists but cannot be read (permissions, a directory...).
    """
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise StorageError(f"{path}: cannot read: {_reason(exc)}") from exc


def load_certificate(path: Path, data: bytes) -> x509.Certificate:
    """Parse the PEM certificate read from ``path``.

    Raises:
        StorageError: the content is not a PEM certificate.
    """
    try:
        return x509.load_pem_x509_certificate(data)
    except ValueError as exc:
        raise StorageError(f"{path}: not a valid PEM certificate: {exc}") from exc


def load_private_key(path: Path, data: bytes) -> ec.EllipticCurvePrivateKey | rsa.RSAPrivateKey:
    """Parse the unencrypted PEM private key read from ``path`` (ECDSA or RSA).

    Raises:
        StorageError: the content is not a PEM private key, is encrypted, or is of another type.
    """
    try:
        key = serialization.load_pem_private_key(data, password=None)
    except TypeError as exc:
        raise StorageError(f"{path}: the private key is encrypted; only unencrypted keys are supported") from exc
    except (ValueError, UnsupportedAlgorithm) as exc:
        raise StorageError(f"{path}: not a valid PEM private key") from exc
    if not isinstance(key, ec.EllipticCurvePrivateKey | rsa.RSAPrivateKey):
        raise StorageError(f"{path}: unsupported private key type {type(key).__name__}; use ECDSA or RSA")
    return key


def write_kubeconfig(
    path: Path,
    *,
    server_url: str,
    ca_pem: bytes,
    client_cert_pem: bytes | None,
    client_key_pem: bytes | None,
    token: str | None,
    cluster_name: str = "kubeedge",
    user: str = "kubernetes-admin",
) -> None:
    """Write a kubeconfig with embedded credentials, atomically and with mode ``0600``.

    The cluster, user and context ``<user>@<cluster_name>`` are set, and that context is current.
    Certificate data is embedded base64 (``*-data`` keys), so the file stands alone.

    Raises:
        StorageError: the file cannot be written.
    """
    credentials: dict[str, str] = {}
    if client_cert_pem is not None:
        credentials["client-certificate-data"] = base64.b64encode(client_cert_pem).decode("ascii")
    if client_key_pem is not None:
        credentials["client-key-data"] = base64.b64encode(client_key_pem).decode("ascii")
    if token is not None:
        credentials["token"] = token
    context = f"{user}@{cluster_name}"
    config = {
        "apiVersion": "v1",
        "kind": "Config",
        "clusters": [
            {
                "name": cluster_name,
                "cluster": {
                    "server": server_url,
                    "certificate-authority-data": base64.b64encode(ca_pem).decode("ascii"),
                },
            }
        ],
        "users": [{"name": user, "user": credentials}],
        "contexts": [{"name": context, "context": {"cluster": cluster_name, "user": user}}],
        "current-context": context,
        "preferences": {},
    }
    try:
        path.parent.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
    except OSError as exc:
        raise StorageError(f"{path.parent}: cannot create directory: {_reason(exc)}") from exc
    text = yaml.safe_dump(config, sort_keys=False, default_flow_style=False)
    atomic_write(path, text.encode("utf-8"), mode=PRIVATE_MODE)
