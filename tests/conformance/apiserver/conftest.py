"""A real kubeedge-apiserver process per test module, driven by kubectl and the official client."""

from __future__ import annotations

import shutil
from typing import TYPE_CHECKING

import pytest

from kubeedge.testing.apiserver import RunningApiServer, start_apiserver

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def apiserver(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningApiServer]:
    if shutil.which("kubectl") is None:
        pytest.skip("kubectl is not installed (scripts/setup --test installs it)")
    with start_apiserver(tmp_path_factory.mktemp("apiserver")) as server:
        yield server


@pytest.fixture
def fresh_apiserver(tmp_path: Path) -> Iterator[RunningApiServer]:
    """A server of the test's own, for tests that restart or break it."""
    with start_apiserver(tmp_path) as server:
        yield server
