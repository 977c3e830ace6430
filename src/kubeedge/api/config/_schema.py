"""Reading the config models' own structure: keys, value kinds, and key paths.

The loader merges a file over the defaults the way Go's decoder does, which depends on whether a
key holds a struct, a map, a list or a scalar; the error messages name keys the way KubeEdge spells
them; the renderer drops Go's ``omitempty`` fields. All three ask the models through this module.
"""

from __future__ import annotations

import enum
import functools
import re
import types
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated, Any, Union, get_args, get_origin

from pydantic import BaseModel

from kubeedge.api.config._base import OMIT_EMPTY

if TYPE_CHECKING:
    from pydantic.fields import FieldInfo

__all__ = ["FieldSpec", "Kind", "field_specs", "format_path", "model_at"]


class Kind(enum.Enum):
    STRUCT = "struct"
    MAP = "map"
    LIST = "list"
    SCALAR = "scalar"


@dataclass(frozen=True, slots=True)
class FieldSpec:
    """One key of a model as the loader and renderer see it."""

    name: str
    kind: Kind
    model: type[BaseModel] | None
    """The section's model (``STRUCT``) or the model of each item (``LIST``), if any."""
    is_optional: bool
    omit_empty: bool


def _strip_annotated(annotation: Any) -> Any:
    while get_origin(annotation) is Annotated:
        annotation = get_args(annotation)[0]
    return annotation


def _as_model(annotation: Any) -> type[BaseModel] | None:
    annotation = _strip_annotated(annotation)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    return None


def _spec(name: str, info: FieldInfo) -> FieldSpec:
    annotation = _strip_annotated(info.annotation)
    is_optional = False
    if get_origin(annotation) in (Union, types.UnionType):
        members = [arg for arg in get_args(annotation) if arg is not type(None)]
        is_optional = len(members) < len(get_args(annotation))
        annotation = _strip_annotated(members[0])
    origin = get_origin(annotation)
    omit_empty = OMIT_EMPTY in info.metadata
    if (model := _as_model(annotation)) is not None:
        return FieldSpec(name, Kind.STRUCT, model, is_optional, omit_empty)
    if origin in (tuple, list):
        return FieldSpec(name, Kind.LIST, _as_model(get_args(annotation)[0]), is_optional, omit_empty)
    if origin in (dict, Mapping):
        return FieldSpec(name, Kind.MAP, None, is_optional, omit_empty)
    return FieldSpec(name, Kind.SCALAR, None, is_optional, omit_empty)


@functools.cache
def field_specs(model: type[BaseModel]) -> Mapping[str, FieldSpec]:
    """The model's fields keyed by their KubeEdge key, in declaration order."""
    specs = {}
    for name, info in model.model_fields.items():
        key = info.serialization_alias or info.alias or name
        specs[key] = _spec(name, info)
    return types.MappingProxyType(specs)


_PLAIN_KEY = re.compile(r"^[A-Za-z0-9_-]+$")


def _walk(root: type[BaseModel], loc: tuple[str | int, ...]) -> tuple[str, type[BaseModel] | None]:
    path = ""
    model: type[BaseModel] | None = root
    kind = Kind.STRUCT
    for segment in loc:
        if kind is Kind.STRUCT and isinstance(segment, str):
            path = f"{path}.{segment}" if path else segment
            spec = field_specs(model).get(segment) if model is not None else None
            kind = spec.kind if spec is not None else Kind.SCALAR
            model = spec.model if spec is not None else None
        elif kind is Kind.LIST or isinstance(segment, int):
            path += f"[{segment}]"
            kind = Kind.STRUCT if model is not None else Kind.SCALAR
        else:  # a map key, or below a scalar
            text = str(segment)
            path += f".{text}" if _PLAIN_KEY.match(text) else f"[{text}]"
            kind, model = Kind.SCALAR, None
    return path, (model if kind is Kind.STRUCT else None)


def format_path(root: type[BaseModel], loc: tuple[str | int, ...]) -> str:
    """A pydantic error location as KubeEdge spells it: ``modules.cloudHub.websocket.port``,
    ``modules.cloudHub.authorization.modes[0]``, ``...evictionHard[memory.available]``."""
    return _walk(root, loc)[0]


def model_at(root: type[BaseModel], loc: tuple[str | int, ...]) -> type[BaseModel] | None:
    """The section model found at ``loc``, or None when ``loc`` is not a section."""
    return _walk(root, loc)[1]
