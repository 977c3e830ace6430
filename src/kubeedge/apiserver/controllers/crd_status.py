"""The status of a CustomResourceDefinition, as a pure function (apiextensions' controllers).

kube-apiextensions-server runs three small controllers over CRDs; their decisions are here:

- **naming** (``NamingConditionController``): each requested name (plural, singular, short
  names, kind, list kind) is accepted if it is already this CRD's accepted name or no CRD of the
  group has accepted it; the first conflict sets ``NamesAccepted=False`` with reason
  ``<Field>Conflict`` and message ``"<name>" is already in use``, otherwise ``True``/
  ``NoConflicts``/"no conflicts found";
- **establishing**: once names are accepted the resource is served, ``Established=True``/
  ``InitialNamesAccepted`` (we serve at once, so the intermediate ``Installing`` never shows);
  a CRD whose names were never accepted is ``Established=False``/``NotAccepted``;
- **storage versions**: ``status.storedVersions`` gains the storage version (never loses one).

Conditions follow ``SetCRDCondition``: an unchanged status keeps ``lastTransitionTime``.
``listKind`` and ``singular`` take their defaults (``<Kind>List``, lower-case kind) when the
spec leaves them out.
"""

from __future__ import annotations

import copy
from typing import TYPE_CHECKING, Any

from kubeedge.apiserver.controllers._objects import EMPTY, KubeObject, spec, status

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

__all__ = ["crd_status", "requested_names", "set_condition"]


def requested_names(crd: Mapping[str, Any]) -> KubeObject:
    """``spec.names`` with the defaults of ``singular`` and ``listKind`` filled in."""
    names = dict(spec(crd).get("names") or EMPTY)
    kind = names.get("kind") or ""
    names.setdefault("singular", kind.lower())
    names.setdefault("listKind", f"{kind}List")
    return names


def set_condition(conditions: list[KubeObject], condition: KubeObject) -> list[KubeObject]:
    """``SetCRDCondition``: replace the condition of that type, keeping an unchanged transition."""
    result = []
    placed = False
    for current in conditions:
        if current.get("type") != condition["type"]:
            result.append(current)
            continue
        updated = dict(condition)
        if current.get("status") == condition["status"]:
            updated["lastTransitionTime"] = current.get("lastTransitionTime", condition["lastTransitionTime"])
        result.append(updated)
        placed = True
    if not placed:
        result.append(condition)
    return result


def _used_names(group_crds: Iterable[Mapping[str, Any]], group: str) -> tuple[set[str], set[str]]:
    resources: set[str] = set()
    kinds: set[str] = set()
    for other in group_crds:
        if spec(other).get("group") != group:
            continue
        accepted = status(other).get("acceptedNames") or EMPTY
        resources.update(name for name in (accepted.get("plural"), accepted.get("singular")) if name)
        resources.update(accepted.get("shortNames") or ())
        kinds.update(name for name in (accepted.get("kind"), accepted.get("listKind")) if name)
    return resources, kinds


def _naming(crd: Mapping[str, Any], group_crds: Iterable[Mapping[str, Any]]) -> tuple[KubeObject, str, str]:
    """(accepted names, conflict reason or "", message) — ``calculateNamesAndConditions``."""
    resources, kinds = _used_names(group_crds, spec(crd).get("group", ""))
    requested = requested_names(crd)
    accepted = dict(status(crd).get("acceptedNames") or EMPTY)
    new = dict(accepted)
    reason = message = ""

    def check(field: str, used: set[str], conflict: str) -> None:
        nonlocal reason, message
        wanted = requested.get(field) or ""
        if wanted != (accepted.get(field) or "") and wanted in used:
            reason, message = conflict, f'"{wanted}" is already in use'
        else:
            new[field] = wanted

    check("plural", resources, "PluralConflict")
    check("singular", resources, "SingularConflict")
    wanted_short = list(requested.get("shortNames") or ())
    if wanted_short != list(accepted.get("shortNames") or ()):
        mine = set(accepted.get("shortNames") or ())
        taken = [f'"{name}" is already in use' for name in wanted_short if name not in mine and name in resources]
        if taken:
            reason = "ShortNamesConflict"
            message = taken[0] if len(taken) == 1 else "[" + ", ".join(taken) + "]"
        elif wanted_short:
            new["shortNames"] = wanted_short
        else:
            new.pop("shortNames", None)
    check("kind", kinds, "KindConflict")
    check("listKind", kinds, "ListKindConflict")
    if requested.get("categories"):
        new["categories"] = list(requested["categories"])
    else:
        new.pop("categories", None)
    return new, reason, message


def crd_status(crd: Mapping[str, Any], group_crds: Iterable[Mapping[str, Any]], *, stamp: str) -> KubeObject:
    """The status the CRD controllers would converge to for a live (not deleting) CRD.

    Args:
        crd: the CRD as served.
        group_crds: every CRD (those of other groups are ignored; ``crd`` itself may be included).
        stamp: the current time, formatted, for changed conditions.
    """
    new_status: KubeObject = copy.deepcopy(dict(status(crd)))
    names, reason, message = _naming(crd, group_crds)
    new_status["acceptedNames"] = names
    conditions = list(new_status.get("conditions") or [])
    if reason:
        accepted = {"type": "NamesAccepted", "status": "False", "reason": reason, "message": message}
    else:
        accepted = {"type": "NamesAccepted", "status": "True", "reason": "NoConflicts", "message": "no conflicts found"}
    conditions = set_condition(conditions, {**accepted, "lastTransitionTime": stamp})
    established = next((c for c in conditions if c.get("type") == "Established"), None)
    if not reason:
        conditions = set_condition(
            conditions,
            {
                "type": "Established",
                "status": "True",
                "reason": "InitialNamesAccepted",
                "message": "the initial names have been accepted",
                "lastTransitionTime": stamp,
            },
        )
    elif established is None:
        conditions = set_condition(
            conditions,
            {
                "type": "Established",
                "status": "False",
                "reason": "NotAccepted",
                "message": "not all names are accepted",
                "lastTransitionTime": stamp,
            },
        )
    new_status["conditions"] = conditions
    stored = list(new_status.get("storedVersions") or [])
    storage = next((v.get("name") for v in spec(crd).get("versions") or () if v.get("storage")), None)
    if storage and storage not in stored:
        stored.append(storage)
    new_status["storedVersions"] = stored
    return new_status
