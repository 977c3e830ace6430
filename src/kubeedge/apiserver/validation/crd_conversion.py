"""CRD conversion settings: strategy, and for ``Webhook`` the client config and review versions.

A webhook needs exactly one of ``url`` (https, a host, no user info, query or fragment) or
``service`` (name, namespace, a valid port, a path of DNS-subdomain segments), and must accept at
least one ConversionReview version this server speaks (``v1`` or ``v1beta1``).
"""

from __future__ import annotations

import urllib.parse
from typing import Any

from kubeedge.apiserver.errors import FieldError
from kubeedge.apiserver.validation import access, gotext, names, rules
from kubeedge.apiserver.validation.paths import child, index

__all__ = ["validate_conversion"]

_URL_FORM = "; desired format: https://host[/path]"


def _webhook_service(service: dict[str, Any], path: str) -> list[FieldError]:
    errs: list[FieldError] = []
    if not access.text(service.get("name")):
        errs.append(FieldError.required(child(path, "name"), "service name is required"))
    if not access.text(service.get("namespace")):
        errs.append(FieldError.required(child(path, "namespace"), "service namespace is required"))
    port = access.integer(service.get("port"))
    port = 443 if port is None else port
    if problems := names.is_valid_port_num(port):
        errs.append(FieldError.invalid(child(path, "port"), port, "port is not valid: " + ", ".join(problems)))
    url_path = access.text(service.get("path"))
    if url_path in ("", "/"):
        return errs
    if url_path == "//":
        return [*errs, FieldError.invalid(child(path, "path"), url_path, "segment[0] may not be empty")]
    if not url_path.startswith("/"):
        errs.append(FieldError.invalid(child(path, "path"), url_path, "must start with a '/'"))
    for i, step in enumerate(url_path[1:].removesuffix("/").split("/")):
        if not step:
            errs.append(FieldError.invalid(child(path, "path"), url_path, f"segment[{i}] may not be empty"))
            continue
        errs += [
            FieldError.invalid(child(path, "path"), url_path, f"segment[{i}]: {failure}")
            for failure in names.is_dns1123_subdomain(step)
        ]
    return errs


def _webhook_url(url: str, path: str) -> list[FieldError]:
    try:
        parsed = urllib.parse.urlsplit(url)
    except ValueError as exc:
        return [FieldError.required(path, f"url must be a valid URL: {exc}{_URL_FORM}")]
    errs: list[FieldError] = []
    if parsed.scheme != "https":
        errs.append(FieldError.invalid(path, parsed.scheme, "'https' is the only allowed URL scheme" + _URL_FORM))
    if not parsed.netloc.rpartition("@")[2]:
        errs.append(FieldError.invalid(path, "", "host must be specified" + _URL_FORM))
    if "@" in parsed.netloc:
        errs.append(
            FieldError.invalid(path, parsed.netloc.rpartition("@")[0], "user information is not permitted in the URL")
        )
    if parsed.fragment:
        errs.append(FieldError.invalid(path, parsed.fragment, "fragments are not permitted in the URL"))
    if parsed.query:
        errs.append(FieldError.invalid(path, parsed.query, "query parameters are not permitted in the URL"))
    return errs


def validate_conversion(spec: dict[str, Any]) -> list[FieldError]:
    """``spec.conversion`` of a CRD (errors use kube's internal, flattened field names)."""
    if spec.get("conversion") is None:
        return []
    conversion = access.mapping(spec["conversion"])
    path = "spec.conversion"
    strategy = access.text(conversion.get("strategy"))
    errs = rules.enum_value(strategy, child(path, "strategy"), ["None", "Webhook"])
    webhook = access.mapping(conversion.get("webhook"))
    config = webhook.get("clientConfig")
    review_versions = [access.text(v) for v in access.items(webhook.get("conversionReviewVersions"))]
    # kube's internal type keeps these at the conversion's top level, hence the paths.
    config_path = child(path, "webhookClientConfig")
    versions_path = child(path, "conversionReviewVersions")
    if strategy != "Webhook":
        if config is not None:
            errs.append(FieldError.forbidden(config_path, "should not be set when strategy is not set to Webhook"))
        if review_versions:
            errs.append(FieldError.forbidden(versions_path, "should not be set when strategy is not set to Webhook"))
        return errs
    if config is None:
        errs.append(FieldError.required(config_path, "required when strategy is set to Webhook"))
    else:
        client = access.mapping(config)
        if (client.get("url") is None) == (client.get("service") is None):
            errs.append(FieldError.required(config_path, "exactly one of url or service is required"))
        elif client.get("url") is not None:
            errs += _webhook_url(access.text(client["url"]), child(config_path, "url"))
        else:
            errs += _webhook_service(access.mapping(client["service"]), child(config_path, "service"))
    if not review_versions:
        return [*errs, FieldError.required(versions_path)]
    accepted = False
    for i, version in enumerate(review_versions):
        if version in review_versions[:i]:
            errs.append(FieldError.invalid(index(versions_path, i), version, "duplicate version"))
            continue
        errs += rules.invalid_each(index(versions_path, i), version, names.is_dns1035_label(version))
        accepted = accepted or version in ("v1", "v1beta1")
    if not accepted:
        errs.append(
            FieldError.invalid(
                versions_path,
                gotext.go_string_slice(review_versions),
                "must include at least one of v1, v1beta1",
            )
        )
    return errs
