"""The remembered and short-cut checks answer exactly as the full ones.

Name checks and quantity parsing remember their answers by value; ``semantic_equal`` first tries
plain equality; managedFields entries and field managers that plainly pass skip the detailed
checks. Each is compared with the computation it stands for.
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kubeedge.apiserver.defaults import fields as default_fields
from kubeedge.apiserver.validation import equality, meta, names
from kubeedge.apiserver.validation.quantity import QuantityError, parse_quantity

REMEMBERED = [
    names.is_dns1123_label,
    names.is_dns1123_subdomain,
    names.is_dns1035_label,
    names.is_qualified_name,
    names.is_valid_label_value,
    names.is_c_identifier,
    names.is_env_var_name,
    names.is_config_map_key,
    names.is_valid_port_name,
]
texts = st.text(alphabet=st.sampled_from("aZ9-_./%=\x00é"), max_size=70)


@settings(max_examples=200, deadline=None)
@given(texts)
def test_remembered_name_checks_answer_as_computed(value: str) -> None:
    for check in REMEMBERED:
        assert check(value) == check.__wrapped__(value)  # type: ignore[attr-defined]
        mine = check(value)
        mine.append("mine")
        assert check(value) == check.__wrapped__(value)  # type: ignore[attr-defined]


quantities = st.one_of(
    st.sampled_from(["1", "100m", "1.5Gi", "0.5", "1e3", "1E3", "-2Ki", "", "-", "Mi", "1x", ".5", "1000000000000n"]),
    st.text(alphabet="0123456789.+-eEinumkKMGTP", max_size=8),
)


def _parsed(parse: Any, text: str) -> Any:
    try:
        return parse(text)
    except QuantityError as exc:
        return f"error: {exc}"


@settings(max_examples=300, deadline=None)
@given(quantities)
def test_remembered_quantities_answer_as_computed(text: str) -> None:
    expected = _parsed(parse_quantity.__wrapped__, text)
    assert _parsed(parse_quantity, text) == expected
    for milli in (False, True):
        if isinstance(expected, str):
            assert default_fields.normalize_quantity(text, round_to_milli=milli) == text
        else:
            quantity = expected.round_up(-3) if milli else expected
            assert default_fields.normalize_quantity(text, round_to_milli=milli) == quantity.canonical()


JSON = st.recursive(
    st.none() | st.booleans() | st.sampled_from([0, 1, 0.0, 1.0, 2.5, "", "a"]),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.sampled_from("abc"), children, max_size=3),
    max_leaves=12,
)


@settings(max_examples=300, deadline=None)
@given(JSON, JSON)
def test_semantic_equality_is_normalised_equality(a: Any, b: Any) -> None:
    expected = equality.normalize(a) == equality.normalize(b)
    assert equality.semantic_equal(a, b) is expected
    assert equality.semantic_equal(a, a)


def _field_manager_reference(manager: str, path: str) -> list[str]:
    errors = [f"{path}: too long"] if len(manager.encode()) > meta.FIELD_MANAGER_MAX else []
    return errors + [f"{path}: bad {ch!r}" for ch in manager if not ch.isprintable()]


managers = st.text(alphabet=st.sampled_from("ab\x00\né😀"), max_size=140)


@settings(max_examples=300, deadline=None)
@given(managers)
def test_field_manager_short_cut(manager: str) -> None:
    assert bool(meta.validate_field_manager(manager, "m")) == bool(_field_manager_reference(manager, "m"))


entries = st.lists(
    st.fixed_dictionaries(
        {},
        optional={
            "manager": managers,
            "operation": st.sampled_from(["Apply", "Update", "Patch", "", 3]),
            "fieldsType": st.sampled_from(["FieldsV1", "", "FieldsV2", None]),
            "subresource": st.text(alphabet="s", max_size=300) | st.just("status"),
        },
    ),
    max_size=3,
)


@settings(max_examples=300, deadline=None)
@given(entries)
def test_managed_fields_short_cut(value: list[dict[str, Any]]) -> None:
    got = [str(e) for e in meta.validate_managed_fields(value, "metadata.managedFields")]
    with pytest.MonkeyPatch.context() as patched:
        patched.setattr(meta, "_plainly_valid_entry", lambda entry: False)
        want = [str(e) for e in meta.validate_managed_fields(value, "metadata.managedFields")]
    assert got == want
