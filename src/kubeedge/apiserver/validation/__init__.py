"""Validation of built-in Kubernetes objects, as pure functions over decoded JSON.

Each kind's rules follow kube-apiserver's (``pkg/apis/*/validation`` and apimachinery), down to
field paths and messages, and return lists of :class:`~kubeedge.apiserver.errors.FieldError`.
The request path calls one thing, :func:`validators_for`, and raises ``StatusError.invalid``
when the list is not empty. Per-kind modules (``pod``, ``service``, ``apps``, ``crd``...) expose
the individual rules for tests and for other cores; ``quantity`` parses resource quantities.
"""

from __future__ import annotations

from kubeedge.apiserver.validation.registry import CreateCheck, KindValidation, UpdateCheck, validators_for

__all__ = ["CreateCheck", "KindValidation", "UpdateCheck", "validators_for"]
