"""Versioned schema migrations (sqlite-utils ``Migrations``).

The schema version of a project is the number of migrations applied to it;
it is also mirrored in ``PRAGMA user_version`` so that any SQLite tool can read
it. A migration is never edited once released: changes are new migrations, each a
module of ``coder.project.migrations`` added at the end of ``RELEASED``.
"""

from __future__ import annotations

from typing import Protocol

from coder.project.migrations import (
    m0001_initial,
    m0002_code_definitions,
    m0003_teamwork,
    m0004_case_data,
    m0005_structure,
    m0006_frameworks,
    m0007_sample,
    m0008_briefings,
    m0009_recommendations,
)
from coder.project.sqlite import Database, Migrations

APPLICATION_ID = 0x52435052  # "RCPR": marks the file as a Review Coder project
MIGRATION_SET = "review-coder"


class Migration(Protocol):
    """What a module of ``coder.project.migrations`` provides."""

    NAME: str

    def apply(self, db: Database) -> None: ...


#: every migration, in the order it runs; a project records each by its ``NAME``
RELEASED: tuple[Migration, ...] = (
    m0001_initial,
    m0002_code_definitions,
    m0003_teamwork,
    m0004_case_data,
    m0005_structure,
    m0006_frameworks,
    m0007_sample,
    m0008_briefings,
    m0009_recommendations,
)

migrations = Migrations(MIGRATION_SET)
for _step in RELEASED:
    migrations(name=_step.NAME)(_step.apply)


def known_names() -> list[str]:
    return [m.name for m in migrations._migrations]


LATEST_VERSION = len(known_names())
