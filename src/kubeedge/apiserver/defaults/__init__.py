"""Defaulting of built-in Kubernetes objects, as kube-apiserver does it on every write.

Pure functions over decoded JSON that mutate the request's own copy: :func:`apply_defaults`
(kube's ``SetDefaults_*``, on create and update) and :func:`apply_create_defaults` (what kube's
strategies and admission plugins add only on create). Validation then runs on the result.
"""

from __future__ import annotations

from kubeedge.apiserver.defaults.apply import apply_create_defaults, apply_defaults

__all__ = ["apply_create_defaults", "apply_defaults"]
