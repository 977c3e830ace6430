"""kube-apiserver's static token file (``--token-auth-file``): parse and format.

The format is CSV, one credential a line: ``token,user,uid,"group1,group2"`` (the group column is
optional). We keep kube's rules so that an operator's existing file works unchanged: blank lines
are skipped, a record with fewer than three columns makes the whole file invalid, a record with an
empty token is skipped, and a duplicated token is overridden by the later record. There are no
comment lines (kube has none either: ``# x`` is a one-column record and therefore an error).

Parsing is pure (text in, records out); :func:`load_token_file` is the one function that reads.
Tokens never appear in log messages or exception text: errors name the file and the line.
"""

from __future__ import annotations

import csv
import io
import logging
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from kubeedge.errors import StorageError

if TYPE_CHECKING:
    from collections.abc import Iterable
    from pathlib import Path

__all__ = [
    "StaticToken",
    "format_token_file",
    "load_token_file",
    "parse_token_file",
]

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True, kw_only=True)
class StaticToken:
    """One record of the token file: a bearer token and the user it stands for."""

    token: str = field(repr=False)
    user: str
    uid: str
    groups: tuple[str, ...] = ()


def parse_token_file(text: str, *, source: str) -> tuple[StaticToken, ...]:
    """Parse the content of a static token file.

    Args:
        text: the file's content.
        source: the file's path, used in error messages.

    Returns:
        The records in file order; when a token repeats, only its last record is kept.

    Raises:
        StorageError: a record has fewer than three columns or the CSV is malformed.
    """
    by_token: dict[str, StaticToken] = {}
    reader = csv.reader(io.StringIO(text), skipinitialspace=True, strict=True)
    try:
        for record in reader:
            if not record:
                continue  # blank line
            line = reader.line_num
            if len(record) < 3:
                raise StorageError(
                    f"token file {source}: line {line} must have at least 3 columns "
                    f"(token, user name, user uid), found {len(record)}"
                )
            token, user, uid = record[0], record[1], record[2]
            if not token:
                logger.warning("Empty token skipped in token file %s, line %d", source, line)
                continue
            groups = tuple(g for g in record[3].split(",") if g) if len(record) > 3 else ()
            if token in by_token:
                logger.warning("Duplicate token in token file %s, line %d overrides it", source, line)
                del by_token[token]  # keep file order of the surviving record
            by_token[token] = StaticToken(token=token, user=user, uid=uid, groups=groups)
    except csv.Error:
        # csv.Error text can quote the offending field, which may be a token: do not chain its text.
        raise StorageError(f"token file {source}: malformed CSV at line {reader.line_num}") from None
    return tuple(by_token.values())


def format_token_file(records: Iterable[StaticToken]) -> str:
    """Render records in the static token file format (the inverse of :func:`parse_token_file`)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    for record in records:
        row = [record.token, record.user, record.uid]
        if record.groups:
            row.append(",".join(record.groups))
        writer.writerow(row)
    return buffer.getvalue()


def load_token_file(path: Path) -> tuple[StaticToken, ...]:
    """Read and parse a static token file.

    Raises:
        StorageError: the file cannot be read, is not UTF-8, or is malformed.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise StorageError(f"token file {path}: cannot read: {exc.strerror or exc}") from exc
    except UnicodeDecodeError:
        raise StorageError(f"token file {path}: not UTF-8 text") from None
    return parse_token_file(text, source=str(path))
