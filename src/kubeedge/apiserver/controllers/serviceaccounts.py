"""Per-namespace defaults: the ``default`` ServiceAccount and the ``kube-root-ca.crt`` ConfigMap.

kube-controller-manager's serviceaccount controller makes sure every active namespace has a
ServiceAccount named ``default`` (recreated if deleted), and its root-ca-cert-publisher makes
sure every namespace has a ConfigMap ``kube-root-ca.crt`` whose ``ca.crt`` is the apiserver's CA
bundle (rewritten if someone changes it). Pods mount both; clients such as
``kubectl create token`` expect them. Keys are namespace names; terminating namespaces are left
alone, as in kube.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from kubeedge.apiserver.controllers._objects import meta, status
from kubeedge.apiserver.controllers.runtime import ControllerLoop
from kubeedge.apiserver.errors import StatusError
from kubeedge.apiserver.storage.mvcc import EventType

if TYPE_CHECKING:
    from kubeedge.apiserver.controllers.runtime import InternalClient

__all__ = ["ROOT_CA_CONFIGMAP", "ServiceAccountsController"]

DEFAULT_SERVICE_ACCOUNT = "default"
ROOT_CA_CONFIGMAP = "kube-root-ca.crt"
DESCRIPTION = "kubernetes.io/description"
_DESCRIPTION_TEXT = (
    "Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints such as "
    "the internal service IP or kubernetes.default.svc. No other usage is guaranteed across distributions of "
    "Kubernetes clusters."
)


class ServiceAccountsController:
    """Creates each namespace's ``default`` ServiceAccount and root CA ConfigMap."""

    name = "serviceaccount"

    def __init__(self, client: InternalClient, *, ca_pem: bytes) -> None:
        self.client = client
        self.ca = ca_pem.decode()
        self.namespaces = client.resource("", "namespaces")
        self.service_accounts = client.resource("", "serviceaccounts")
        self.config_maps = client.resource("", "configmaps")
        self.loop = ControllerLoop(self.name, self.reconcile, workers=2)

    def start(self) -> None:
        self.client.observe(self.namespaces, self._on_namespace)
        self.client.observe(self.service_accounts, self._on_service_account)
        self.client.observe(self.config_maps, self._on_config_map)
        self.loop.enqueue_all(meta(ns).get("name", "") for ns in self.client.list(self.namespaces))

    async def run(self) -> None:
        await self.loop.run()

    def _on_namespace(self, kind: EventType, ns: dict[str, Any]) -> None:
        if kind is not EventType.DELETED:
            self.loop.enqueue(meta(ns).get("name", ""))

    def _on_service_account(self, kind: EventType, sa: dict[str, Any]) -> None:
        if kind is EventType.DELETED and meta(sa).get("name") == DEFAULT_SERVICE_ACCOUNT:
            self.loop.enqueue(meta(sa).get("namespace", ""))

    def _on_config_map(self, kind: EventType, cm: dict[str, Any]) -> None:
        if meta(cm).get("name") == ROOT_CA_CONFIGMAP:
            self.loop.enqueue(meta(cm).get("namespace", ""))

    def desired_config_map(self, namespace: str) -> dict[str, Any]:
        return {
            "apiVersion": "v1",
            "kind": "ConfigMap",
            "metadata": {
                "name": ROOT_CA_CONFIGMAP,
                "namespace": namespace,
                "annotations": {DESCRIPTION: _DESCRIPTION_TEXT},
            },
            "data": {"ca.crt": self.ca},
        }

    async def reconcile(self, namespace: str) -> float | None:
        ns = self.client.get(self.namespaces, "", namespace)
        if ns is None or meta(ns).get("deletionTimestamp") or status(ns).get("phase") == "Terminating":
            return None
        try:
            if self.client.get(self.service_accounts, namespace, DEFAULT_SERVICE_ACCOUNT) is None:
                await self.client.create(
                    self.service_accounts,
                    namespace,
                    {"apiVersion": "v1", "kind": "ServiceAccount", "metadata": {"name": DEFAULT_SERVICE_ACCOUNT}},
                )
            await self._publish_root_ca(namespace)
        except StatusError as exc:
            # Created meanwhile, or the namespace started terminating: nothing left to do.
            if exc.code not in (403, 409):
                raise
        return None

    async def _publish_root_ca(self, namespace: str) -> None:
        current = self.client.get(self.config_maps, namespace, ROOT_CA_CONFIGMAP)
        wanted = self.desired_config_map(namespace)
        if current is None:
            await self.client.create(self.config_maps, namespace, wanted)
            return
        annotations = meta(current).get("annotations") or {}
        if current.get("data") == wanted["data"] and annotations.get(DESCRIPTION) == _DESCRIPTION_TEXT:
            return
        updated = {**current, "data": wanted["data"]}
        updated["metadata"] = {**meta(current), "annotations": {**annotations, DESCRIPTION: _DESCRIPTION_TEXT}}
        await self.client.update(self.config_maps, updated)
