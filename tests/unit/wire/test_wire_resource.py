"""Resource strings of spec §2.1-2.2: cloud, device and edge forms, CloudHub's trim and prefix."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kubeedge.errors import ProtocolError
from kubeedge.wire import resource
from kubeedge.wire.resource import Resource, ResourceType


@pytest.mark.parametrize(
    ("text", "parsed"),
    [
        ("node/n1/default/pod/nginx", Resource(node="n1", namespace="default", type="pod", name="nginx")),
        ("node/n1/null/node/n1", Resource(node="n1", namespace="null", type="node", name="n1")),
        (
            "node/edge-2/kube-node-lease/lease/edge-2",
            Resource(node="edge-2", namespace="kube-node-lease", type="lease", name="edge-2"),
        ),
        ("node/n1/default/podlist", Resource(node="n1", namespace="default", type="podlist")),
    ],
)
def test_parse_cloud(text: str, parsed: Resource) -> None:
    assert resource.parse_cloud(text) == parsed
    assert parsed.cloud() == text


@pytest.mark.parametrize(
    "text",
    ["", "node", "node/n1", "node/n1/membership", "nodes/n1/default/pod", "node//default/pod", "node/n1//pod/x",
     "node/n1/default/pod/", "node/n1/default/pod/x/y", "default/pod/x"],
)  # fmt: skip
def test_parse_cloud_refuses_other_shapes(text: str) -> None:
    with pytest.raises(ProtocolError, match="is not node/<node>/<namespace>/<type>"):
        resource.parse_cloud(text)


@pytest.mark.parametrize(
    ("text", "operation", "parsed"),
    [
        ("default/pod/nginx", "insert", Resource(namespace="default", type="pod", name="nginx")),
        ("null/node/n1", "update", Resource(namespace="null", type="node", name="n1")),
        ("default/configmap", "query", Resource(namespace="default", type="configmap")),
        ("default/pod", "response", Resource(namespace="default", type="pod")),
    ],
)
def test_parse_edge(text: str, operation: str, parsed: Resource) -> None:
    assert resource.parse_edge(text, operation) == parsed
    assert parsed.edge() == text


@pytest.mark.parametrize(
    ("text", "operation"),
    [
        ("default/pod", "insert"),  # two tokens only for query and response
        ("default/pod", "delete"),
        ("pod", "query"),
        ("a/b/c/d", "query"),
        ("a/b/c/d", "insert"),
        ("default//x", "insert"),
        ("/pod", "query"),
        ("", "query"),
    ],
)
def test_parse_edge_refuses_other_shapes(text: str, operation: str) -> None:
    with pytest.raises(ProtocolError, match=f"operation is '{operation}'"):
        resource.parse_edge(text, operation)


def test_resource_forms_and_flags() -> None:
    node = Resource(namespace=resource.namespace_or_null(None), type=ResourceType.NODE, name="n1")
    assert node.is_cluster_scoped
    assert not node.is_list
    assert node.edge() == "null/node/n1"
    assert node.cloud("n1") == "node/n1/null/node/n1"
    listing = Resource(namespace="default", type=ResourceType.CONFIGMAP, node="n2")
    assert listing.is_list
    assert not listing.is_cluster_scoped
    assert listing.cloud() == "node/n2/default/configmap"
    assert listing.cloud("n3") == "node/n3/default/configmap"


@pytest.mark.parametrize(
    "value",
    [
        Resource(namespace="default", type="pod"),
        Resource(namespace="", type="pod", node="n"),
        Resource(namespace="d", type="", node="n"),
    ],
)  # fmt: skip
def test_cloud_form_needs_node_namespace_and_type(value: Resource) -> None:
    with pytest.raises(ProtocolError, match="needs a node, a namespace and a type"):
        value.cloud()


@pytest.mark.parametrize(("namespace", "token"), [(None, "null"), ("", "null"), ("default", "default")])
def test_namespace_or_null(namespace: str | None, token: str) -> None:
    assert resource.namespace_or_null(namespace) == token


@pytest.mark.parametrize(
    ("cloud", "edge"),
    [
        ("node/n1/default/pod/nginx", "default/pod/nginx"),
        ("node/n1/null/node/n1", "null/node/n1"),
        ("node/n1/membership", "membership"),
        ("node/n1/twin", "twin"),
        ("node/n1/k8s/ca.crt", "k8s/ca.crt"),
        ("node/n1/", ""),  # three tokens, the last empty: Go joins what is left
        ("node/n1", "node/n1"),  # fewer than three tokens: unchanged
        ("node", "node"),
        ("nodes/x/y/z", "y/z"),  # Go checks a string prefix, not a token
        ("default/pod/nginx", "default/pod/nginx"),
        ("rule/r1", "rule/r1"),
        ("v1alpha1/nodeupgradejob/j1/node/n1", "v1alpha1/nodeupgradejob/j1/node/n1"),
    ],
)
def test_to_edge_wire_is_cloudhubs_trim(cloud: str, edge: str) -> None:
    assert resource.to_edge_wire(cloud) == edge


@pytest.mark.parametrize(
    ("edge", "cloud"),
    [
        ("default/podpatch/nginx", "node/n1/default/podpatch/nginx"),
        ("node", "node/n1/node"),
        ("device/default/d1/twin/edge_updated", "node/n1/device/default/d1/twin/edge_updated"),
        ("", "node/n1/"),
    ],
)
def test_from_edge_wire_prefixes_the_connections_node(edge: str, cloud: str) -> None:
    assert resource.from_edge_wire(edge, "n1") == cloud


@pytest.mark.parametrize(
    ("text", "node"),
    [
        ("node/n1/default/pod/x", "n1"),
        ("node/n1/membership", "n1"),
        ("v1alpha1/nodeupgradejob/j1/node/n2", "n2"),
        ("task/t1/node/n3", "n3"),
        ("node//node/n4", "n4"),  # the first node token followed by a non-empty one
        ("node/n5/null/node/n6", "n5"),
        ("rule/r1", None),
        ("node/", None),
        ("node", None),
        ("default/pod/x", None),
    ],
)
def test_node_of(text: str, node: str | None) -> None:
    assert resource.node_of(text) == node


def test_device_forms() -> None:
    assert resource.device_resource("n1", ResourceType.MEMBERSHIP) == "node/n1/membership"
    assert resource.device_resource("n1", ResourceType.TWIN, "d1") == "node/n1/twin/d1"
    with pytest.raises(ProtocolError):
        resource.device_resource("", "twin")
    with pytest.raises(ProtocolError):
        resource.device_resource("n1", "")
    assert resource.device_id("node/n1/device/default/d1/twin/edge_updated") == "default"
    assert resource.device_id("node/n1/membership/detail") is None
    assert resource.device_id("node/n1/device") is None


def test_node_task_resource() -> None:
    assert (
        resource.node_task_resource("v1alpha1", "nodeupgradejob", "upgrade-1", "n1")
        == "v1alpha1/nodeupgradejob/upgrade-1/node/n1"
    )


@pytest.mark.parametrize(
    ("member", "value"),
    [
        (ResourceType.POD, "pod"),
        (ResourceType.POD_LIST, "podlist"),
        (ResourceType.POD_STATUS, "podstatus"),
        (ResourceType.POD_PATCH, "podpatch"),
        (ResourceType.EVENT, "event"),
        (ResourceType.CONFIGMAP, "configmap"),
        (ResourceType.SECRET, "secret"),
        (ResourceType.SERVICE_ACCOUNT_TOKEN, "serviceaccounttoken"),
        (ResourceType.SERVICE_ACCOUNT_ACCESS, "serviceaccountaccess"),
        (ResourceType.NODE, "node"),
        (ResourceType.NODE_STATUS, "nodestatus"),
        (ResourceType.NODE_PATCH, "nodepatch"),
        (ResourceType.LEASE, "lease"),
        (ResourceType.CERTIFICATE_SIGNING_REQUEST, "certificatesigningrequest"),
        (ResourceType.RULE, "rule"),
        (ResourceType.RULE_ENDPOINT, "ruleendpoint"),
        (ResourceType.RULE_STATUS, "rulestatus"),
        (ResourceType.K8S_CA, "k8s/ca.crt"),
        (ResourceType.SERVICE, "service"),
        (ResourceType.ENDPOINTS, "endpoints"),
        (ResourceType.PERSISTENT_VOLUME, "persistentvolume"),
        (ResourceType.PERSISTENT_VOLUME_CLAIM, "persistentvolumeclaim"),
        (ResourceType.VOLUME_ATTACHMENT, "volumeattachment"),
        (ResourceType.VOLUME, "volume"),
        (ResourceType.DEVICE, "device"),
        (ResourceType.DEVICE_MODEL, "devicemodel"),
        (ResourceType.DEVICE_MAPPER, "devicemapper"),
        (ResourceType.MEMBERSHIP, "membership"),
        (ResourceType.MEMBERSHIP_DETAIL, "membership/detail"),
        (ResourceType.TWIN, "twin"),
        (ResourceType.TWIN_EDGE_UPDATED, "twin/edge_updated"),
        (ResourceType.TWIN_CLOUD_UPDATED, "twin/cloud_updated"),
        (ResourceType.STATE_UPDATE, "state/update"),
        (ResourceType.NODE_CONNECTION, "node/connection"),
        (ResourceType.APPLICATION, "Application"),
        (ResourceType.WATCHAPP_SYNC, "watchapp/sync"),
    ],
)
def test_resource_types(member: ResourceType, value: str) -> None:
    assert member == value


token = st.text(alphabet=st.characters(codec="utf-8", exclude_characters="/"), min_size=1)


@given(node=token, namespace=token, kind=token, name=token | st.just(""))
def test_cloud_edge_round_trip(node: str, namespace: str, kind: str, name: str) -> None:
    value = Resource(namespace=namespace, type=kind, name=name)
    cloud = value.cloud(node)
    assert resource.parse_cloud(cloud) == Resource(node=node, namespace=namespace, type=kind, name=name)
    assert resource.to_edge_wire(cloud) == value.edge()
    assert resource.from_edge_wire(value.edge(), node) == cloud
    assert resource.parse_edge(value.edge(), "query") == value
    assert resource.node_of(cloud) == node
