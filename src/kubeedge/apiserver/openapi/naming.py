"""Names kube-apiserver gives things in its OpenAPI documents: definitions, operation ids, tags, prose.

Clients key off these strings: the official Python client's method names come from operation ids
(``listCoreV1NamespacedPod`` is ``list_namespaced_pod``), kubectl finds custom resource schemas by
definition name and group-version-kind, and ``kubectl explain`` prints the descriptions. So the
rules here are kube's, spelled out:

- a custom resource's definition is its canonical name ``<group>/<version>.<kind>`` made "REST
  friendly": the group's DNS labels reversed (``devices.kubeedge.io`` gives
  ``io.kubeedge.devices.v1beta1.Device``); a group without a dot is left as it is;
- an operation id is the verb, then the group (``.k8s.io`` trimmed, the core group called
  ``core``) and version camel-cased, then the rest (``deleteCoreV1CollectionNamespacedPod``);
- the tag is ``<group>_<version>`` in lower camel case (``core_v1``, ``devicesKubeedgeIo_v1beta1``);
- prose uses kube's article rule: none before a plural noun, "an" before a vowel.
"""

from __future__ import annotations

__all__ = [
    "article_for",
    "crd_definition_name",
    "group_version_path",
    "operation_id",
    "operation_tag",
    "title",
]


def crd_definition_name(group: str, version: str, kind: str) -> str:
    """The definition name kube publishes for a custom resource kind (``io.kubeedge.devices.v1beta1.Device``)."""
    if "." in group:
        group = ".".join(reversed(group.split(".")))
    return f"{group}.{version}.{kind}"


def _to_operation_id(text: str, *, capitalize_first: bool) -> str:
    """kube's ToValidOperationID: keep letters, '_' and non-leading digits; capitalise after a dropped char."""
    out: list[str] = []
    capitalize = capitalize_first
    for index, char in enumerate(text):
        if char.isalpha() or char == "_" or (index != 0 and char.isdigit()):
            out.append(char.upper() if capitalize else char)
            capitalize = False
        else:
            capitalize = True
    return "".join(out)


def _group_word(group: str) -> str:
    return group.removesuffix(".k8s.io") if group else "core"


def operation_id(verb: str, group: str, version: str, rest: str) -> str:
    """``verb`` + camel-cased group and version + ``rest``: ``("list", "apps", "v1", "NamespacedDeployment")``."""
    word = _to_operation_id(_group_word(group), capitalize_first=True)
    return verb + word + _to_operation_id(version, capitalize_first=True) + rest


def operation_tag(group: str, version: str) -> str:
    """The tag of every operation of a group version: ``core_v1``, ``apps_v1``, ``coordination_v1``."""
    word = _to_operation_id(_group_word(group), capitalize_first=False)
    return f"{word}_{_to_operation_id(version, capitalize_first=False)}"


def group_version_path(group: str, version: str) -> str:
    """The URL prefix of a group version without the leading slash: ``api/v1``, ``apis/apps/v1``."""
    return f"apis/{group}/{version}" if group else f"api/{version}"


def title(word: str) -> str:
    """Go's strings.Title for one lower-case word: ``ephemeralcontainers`` gives ``Ephemeralcontainers``."""
    return word[:1].upper() + word[1:]


def article_for(noun: str) -> str:
    """kube's GetArticleForNoun with single-space padding: ``" a "``, ``" an "``, or ``" "`` for plurals."""
    if noun.endswith("s") and not noun.endswith("ss"):
        return " "
    return " an " if noun[:1].lower() in "aeiou" and noun else " a "
