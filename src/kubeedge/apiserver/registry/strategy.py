"""Per-resource behaviour of the generic object registry (kube's ``RESTCreateStrategy`` & co).

The generic verbs in ``objects.py`` are the same for every resource; what differs is captured
here as data plus a few hooks: whether status is a subresource, whether ``metadata.generation``
tracks spec changes, what DELETE returns, whether PUT may create, graceful deletion.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Strategy"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Strategy:
    # PUT/PATCH on the main resource keep the stored status; /status changes only status.
    has_status: bool = False
    # On create, status is cleared (nodes are the exception: the kubelet registers with status).
    reset_status_on_create: bool = True
    # metadata.generation starts at 1 and grows when anything but metadata/status changes.
    track_generation: bool = False
    # DELETE answers with the deleted object instead of a Status (pods, services, CRs).
    return_deleted_object: bool = False
    # PUT of a missing object creates it (leases, events, endpoints).
    allow_create_on_update: bool = False
    # PUT without metadata.resourceVersion is allowed (not for custom resources).
    allow_unconditional_update: bool = True
    # On a /status write: the metadata fields kept from the stored object (kube's status strategy
    # resets). None keeps all of the stored object but status (custom resources, CRDs).
    status_keeps_old_metadata: tuple[str, ...] | None = ()
    # DELETE waits for the kubelet (pods bound to a node with a grace period).
    graceful_delete: bool = False


DEFAULT = Strategy()
