"""Checks of the change log: still append-only, numbered forward, every entry readable,
and no coding present that the log says was deleted (a merge would drop it again)."""

from __future__ import annotations

import json
import re
import sqlite3

from coder.project.check import Finding

APPEND_ONLY_TRIGGERS = {
    "changes_no_update": """CREATE TRIGGER changes_no_update BEFORE UPDATE ON changes BEGIN
        SELECT RAISE(ABORT, 'the change log is append-only');
    END""",
    "changes_no_delete": """CREATE TRIGGER changes_no_delete BEFORE DELETE ON changes BEGIN
        SELECT RAISE(ABORT, 'the change log is append-only');
    END""",
}
_AT = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$")
_ACTIONS = ("create", "update", "delete")


def check_change_log(conn: sqlite3.Connection) -> list[Finding]:
    out: list[Finding] = []
    triggers = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")}
    for name in APPEND_ONLY_TRIGGERS:
        if name not in triggers:
            out.append(
                Finding(
                    "changelog_triggers",
                    f"the change log is no longer append-only (trigger {name} is missing)",
                    "changes",
                    fixable=True,
                )
            )
    top = conn.execute("SELECT max(seq) FROM changes").fetchone()[0] or 0
    row = conn.execute("SELECT seq FROM sqlite_sequence WHERE name = 'changes'").fetchone()
    if top and (row is None or row[0] is None or row[0] < top):
        out.append(
            Finding(
                "changelog_sequence",
                f"the change log's counter ({row[0] if row else 'none'}) is behind its last "
                f"entry ({top}): new entries would reuse numbers",
                "changes",
                fixable=True,
            )
        )
    last: dict[str, str] = {}
    rows = conn.execute(
        "SELECT seq, at, action, entity, entity_id, detail FROM changes ORDER BY at, seq"
    )
    for seq, at, action, entity, entity_id, detail in rows:
        problem = _entry_problem(at, action, entity, entity_id, detail)
        if problem:
            out.append(Finding("changelog_entry", f"change {seq}: {problem}", "changes", str(seq)))
        elif entity == "coding":
            last[entity_id] = action
    for (coding_id,) in conn.execute("SELECT id FROM codings ORDER BY rowid"):
        if last.get(coding_id) == "delete":
            out.append(
                Finding(
                    "changelog_deleted_present",
                    f"coding {coding_id} is present, but the change log's last word on it is "
                    "its deletion (a merge would drop it)",
                    "codings",
                    coding_id,
                )
            )
    return out


def _entry_problem(
    at: object, action: object, entity: object, entity_id: object, detail: object
) -> str | None:
    if not isinstance(at, str) or not _AT.match(at):
        return f"its time {at!r} is not a UTC ISO 8601 time"
    if action not in _ACTIONS:
        return f"its action {action!r} is unknown"
    if not isinstance(entity, str) or not entity or not isinstance(entity_id, str) or not entity_id:
        return "it names no entity"
    try:
        parsed = json.loads(detail) if isinstance(detail, str) else None
    except ValueError:
        parsed = None
    if not isinstance(parsed, dict):
        return "its detail is not a JSON object"
    return None
