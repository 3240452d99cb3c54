"""The merge report as text lines, JSON or a standalone HTML page."""

from __future__ import annotations

import json
from html import escape
from pathlib import Path
from typing import Any

from coder.atomic import replacing
from coder.errors import InvalidInputError

OUTCOME_LABELS = {
    "kept": "kept",
    "same_coding": "same coding in another input",
    "duplicate": "same document, code, coder and range as another",
    "deleted": "deleted in another input",
    "code_deleted": "its code was deleted",
}


def _n(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def summary_lines(report: dict[str, Any]) -> list[str]:
    lines = []
    for entry in report["inputs"]:
        parts = [f"{n} {OUTCOME_LABELS[k]}" for k, n in entry["outcomes"].items() if n]
        lines.append(
            f"{Path(entry['path']).name}: {entry['codings']} codings: {', '.join(parts) or 'none'}"
        )
    r = report["result"]
    lines.append(
        f"result: {r['documents']} documents, {r['codes']} codes, {r['coders']} coders, "
        f"{r['codings']} codings, {r['memos']} memos"
    )
    lines.append(
        f"{_n(len(report['conflicts']), 'conflict')}, "
        f"{_n(len(report['deletions']), 'deletion')} honoured, "
        f"{_n(len(report['reanchored']), 'coding')} re-anchored, "
        f"{len(report['unplaced'])} unplaced (kept and flagged)"
    )
    for c in report["conflicts"]:
        kept = ", ".join(f"{f} from {src}" for f, src in c["kept"].items())
        lines.append(f"  conflict: {c['entity']} '{c['label']}': {kept}")
    for d in report["deletions"]:
        lines.append(f"  deleted: {d['entity']} '{d['label']}' (deleted in {d['deleted_in']})")
    for u in report["unplaced"]:
        lines.append(f"  unplaced: '{u['quote'][:60]}' from {u['input']} (flagged)")
    return lines


def write_report(report: dict[str, Any], path: Path) -> None:
    suffix = path.suffix.lower()
    if suffix == ".json":
        text = json.dumps(report, indent=2, ensure_ascii=False)
    elif suffix in (".html", ".htm"):
        text = to_html(report)
    else:
        raise InvalidInputError(f"{path.name}: the report is written as .json or .html")
    with replacing(path) as tmp:
        tmp.write_text(text, encoding="utf-8")


def _table(headers: list[str], rows: list[list[Any]]) -> str:
    if not rows:
        return "<p>None.</p>"
    head = "".join(f"<th>{escape(h)}</th>" for h in headers)
    body = "".join(
        "<tr>" + "".join(f"<td>{escape('' if v is None else str(v))}</td>" for v in row) + "</tr>"
        for row in rows
    )
    return f"<table><tr>{head}</tr>{body}</table>"


def to_html(report: dict[str, Any]) -> str:
    outcome_keys = list(OUTCOME_LABELS)
    inputs = _table(
        ["input", "codings", *OUTCOME_LABELS.values()],
        [
            [Path(e["path"]).name, e["codings"], *(e["outcomes"][k] for k in outcome_keys)]
            for e in report["inputs"]
        ],
    )
    conflicts = _table(
        ["what", "name", "fields", "kept", "versions"],
        [
            [
                c["entity"],
                c["label"],
                ", ".join(c["fields"]),
                "; ".join(f"{f}: {s}" for f, s in c["kept"].items()),
                "; ".join(json.dumps(v, ensure_ascii=False) for v in c["versions"]),
            ]
            for c in report["conflicts"]
        ],
    )
    deletions = _table(
        ["what", "name", "deleted in", "at", "still in"],
        [
            [d["entity"], d["label"], d["deleted_in"], d["deleted_at"], ", ".join(d["present_in"])]
            for d in report["deletions"]
        ],
    )
    dropped = _table(
        ["input", "reason", "page", "quote"],
        [[d["input"], d["reason"], d["page"], d["quote"]] for d in report["dropped_codings"]],
    )
    unplaced = _table(
        ["input", "quote", "was at"],
        [[u["input"], u["quote"], "-".join(map(str, u["from"]))] for u in report["unplaced"]],
    )
    r = report["result"]
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Merge report</title>
<style>body{{font-family:sans-serif;margin:2em;max-width:70em}}
table{{border-collapse:collapse;margin-bottom:1em}}
td,th{{border:1px solid #ccc;padding:3px 6px;text-align:left;vertical-align:top}}</style>
</head><body>
<h1>Merge report</h1>
<p>{report["input_codings"]} input codings; result: {r["documents"]} documents,
{r["codes"]} codes, {r["coders"]} coders, {r["codings"]} codings, {r["memos"]} memos,
{r["flagged"]} flagged codings.</p>
<h2>Every input coding, accounted for</h2>{inputs}
<h2>Conflicts ({len(report["conflicts"])})</h2>{conflicts}
<h2>Deletions honoured ({len(report["deletions"])})</h2>{deletions}
<h2>Codings not carried over ({len(report["dropped_codings"])})</h2>{dropped}
<h2>Re-anchored codings ({len(report["reanchored"])})</h2>
<p>Codings made on a differently stored text of the same PDF, placed by their quote.</p>
<h2>Unplaced codings, kept and flagged ({len(report["unplaced"])})</h2>{unplaced}
</body></html>
"""
