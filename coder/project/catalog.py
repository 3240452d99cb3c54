"""The tables an ``Edit`` knows: each repository's declared table, the rows a deletion
takes along with a row (so that undo can put them back), and a table for each of a
project's own tables (for an edit that reads every row)."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from functools import cache
from typing import Any

from coder.project.store import Project
from coder.project.table import REGISTRY, Table, row_table

#: the repository modules whose tables edits touch: imported on first use, so that a
#: repository may itself return Edits
_REPOSITORIES = (
    "adjudications",
    "assignments",
    "attributes",
    "briefings",
    "casedata",
    "coders",
    "codes",
    "coding_flags",
    "codings",
    "disclosure",
    "documents",
    "duplicates",
    "frameworks",
    "links",
    "memos",
    "recode",
    "recommendation_suggestions",
    "recommendations",
    "reviews",
    "screening",
    "structure",
)

Dependent = tuple[Table[Any], str, Callable[[Any], bool] | None]


@cache
def known_tables() -> dict[type, Table[Any]]:
    for name in _REPOSITORIES:
        importlib.import_module(f"coder.project.{name}")
    return REGISTRY


_DEPENDENTS: dict[str, tuple[Dependent, ...]] = {}


def dependents(project: Project) -> dict[str, tuple[Dependent, ...]]:
    """Rows that go (or change) when a row of a table is deleted: memo triggers, ON DELETE
    CASCADE and SET NULL. Reading them with the row lets undo put them back."""
    if _DEPENDENTS:
        return _DEPENDENTS
    tables = {t.name: t for t in known_tables().values()}

    def rows_of(name: str, entity: str) -> Table[Any]:
        return tables.get(name) or row_table(project, name, entity)

    _DEPENDENTS.update(
        {
            "codings": (
                (tables["memos"], "target_id", lambda m: m.target_kind == "coding"),
                (tables["coding_links"], "from_coding_id", None),
                (tables["coding_links"], "to_coding_id", None),
                (tables["recode_flags"], "coding_id", None),
                (tables["coding_flags"], "coding_id", None),
                (tables["adjudications"], "coding_id", None),
                (tables["case_links"], "coding_id", None),
                (tables["recommendation_codings"], "coding_id", None),
                (tables["disclosure_releases"], "coding_id", None),
                (tables["disclosure_overrides"], "coding_id", None),
            ),
            "codes": (
                (tables["memos"], "target_id", lambda m: m.target_kind == "code"),
                (tables["framework_mappings"], "code_id", None),
                (tables["briefing_themes"], "code_id", None),
                (tables["recommendation_codes"], "code_id", None),
            ),
            "briefings": ((tables["briefing_themes"], "briefing_id", None),),
            "briefing_themes": ((tables["briefing_stars"], "theme_id", None),),
            "frameworks": ((tables["framework_categories"], "framework_id", None),),
            "framework_categories": ((tables["framework_mappings"], "category_id", None),),
            "case_records": (
                (tables["case_values"], "record_id", None),
                (tables["case_links"], "record_id", None),
            ),
            "reviews": (
                (tables["memos"], "target_id", lambda m: m.target_kind == "review"),
                (tables["attribute_values"], "review_id", None),
                (tables["case_records"], "review_id", None),
                (rows_of("screenings", "screening"), "review_id", None),
                (rows_of("screening_resolutions", "screening_resolution"), "review_id", None),
                (rows_of("review_duplicates", "review_duplicate"), "review_id", None),
                (rows_of("review_duplicates", "review_duplicate"), "duplicate_of", None),
                (tables["recommendations"], "review_id", None),
            ),
            "recommendations": (
                (tables["recommendation_addressees"], "recommendation_id", None),
                (tables["recommendation_codes"], "recommendation_id", None),
                (tables["recommendation_codings"], "recommendation_id", None),
                (tables["recommendation_statuses"], "recommendation_id", None),
            ),
        }
    )
    return _DEPENDENTS


_LOG = "changes"  # the change log's table: it only grows, so it is in no edit


def whole_tables(project: Project) -> list[Table[Any]]:
    """A declared table for each of the project's own tables (but the change log), the
    first that covers all its columns. Raises TypeError when a table has none."""
    whole: dict[str, Table[Any]] = {}
    for table in known_tables().values():
        fresh = table.name not in whole and table.name != _LOG
        if fresh and set(table.columns) == _columns_of(project, table.name):
            whole[table.name] = table
    missing = set(_table_names(project)) - set(whole) - {_LOG}
    if missing:
        raise TypeError(f"no table spec covers every column of {', '.join(sorted(missing))}")
    return list(whole.values())


def _columns_of(project: Project, name: str) -> set[str]:
    """The columns table ``name`` has in this project."""
    return {r[1] for r in project.conn.execute(f"PRAGMA table_info({name})")}


def _table_names(project: Project) -> list[str]:
    """The project's own tables: not SQLite's, the migrations', nor the full-text index's
    (its triggers keep it in step with ``document_texts``)."""
    return [
        name
        for (name,) in project.conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND sql NOT LIKE "
            "'CREATE VIRTUAL%' AND name NOT LIKE 'document_fts%' AND name NOT LIKE 'sqlite%' "
            "AND name != '_sqlite_migrations' ORDER BY name"
        )
    ]
