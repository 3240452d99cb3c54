"""Migration 0002_code_definitions, as released: never edited; a change to the schema is a new one.

A code's definition is ``description``; codebooks add when (not) to use it and an example.
"""

from __future__ import annotations

from coder.project.sqlite import Database

NAME = "0002_code_definitions"


def apply(db: Database) -> None:
    for column in ("when_to_use", "when_not_to_use", "example"):
        db.execute(f"ALTER TABLE codes ADD COLUMN {column} TEXT NOT NULL DEFAULT ''")
