"""Kubernetes protobuf request bodies (``application/vnd.kubernetes.protobuf``), decoded to JSON.

Go clients send built-in objects in Kubernetes' protobuf encoding; :func:`decode_object` turns
such a body into the dict the same object is in JSON, so the HTTP layer can hand it to the same
code as a JSON body. Responses stay JSON: Go clients accept it. Only decoding is needed.
"""

from __future__ import annotations

from kubeedge.apiserver.protobuf.decode import PROTOBUF_CONTENT_TYPE, decode_object

__all__ = ["PROTOBUF_CONTENT_TYPE", "decode_object"]
