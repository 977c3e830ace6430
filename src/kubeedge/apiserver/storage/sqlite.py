"""The apiserver's SQLite file: an append-only revision log, as kine keeps it.

One table, ``log``: every create, update and delete appends a row whose ``rev`` (the SQLite rowid)
is the global revision that clients see as ``resourceVersion``. A delete appends a tombstone row
that carries the object's final state. The current state of a key is its newest row; the state
at an older revision ``R`` is, per key, the newest row with ``rev <= R`` — which is how exact and
paginated LISTs stay consistent. Compaction deletes rows that a newer row of the same key has
superseded (and tombstones) up to a revision, after which reads and watches from before that
revision answer 410 Gone.

Durability: WAL journal with ``synchronous=FULL`` and one transaction per batch of writes, so an
acknowledged write survives ``kill -9`` and a power cut, and a batch is visible entirely or not at
all. This module is the only one in the apiserver that imports ``sqlite3``; all of it is blocking
and is called from one writer thread (see ``store.py``) or at start-up.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from typing import TYPE_CHECKING

from kubeedge.errors import StorageError

if TYPE_CHECKING:
    from collections.abc import Iterator, Sequence
    from pathlib import Path

__all__ = ["LogRow", "SnapshotRow", "SqliteLog"]

SCHEMA_VERSION = 1

_SCHEMA = """
CREATE TABLE IF NOT EXISTS log (
    rev      INTEGER PRIMARY KEY,
    key      TEXT    NOT NULL,
    prev_rev INTEGER NOT NULL,
    deleted  INTEGER NOT NULL,
    value    BLOB    NOT NULL
);
CREATE INDEX IF NOT EXISTS log_key_rev ON log (key, rev);
-- Partial indexes that keep compaction proportional to what it removes.
CREATE INDEX IF NOT EXISTS log_superseding ON log (rev) WHERE prev_rev > 0;
CREATE INDEX IF NOT EXISTS log_tombstones ON log (rev) WHERE deleted = 1;
CREATE TABLE IF NOT EXISTS meta (
    name  TEXT PRIMARY KEY,
    value INTEGER NOT NULL
);
"""


@dataclass(frozen=True, slots=True)
class LogRow:
    """One row to append: ``prev_rev`` is the key's previous revision (0 on create)."""

    rev: int
    key: str
    prev_rev: int
    deleted: bool
    value: bytes


@dataclass(frozen=True, slots=True)
class SnapshotRow:
    key: str
    rev: int
    value: bytes


def _prefix_end(prefix: str) -> str:
    """The smallest string greater than every string starting with ``prefix``."""
    return prefix[:-1] + chr(ord(prefix[-1]) + 1)


class SqliteLog:
    """Blocking access to the revision log. Not thread-safe: use from one thread at a time."""

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            self._db = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=FULL")
            self._db.execute("PRAGMA busy_timeout=5000")
            check = self._db.execute("PRAGMA quick_check").fetchone()
            if check is None or check[0] != "ok":
                raise StorageError(f"{path}: database integrity check failed: {check[0] if check else '?'}")
            self._db.executescript(_SCHEMA)
            version = self._meta("schema_version")
            if version is None:
                self._set_meta("schema_version", SCHEMA_VERSION)
            elif version != SCHEMA_VERSION:
                raise StorageError(f"{path}: schema version {version} is not supported (want {SCHEMA_VERSION})")
        except sqlite3.DatabaseError as exc:
            raise StorageError(f"{path}: cannot open the database: {exc}") from exc

    def close(self) -> None:
        try:
            self._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        except sqlite3.Error:
            pass  # closing anyway; the WAL is replayed on the next open
        self._db.close()

    # --- metadata ---------------------------------------------------------------------------

    def _meta(self, name: str) -> int | None:
        row = self._db.execute("SELECT value FROM meta WHERE name = ?", (name,)).fetchone()
        return None if row is None else int(row[0])

    def _set_meta(self, name: str, value: int) -> None:
        self._db.execute("INSERT OR REPLACE INTO meta (name, value) VALUES (?, ?)", (name, value))

    def compact_revision(self) -> int:
        return self._meta("compact_rev") or 0

    def current_revision(self) -> int:
        """The newest revision ever handed out; never smaller than the compaction point."""
        row = self._db.execute("SELECT MAX(rev) FROM log").fetchone()
        newest = int(row[0]) if row and row[0] is not None else 0
        return max(newest, self._meta("floor_rev") or 0)

    # --- reads ------------------------------------------------------------------------------

    def load_current(self) -> Iterator[SnapshotRow]:
        """Every live key with its newest revision and value (start-up load)."""
        try:
            cursor = self._db.execute(
                "SELECT l.key, l.rev, l.value FROM log l "
                "JOIN (SELECT key, MAX(rev) AS rev FROM log GROUP BY key) m ON l.rev = m.rev "
                "WHERE l.deleted = 0 ORDER BY l.key"
            )
            for key, rev, value in cursor:
                yield SnapshotRow(key, int(rev), bytes(value))
        except sqlite3.DatabaseError as exc:
            raise StorageError(f"{self.path}: cannot read the revision log: {exc}") from exc

    def snapshot(self, prefix: str, *, at_rev: int, start_key: str, limit: int) -> list[SnapshotRow]:
        """Live keys under ``prefix`` as of revision ``at_rev``, from ``start_key`` in key order."""
        lower = max(prefix, start_key)
        sql = (
            "SELECT l.key, l.rev, l.value FROM log l JOIN ("
            " SELECT key, MAX(rev) AS rev FROM log WHERE key >= ? AND key < ? AND rev <= ? GROUP BY key"
            ") m ON l.rev = m.rev WHERE l.deleted = 0 ORDER BY l.key"
        )
        params: list[object] = [lower, _prefix_end(prefix), at_rev]
        if limit > 0:
            sql += " LIMIT ?"
            params.append(limit)
        try:
            rows = self._db.execute(sql, params).fetchall()
        except sqlite3.DatabaseError as exc:
            raise StorageError(f"{self.path}: cannot read the revision log: {exc}") from exc
        return [SnapshotRow(k, int(r), bytes(v)) for k, r, v in rows]

    def changes_since(self, prefix: str, *, after_rev: int, until_rev: int) -> list[tuple[LogRow, bytes | None]]:
        """Rows under ``prefix`` with ``after_rev < rev <= until_rev``, each with its previous value."""
        sql = (
            "SELECT l.rev, l.key, l.prev_rev, l.deleted, l.value, p.value FROM log l "
            "LEFT JOIN log p ON p.rev = l.prev_rev "
            "WHERE l.rev > ? AND l.rev <= ? AND l.key >= ? AND l.key < ? ORDER BY l.rev"
        )
        try:
            rows = self._db.execute(sql, (after_rev, until_rev, prefix, _prefix_end(prefix))).fetchall()
        except sqlite3.DatabaseError as exc:
            raise StorageError(f"{self.path}: cannot read the revision log: {exc}") from exc
        return [
            (LogRow(int(rev), key, int(prev), bool(deleted), bytes(value)), None if pv is None else bytes(pv))
            for rev, key, prev, deleted, value, pv in rows
        ]

    # --- writes -----------------------------------------------------------------------------

    def append(self, rows: Sequence[LogRow]) -> None:
        """Append rows in one transaction: all become durable, or none do."""
        try:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                self._db.executemany(
                    "INSERT INTO log (rev, key, prev_rev, deleted, value) VALUES (?, ?, ?, ?, ?)",
                    [(r.rev, r.key, r.prev_rev, int(r.deleted), r.value) for r in rows],
                )
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")
        except sqlite3.Error as exc:
            raise StorageError(f"{self.path}: write failed: {exc}") from exc

    def compact(self, target_rev: int, *, batch: int = 1000) -> int:
        """Drop superseded rows and tombstones at or below ``target_rev``; returns rows removed.

        Works in small transactions so writers are never blocked for long.
        """
        removed = 0
        try:
            current = self.current_revision()
            target_rev = min(target_rev, current)
            while True:
                self._db.execute("BEGIN IMMEDIATE")
                try:
                    # Rows replaced by a newer row that is itself within the compacted range.
                    pairs = self._db.execute(
                        "SELECT rev, prev_rev FROM log WHERE prev_rev > 0 AND rev <= ? LIMIT ?",
                        (target_rev, batch),
                    ).fetchall()
                    if pairs:
                        self._db.executemany("DELETE FROM log WHERE rev = ?", [(p,) for _, p in pairs])
                        self._db.executemany("UPDATE log SET prev_rev = 0 WHERE rev = ?", [(r,) for r, _ in pairs])
                        n = len(pairs)
                    else:
                        n = self._db.execute(
                            "DELETE FROM log WHERE rev IN ("
                            " SELECT rev FROM log WHERE deleted = 1 AND rev <= ? LIMIT ?)",
                            (target_rev, batch),
                        ).rowcount
                    if n == 0:
                        self._set_meta("compact_rev", max(target_rev, self.compact_revision()))
                        self._set_meta("floor_rev", max(current, self._meta("floor_rev") or 0))
                except BaseException:
                    self._db.execute("ROLLBACK")
                    raise
                self._db.execute("COMMIT")
                removed += n
                if n == 0:
                    return removed
        except sqlite3.Error as exc:
            raise StorageError(f"{self.path}: compaction failed: {exc}") from exc
