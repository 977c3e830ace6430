"""Security contexts of pods and containers (core validation).

User and group IDs must fit a uint32, seccomp and AppArmor profiles need a known ``type`` (and a
``localhostProfile`` exactly when the type is ``Localhost``), sysctl names must look like sysctls
and may not touch a namespace the pod shares with the host. Privileged containers are accepted:
like kubeadm and kind clusters we run with ``--allow-privileged``, which edge device plugins need.
"""

from __future__ import annotations

import re
from typing import Any

from kubeedge.apiserver.errors import FieldError
from kubeedge.apiserver.validation import access, gotext, names, rules
from kubeedge.apiserver.validation.paths import child, index
from kubeedge.apiserver.validation.volume_files import validate_local_descending_path

__all__ = ["validate_container_security_context", "validate_pod_security_context"]

_SECCOMP_TYPES = ("Localhost", "RuntimeDefault", "Unconfined")
_APPARMOR_TYPES = ("Localhost", "RuntimeDefault", "Unconfined")
_PROC_MOUNT_TYPES = ("Default", "Unmasked")
_FS_GROUP_CHANGE_POLICIES = ("Always", "OnRootMismatch")
_SYSCTL_SEGMENT = "[a-z0-9]([-_a-z0-9]*[a-z0-9])?"
_SYSCTL_PATTERN = "^(" + _SYSCTL_SEGMENT + "[\\./])*" + _SYSCTL_SEGMENT + "$"
_SYSCTL_MAX = 253
_IPC_SYSCTL_PREFIXES = ("kernel.shm", "kernel.msg", "fs.mqueue.")


def _ids(context: dict[str, Any], path: str, fields: tuple[str, ...]) -> list[FieldError]:
    errs: list[FieldError] = []
    for name in fields:
        value = access.integer(context.get(name))
        if value is None:
            continue
        check = names.is_valid_user_id if name == "runAsUser" else names.is_valid_group_id
        errs += rules.invalid_each(child(path, name), value, check(value))
    return errs


def _seccomp(profile: Any, path: str) -> list[FieldError]:
    if profile is None:
        return []
    p = access.mapping(profile)
    kind = access.text(p.get("type"))
    errs: list[FieldError] = []
    if not kind:
        errs.append(FieldError.required(child(path, "type"), "type is required when seccompProfile is set"))
    elif kind not in _SECCOMP_TYPES:
        errs.append(FieldError.not_supported(child(path, "type"), kind, list(_SECCOMP_TYPES)))
    local = p.get("localhostProfile")
    if kind == "Localhost":
        if local is None:
            errs.append(
                FieldError.required(child(path, "localhostProfile"), "must be set when seccomp type is Localhost")
            )
        else:
            errs += validate_local_descending_path(access.text(local), child(path, "localhostProfile"))
    elif local is not None:
        shown = gotext.GoValue(f"&core.SeccompProfile{{Type:{gotext.go_quote(kind)}, LocalhostProfile:(*string)}}")
        errs.append(
            FieldError.invalid(child(path, "localhostProfile"), shown, "can only be set when seccomp type is Localhost")
        )
    return errs


def _apparmor(profile: Any, path: str) -> list[FieldError]:
    if profile is None:
        return []
    p = access.mapping(profile)
    kind = access.text(p.get("type"))
    local = p.get("localhostProfile")
    local_path = child(path, "localhostProfile")
    if kind == "Localhost":
        if local is None:
            return [FieldError.required(local_path, "must be set when AppArmor type is Localhost")]
        text = access.text(local)
        errs: list[FieldError] = []
        if text.strip() != text:
            errs.append(FieldError.invalid(local_path, text, "must not be padded with whitespace"))
        elif not text:
            errs.append(FieldError.required(local_path, "must be set when AppArmor type is Localhost"))
        if len(text.encode()) > 4095:
            errs.append(FieldError.too_long(local_path, "", 4095))
        return errs
    if kind in ("RuntimeDefault", "Unconfined"):
        if local is not None:
            return [
                FieldError.invalid(local_path, access.text(local), "can only be set when AppArmor type is Localhost")
            ]
        return []
    if not kind:
        return [FieldError.required(child(path, "type"), "type is required when appArmorProfile is set")]
    return [FieldError.not_supported(child(path, "type"), kind, list(_APPARMOR_TYPES))]


def validate_container_security_context(context: Any, path: str, *, host_users: bool = True) -> list[FieldError]:
    if context is None:
        return []
    sc = access.mapping(context)
    errs = _ids(sc, path, ("runAsUser", "runAsGroup"))
    if access.present(sc, "procMount"):
        proc_mount = access.text(sc.get("procMount"))
        if proc_mount not in _PROC_MOUNT_TYPES:
            errs.append(FieldError.not_supported(child(path, "procMount"), proc_mount, list(_PROC_MOUNT_TYPES)))
        if host_users and proc_mount == "Unmasked":
            errs.append(
                FieldError.invalid(child(path, "procMount"), proc_mount, "`hostUsers` must be false to use `Unmasked`")
            )
    errs += _seccomp(sc.get("seccompProfile"), child(path, "seccompProfile"))
    if sc.get("allowPrivilegeEscalation") is False:
        shown = gotext.GoValue("&core.SecurityContext{...}")
        if sc.get("privileged") is True:
            errs.append(
                FieldError.invalid(
                    path, shown, "cannot set `allowPrivilegeEscalation` to false and `privileged` to true"
                )
            )
        added = access.items(access.mapping(sc.get("capabilities")).get("add"))
        errs += [
            FieldError.invalid(
                path,
                shown,
                "cannot set `allowPrivilegeEscalation` to false and `capabilities.Add` CAP_SYS_ADMIN",
            )
            for cap in added
            if cap == "CAP_SYS_ADMIN"
        ]
    errs += _apparmor(sc.get("appArmorProfile"), child(path, "appArmorProfile"))
    return errs


def _sysctl_namespace(name: str) -> str:
    if name.startswith("net."):
        return "net"
    if name == "kernel.sem" or name.startswith(_IPC_SYSCTL_PREFIXES):
        return "ipc"
    return ""


def _sysctls(sysctls: Any, path: str, spec: dict[str, Any]) -> list[FieldError]:
    errs: list[FieldError] = []
    seen: set[str] = set()
    for i, raw in enumerate(access.items(sysctls)):
        name_path = child(index(path, i), "name")
        name = access.text(access.mapping(raw).get("name"))
        if not name:
            errs.append(FieldError.required(name_path))
        elif len(name.encode()) > _SYSCTL_MAX or re.fullmatch(_SYSCTL_PATTERN[1:-1], name) is None:
            errs.append(
                FieldError.invalid(
                    name_path,
                    name,
                    f"must have at most {_SYSCTL_MAX} characters and match regex {_SYSCTL_PATTERN}",
                )
            )
        elif name in seen:
            errs.append(FieldError.duplicate(name_path, name))
        namespace = _sysctl_namespace(name)
        if spec.get("hostNetwork") is True and namespace == "net":
            errs.append(FieldError.invalid(name_path, name, "may not be specified when 'hostNetwork' is true"))
        elif spec.get("hostIPC") is True and namespace == "ipc":
            errs.append(FieldError.invalid(name_path, name, "may not be specified when 'hostIPC' is true"))
        seen.add(name)
    return errs


def validate_pod_security_context(context: Any, path: str, spec: dict[str, Any]) -> list[FieldError]:
    """``spec.securityContext``; ``spec`` supplies the host namespace flags kept beside it.

    kube's internal type folds ``hostPID``/``shareProcessNamespace`` into the security context,
    so these checks run even without one and report under ``spec.securityContext``.
    """
    sc = access.mapping(context)
    errs = _ids(sc, path, ("fsGroup", "runAsUser", "runAsGroup"))
    for i, gid in enumerate(access.items(sc.get("supplementalGroups"))):
        value = access.integer(gid) or 0
        errs += rules.invalid_each(index(child(path, "supplementalGroups"), i), value, names.is_valid_group_id(value))
    if spec.get("shareProcessNamespace") is True and spec.get("hostPID") is True:
        errs.append(
            FieldError.invalid(
                child(path, "shareProcessNamespace"),
                True,
                "ShareProcessNamespace and HostPID cannot both be enabled",
            )
        )
    if access.items(sc.get("sysctls")):
        errs += _sysctls(sc.get("sysctls"), child(path, "sysctls"), spec)
    if access.present(sc, "fsGroupChangePolicy"):
        policy = access.text(sc.get("fsGroupChangePolicy"))
        if policy not in _FS_GROUP_CHANGE_POLICIES:
            errs.append(
                FieldError.not_supported(child(path, "fsGroupChangePolicy"), policy, list(_FS_GROUP_CHANGE_POLICIES))
            )
    errs += _seccomp(sc.get("seccompProfile"), child(path, "seccompProfile"))
    errs += _apparmor(sc.get("appArmorProfile"), child(path, "appArmorProfile"))
    return errs
