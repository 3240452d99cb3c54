"""Timestamps: UTC, ISO 8601, millisecond precision, with a Z suffix."""

from __future__ import annotations

from datetime import UTC, datetime


def utc_now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")
