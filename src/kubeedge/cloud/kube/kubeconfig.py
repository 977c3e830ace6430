"""Reading a kubeconfig into what an HTTPS client needs: server URL, TLS context, auth header.

Supports what kubeadm, k3s, kind and our embedded apiserver write: the current (or a named)
context; cluster ``server`` with ``certificate-authority`` or ``-data`` or
``insecure-skip-tls-verify``; user ``client-certificate``/``client-key`` (file or ``-data``),
``token`` or ``tokenFile``, and ``username``/``password``. Exec and auth-provider plugins are not
supported and are reported as such. Relative file paths are resolved against the kubeconfig's
directory, as client-go does.
"""

from __future__ import annotations

import base64
import os
import ssl
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from kubeedge.errors import ConfigError

__all__ = ["ClusterAccess", "load_kubeconfig"]


@dataclass(frozen=True, slots=True)
class ClusterAccess:
    server: str
    ssl_context: ssl.SSLContext | bool
    headers: dict[str, str]


def _named(items: Any, name: str, what: str, path: Path) -> dict[str, Any]:
    for item in items or ():
        if isinstance(item, dict) and item.get("name") == name:
            body = item.get(what)
            return body if isinstance(body, dict) else {}
    raise ConfigError(f"{path}: no {what} named {name!r}")


def _data(section: dict[str, Any], key: str, base: Path) -> bytes | None:
    raw = section.get(f"{key}-data")
    if raw:
        try:
            return base64.b64decode(raw)
        except (ValueError, TypeError) as exc:
            raise ConfigError(f"{key}-data is not valid base64: {exc}") from exc
    file = section.get(key)
    if file:
        target = Path(file) if os.path.isabs(file) else base / file
        try:
            return target.read_bytes()
        except OSError as exc:
            raise ConfigError(f"{key}: cannot read {target}: {exc.strerror}") from exc
    return None


def load_kubeconfig(path: Path, *, context: str | None = None) -> ClusterAccess:
    """Load a kubeconfig file. Raises ConfigError naming the file and the problem."""
    try:
        doc = yaml.safe_load(path.read_text())
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read the kubeconfig: {exc.strerror}") from exc
    except yaml.YAMLError as exc:
        raise ConfigError(f"{path}: not valid YAML: {exc}") from exc
    if not isinstance(doc, dict):
        raise ConfigError(f"{path}: not a kubeconfig (expected a mapping)")
    name = context or doc.get("current-context")
    if not name:
        raise ConfigError(f"{path}: no current-context, and no context was given")
    ctx = _named(doc.get("contexts"), name, "context", path)
    cluster = _named(doc.get("clusters"), ctx.get("cluster", ""), "cluster", path)
    user = _named(doc.get("users"), ctx.get("user", ""), "user", path) if ctx.get("user") else {}
    server = str(cluster.get("server") or "").rstrip("/")
    if not server.startswith(("https://", "http://")):
        raise ConfigError(f"{path}: cluster server {server!r} is not an http(s) URL")
    base = path.parent
    if user.get("exec") or user.get("auth-provider"):
        raise ConfigError(f"{path}: exec and auth-provider credential plugins are not supported")
    headers: dict[str, str] = {}
    token = user.get("token")
    if not token and user.get("tokenFile"):
        token_path = Path(user["tokenFile"])
        token_path = token_path if token_path.is_absolute() else base / token_path
        try:
            token = token_path.read_text().strip()
        except OSError as exc:
            raise ConfigError(f"{path}: cannot read tokenFile {token_path}: {exc.strerror}") from exc
    if token:
        headers["Authorization"] = f"Bearer {token}"
    elif user.get("username"):
        basic = base64.b64encode(f"{user['username']}:{user.get('password', '')}".encode()).decode()
        headers["Authorization"] = f"Basic {basic}"
    if server.startswith("http://"):
        return ClusterAccess(server, False, headers)
    try:
        context_ssl = _ssl_context(cluster, user, base)
    except (ssl.SSLError, ValueError) as exc:
        raise ConfigError(f"{path}: the TLS material is not usable: {exc}") from exc
    return ClusterAccess(server, context_ssl, headers)


def _ssl_context(cluster: dict[str, Any], user: dict[str, Any], base: Path) -> ssl.SSLContext:
    ca = _data(cluster, "certificate-authority", base)
    if cluster.get("insecure-skip-tls-verify"):
        ctx = ssl.create_default_context()
        ctx.check_hostname = False
        ctx.verify_mode = ssl.CERT_NONE
    elif ca is not None:
        ctx = ssl.create_default_context(cadata=ca.decode())
    else:
        ctx = ssl.create_default_context()
    cert = _data(user, "client-certificate", base)
    key = _data(user, "client-key", base)
    if cert is not None and key is not None:
        # ssl wants files; write the pair to a private temp dir and load it at once.
        with tempfile.TemporaryDirectory(prefix="kubeedge-kubeconfig-") as tmp:
            cert_file = Path(tmp) / "client.crt"
            key_file = Path(tmp) / "client.key"
            cert_file.write_bytes(cert)
            key_file.touch(mode=0o600)
            key_file.write_bytes(key)
            ctx.load_cert_chain(str(cert_file), str(key_file))
    return ctx
