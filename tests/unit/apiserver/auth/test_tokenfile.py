"""The static token file: kube's CSV rules, errors that name the line but never the token."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kubeedge.apiserver.auth import tokenfile
from kubeedge.apiserver.auth.tokenfile import StaticToken
from kubeedge.errors import StorageError

if TYPE_CHECKING:
    from pathlib import Path


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", ()),
        ("\n\n", ()),
        ("t1,alice,1\n", (StaticToken(token="t1", user="alice", uid="1"),)),
        ('t1,alice,1,"a,b"\n', (StaticToken(token="t1", user="alice", uid="1", groups=("a", "b")),)),
        ("t1,alice,1,solo", (StaticToken(token="t1", user="alice", uid="1", groups=("solo",)),)),
        ('t1,alice,1,""\n', (StaticToken(token="t1", user="alice", uid="1"),)),
        ("t1, alice, 1\n", (StaticToken(token="t1", user="alice", uid="1"),)),
        ("t1,alice,1,g,ignored\n", (StaticToken(token="t1", user="alice", uid="1", groups=("g",)),)),
        ("\r\nt1,alice,1\r\n\r\n", (StaticToken(token="t1", user="alice", uid="1"),)),
        (",nobody,0\nt2,bob,2\n", (StaticToken(token="t2", user="bob", uid="2"),)),
        (
            "t1,alice,1\nt2,bob,2\nt1,carol,3\n",
            (StaticToken(token="t2", user="bob", uid="2"), StaticToken(token="t1", user="carol", uid="3")),
        ),
    ],
)
def test_parse(text: str, expected: tuple[StaticToken, ...]) -> None:
    assert tokenfile.parse_token_file(text, source="tokens.csv") == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "t1,alice\n",
            "tokens.csv: line 1 must have at least 3 columns (token, user name, user uid), found 2",
        ),
        ("t1,alice,1\n# comment\n", "line 2 must have at least 3 columns"),
        ('"secret-token"x,alice,1\n', "malformed CSV at line 1"),
    ],
)
def test_parse_errors_name_file_and_line(text: str, message: str) -> None:
    with pytest.raises(StorageError) as info:
        tokenfile.parse_token_file(text, source="tokens.csv")
    assert message in str(info.value)
    assert "secret-token" not in str(info.value)


def test_warnings_never_show_tokens(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    tokenfile.parse_token_file("dup-secret,a,1\ndup-secret,b,2\n,c,3\n", source="f")
    assert "line 2" in caplog.text
    assert "dup-secret" not in caplog.text


def test_repr_hides_the_token() -> None:
    assert "s3cret" not in repr(StaticToken(token="s3cret", user="u", uid="1"))


_field = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc", "Zs", "Zl", "Zp")), min_size=1, max_size=12)
_record = st.builds(
    StaticToken,
    token=_field,
    user=_field,
    uid=_field,
    groups=st.lists(_field.filter(lambda g: "," not in g), max_size=3).map(tuple),
)


@given(st.lists(_record, max_size=5, unique_by=lambda r: r.token))
def test_format_parse_round_trip(records: list[StaticToken]) -> None:
    text = tokenfile.format_token_file(records)
    assert tokenfile.parse_token_file(text, source="x") == tuple(records)


def test_load_token_file(tmp_path: Path) -> None:
    path = tmp_path / "tokens.csv"
    path.write_text('abc,alice,1,"x"\n')
    assert tokenfile.load_token_file(path) == (StaticToken(token="abc", user="alice", uid="1", groups=("x",)),)


def test_load_token_file_errors_name_the_file(tmp_path: Path) -> None:
    with pytest.raises(StorageError, match=f"token file {tmp_path / 'absent'}: cannot read"):
        tokenfile.load_token_file(tmp_path / "absent")
    binary = tmp_path / "binary.csv"
    binary.write_bytes(b"\xff\xfe")
    with pytest.raises(StorageError, match="not UTF-8"):
        tokenfile.load_token_file(binary)
