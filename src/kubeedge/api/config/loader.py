"""Reading ``cloudcore.yaml`` and ``edgecore.yaml``: one clear :class:`ConfigError` or a model.

The steps follow KubeEdge's ``Parse`` (``sigs.k8s.io/yaml`` decoding the file over
``NewDefault...Config()``) so a file behaves the same under both implementations:

1. read the file and parse YAML (duplicate keys are refused; Go would silently keep one);
2. check ``apiVersion`` and ``kind`` first, since the rest means nothing under the wrong schema;
3. merge the file over the default config the way Go's JSON decoder does: sections merge key by
   key, maps (``nodeLabels``, ``evictionHard``) keep default entries the file does not override,
   lists are replaced, ``null`` empties a map or list and leaves a scalar at its default;
4. validate with the models (camelCase keys only) and KubeEdge's own checks.

Every problem found is reported in a single :class:`~kubeedge.errors.ConfigError` whose message
names the file, the key path as KubeEdge spells it and what is wrong::

    cloudcore.yaml: `modules.cloudHub.websocket.port` must be between 1 and 65535, got 70000
    cloudcore.yaml: unknown key `modules.cloudHub.websockt` — did you mean `websocket`?
"""

from __future__ import annotations

import difflib
import os
from collections.abc import Callable, Hashable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from kubeedge.api.config import cloudcore, edgecore
from kubeedge.api.config._base import ERROR_TYPE, describe
from kubeedge.api.config._schema import Kind, field_specs, format_path, model_at
from kubeedge.api.config.host import HostFacts, detect_host_facts
from kubeedge.api.config.render import to_kubeedge_dict
from kubeedge.errors import ConfigError

if TYPE_CHECKING:
    from pydantic_core import ErrorDetails

__all__ = ["load_cloudcore", "load_edgecore", "parse_cloudcore", "parse_edgecore"]

_ModelT = TypeVar("_ModelT", bound=BaseModel)

_TYPE_PROBLEMS: Final = {
    "int_type": "must be an integer",
    "int_parsing": "must be an integer",
    "bool_type": "must be true or false",
    "bool_parsing": "must be true or false",
    "string_type": "must be a string",
    "float_type": "must be a number",
    "float_parsing": "must be a number",
    "model_type": "must be a mapping",
    "model_attributes_type": "must be a mapping",
    "dict_type": "must be a mapping",
    "mapping_type": "must be a mapping",
    "list_type": "must be a list",
    "tuple_type": "must be a list",
}


# -- YAML ---------------------------------------------------------------------------------------


class _StrictLoader(yaml.SafeLoader):
    """SafeLoader that refuses a key given twice in one mapping."""


def _construct_mapping(loader: _StrictLoader, node: yaml.MappingNode) -> dict[Any, Any]:
    seen: set[Hashable] = set()
    for key_node, _ in node.value:
        if key_node.tag == "tag:yaml.org,2002:merge":
            continue
        key = loader.construct_object(key_node, deep=True)
        if isinstance(key, Hashable):
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"duplicate key {describe(key)}", key_node.start_mark
                )
            seen.add(key)
    return loader.construct_mapping(node, deep=True)


_StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def _parse_yaml(text: str, source: str) -> object:
    try:
        return yaml.load(text, Loader=_StrictLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or "unparsable"
        if exc.context and problem.startswith("but "):  # "expected X" + "but found Y"
            problem = f"{exc.context} {problem}"
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark is not None else ""
        raise ConfigError(f"{source}: invalid YAML{where}: {problem}") from exc
    except yaml.YAMLError as exc:
        raise ConfigError(f"{source}: invalid YAML: {exc}") from exc


# -- merging over the defaults -----------------------------------------------------------------


def merge_over_defaults(
    defaults: Mapping[str, Any], raw: Mapping[Any, Any], *, model: type[BaseModel]
) -> dict[Any, Any]:
    """Overlay ``raw`` (a parsed file) on ``defaults`` (a full config) as Go's decoder would."""
    merged: dict[Any, Any] = dict(defaults)
    specs = field_specs(model)
    for key, value in raw.items():
        spec = specs.get(key) if isinstance(key, str) else None
        if spec is None:
            merged[key] = value  # an unknown key; validation reports it
            continue
        base = defaults.get(key)
        if value is None:
            if spec.is_optional or spec.kind is Kind.STRUCT:
                merged[key] = None  # a section cannot be null; validation reports it
            elif spec.kind is Kind.MAP:
                merged[key] = {}
            elif spec.kind is Kind.LIST:
                merged[key] = []
            # a null scalar leaves the default in place, as in Go
        elif spec.kind is Kind.STRUCT and spec.model and isinstance(value, dict) and isinstance(base, dict):
            merged[key] = merge_over_defaults(base, value, model=spec.model)
        elif spec.kind is Kind.MAP and isinstance(value, dict) and isinstance(base, dict):
            merged[key] = {**base, **value}
        else:
            merged[key] = value
    return merged


# -- error messages -----------------------------------------------------------------------------


def _suggest(unknown: object, candidates: list[str]) -> str | None:
    if not isinstance(unknown, str):
        return None

    def squash(text: str) -> str:
        return text.replace("_", "").replace("-", "").lower()

    for candidate in candidates:
        if squash(candidate) == squash(unknown):
            return candidate
    by_lower = {candidate.lower(): candidate for candidate in candidates}
    close = difflib.get_close_matches(unknown.lower(), list(by_lower), n=1, cutoff=0.6)
    return by_lower[close[0]] if close else None


def _problem(root: type[BaseModel], error: ErrorDetails) -> str:
    loc = tuple(error["loc"])
    kind = error["type"]
    if loc[-1:] == ("[key]",):  # a map key itself is wrong, not the value under it
        return f"`{format_path(root, loc[:-2])}` has a key that {_text(kind, error)}"
    if kind == "invalid_key":  # a non-string key where KubeEdge has named keys
        section = format_path(root, loc[:-1])
        return f"unknown key `{section + '.' if section else ''}{loc[-1]}`"
    path = format_path(root, loc)
    if kind == "extra_forbidden":
        parent = model_at(root, loc[:-1])
        suggestion = _suggest(loc[-1], list(field_specs(parent))) if parent is not None else None
        hint = f" — did you mean `{suggestion}`?" if suggestion else ""
        return f"unknown key `{path}`{hint}"
    if kind == "missing":
        return f"`{path}` is required"
    return f"`{path}` {_text(kind, error)}"


def _text(kind: str, error: ErrorDetails) -> str:
    if kind in _TYPE_PROBLEMS:
        return f"{_TYPE_PROBLEMS[kind]}, got {describe(error['input'])}"
    if kind == ERROR_TYPE:
        return error["msg"]
    return f"is invalid: {error['msg']}"


def _error(source: str, problems: list[str]) -> ConfigError:
    if len(problems) == 1:
        return ConfigError(f"{source}: {problems[0]}")
    lines = "\n".join(f"  - {problem}" for problem in problems)
    return ConfigError(f"{source}: {len(problems)} problems:\n{lines}")


def _check_type_meta(raw: Mapping[Any, Any], model: type[BaseModel], *, other: type[BaseModel]) -> list[str]:
    problems = []
    for field, key in (("api_version", "apiVersion"), ("kind", "kind")):
        expected = model.model_fields[field].default
        if key not in raw:
            problems.append(f"`{key}` is missing; it must be {describe(expected)}")
        elif raw[key] != expected:
            hint = (
                f" (this file is for {other.__name__.lower()})" if raw[key] == other.model_fields[field].default else ""
            )
            problems.append(f"`{key}` must be {describe(expected)}, got {describe(raw[key])}{hint}")
    return problems


def _load(
    text: str,
    source: str,
    *,
    model: type[_ModelT],
    defaults: _ModelT,
    other: type[BaseModel],
    check: Callable[[_ModelT], list[str]],
) -> _ModelT:
    raw = _parse_yaml(text, source)
    if raw is None:
        raw = {}
    if not isinstance(raw, dict):
        raise _error(source, [f"the top level must be a mapping, got {describe(raw)}"])
    if problems := _check_type_meta(raw, model, other=other):
        raise _error(source, problems)
    merged = merge_over_defaults(to_kubeedge_dict(defaults), raw, model=model)
    try:
        config = model.model_validate(merged, by_alias=True, by_name=False)
    except ValidationError as exc:
        raise _error(source, [_problem(model, error) for error in exc.errors()]) from exc
    if problems := check(config):
        raise _error(source, problems)
    return config


def _check_cloudcore(config: cloudcore.CloudCore) -> list[str]:
    hub = config.modules.cloud_hub
    if hub.enable and not hub.advertise_address:
        return ["`modules.cloudHub.advertiseAddress` must list at least one IP address when cloudHub is enabled"]
    return []


def _check_edgecore(config: edgecore.EdgeCore) -> list[str]:
    edged = config.modules.edged
    if edged.enable and not edged.hostname_override:
        return ["`modules.edged.hostnameOverride` must not be empty when edged is enabled"]
    return []


def parse_cloudcore(text: str, *, source: str = "<string>", host: HostFacts | None = None) -> cloudcore.CloudCore:
    """Validate cloudcore.yaml text; keys it leaves out keep KubeEdge's defaults.

    Args:
        text: the YAML document.
        source: how to name the document in error messages (the file path).
        host: facts for the host-derived defaults; detected from this machine when None.

    Raises:
        ConfigError: the text is not a valid cloudcore config; the message says where and why.
    """
    defaults = cloudcore.default_cloudcore(host or detect_host_facts())
    return _load(
        text, source, model=cloudcore.CloudCore, defaults=defaults, other=edgecore.EdgeCore, check=_check_cloudcore
    )


def parse_edgecore(text: str, *, source: str = "<string>", host: HostFacts | None = None) -> edgecore.EdgeCore:
    """Validate edgecore.yaml text; keys it leaves out keep KubeEdge's defaults.

    Args:
        text: the YAML document.
        source: how to name the document in error messages (the file path).
        host: facts for the host-derived defaults; detected from this machine when None.

    Raises:
        ConfigError: the text is not a valid edgecore config; the message says where and why.
    """
    defaults = edgecore.default_edgecore(host or detect_host_facts())
    return _load(
        text, source, model=edgecore.EdgeCore, defaults=defaults, other=cloudcore.CloudCore, check=_check_edgecore
    )


def _read(path: str | os.PathLike[str]) -> str:
    try:
        return Path(path).read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{os.fspath(path)}: cannot read config file: not UTF-8 text (byte {exc.start})") from exc
    except OSError as exc:
        raise ConfigError(f"{os.fspath(path)}: cannot read config file: {exc.strerror or exc}") from exc


def load_cloudcore(path: str | os.PathLike[str], *, host: HostFacts | None = None) -> cloudcore.CloudCore:
    """Read and validate a cloudcore.yaml (see :func:`parse_cloudcore`).

    Raises:
        ConfigError: the file is missing, unreadable, not YAML, or not a valid cloudcore config.
    """
    return parse_cloudcore(_read(path), source=os.fspath(path), host=host)


def load_edgecore(path: str | os.PathLike[str], *, host: HostFacts | None = None) -> edgecore.EdgeCore:
    """Read and validate an edgecore.yaml (see :func:`parse_edgecore`).

    Raises:
        ConfigError: the file is missing, unreadable, not YAML, or not a valid edgecore config.
    """
    return parse_edgecore(_read(path), source=os.fspath(path), host=host)
