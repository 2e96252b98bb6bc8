"""The statements of the full-text index of matters on SQLite (``0019_search`` creates it):
an FTS5 ``trigram`` table kept in step with ``petitions_matter`` by three triggers.

When a migration makes SQLite rebuild ``petitions_matter`` (adding a NOT NULL column, a
constraint), the triggers go with the old table; the index's rows stay right (the rows keep
their ids). ``ensure_search_triggers`` creates them again after every ``migrate``
(``PetitionsConfig``'s ``post_migrate``), so no later migration has to remember.
"""

from __future__ import annotations

from typing import Any

from django.db import connections

#: Each text is indexed followed by two ETX characters (the delete trigger must give back
#: exactly the values the insert gave).
_INSERT = (
    "INSERT INTO petitions_matter_search (rowid, summary, content) "
    "VALUES (new.id, new.summary || char(3, 3), new.content || char(3, 3));"
)
_DELETE = (
    "INSERT INTO petitions_matter_search (petitions_matter_search, rowid, summary, content) "
    "VALUES ('delete', old.id, old.summary || char(3, 3), old.content || char(3, 3));"
)
SQLITE_TABLES = [
    "CREATE VIRTUAL TABLE IF NOT EXISTS petitions_matter_search USING fts5("
    "summary, content, content='', tokenize='trigram')",
    "CREATE VIRTUAL TABLE IF NOT EXISTS petitions_matter_search_terms "
    "USING fts5vocab(petitions_matter_search, 'row')",
]
SQLITE_TRIGGERS = [
    "CREATE TRIGGER IF NOT EXISTS petitions_matter_search_insert "
    "AFTER INSERT ON petitions_matter BEGIN " + _INSERT + " END",
    "CREATE TRIGGER IF NOT EXISTS petitions_matter_search_delete "
    "AFTER DELETE ON petitions_matter BEGIN " + _DELETE + " END",
    "CREATE TRIGGER IF NOT EXISTS petitions_matter_search_update "
    "AFTER UPDATE OF summary, content ON petitions_matter BEGIN "
    + _DELETE
    + " "
    + _INSERT
    + " END",
]
SQLITE_FILL = (
    "INSERT INTO petitions_matter_search (rowid, summary, content) "
    "SELECT id, summary || char(3, 3), content || char(3, 3) FROM petitions_matter"
)
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS petitions_matter_search_insert",
    "DROP TRIGGER IF EXISTS petitions_matter_search_delete",
    "DROP TRIGGER IF EXISTS petitions_matter_search_update",
    "DROP TABLE IF EXISTS petitions_matter_search_terms",
    "DROP TABLE IF EXISTS petitions_matter_search",
]


def ensure_search_triggers(using: str = "default") -> None:
    """Create the index's triggers if the index exists and they do not (SQLite only)."""
    connection = connections[using]
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'petitions_matter_search'"
        )
        if cursor.fetchone() is None:
            return
        for statement in SQLITE_TRIGGERS:
            cursor.execute(statement)


def ensure_after_migrate(sender: Any, using: str = "default", **kwargs: Any) -> None:
    ensure_search_triggers(using)
