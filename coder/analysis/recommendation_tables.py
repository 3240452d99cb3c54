"""The recommendations register as tables: one row per recommendation (with its current
status, its group of repeated recommendations and its review's attributes), the timeline
of responses, and status updates read back from a spreadsheet.

Import matches each row to a recommendation by ``recommendation_id``, else by its review
(``review_id``, else ``review_name``) and ``label``; it is all or nothing unless
``partial`` asks for the valid rows. A row that repeats an entry the recommendation has
already (same status, date, source and note) adds nothing, so importing twice is harmless.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from coder.analysis.attributes_csv import ReviewMatcher
from coder.analysis.casedata_tables import read_table
from coder.analysis.pool import unique_labels
from coder.analysis.tables import write_table
from coder.coding.reviews import attribute_values, list_attributes
from coder.errors import InvalidInputError
from coder.ids import CoderId
from coder.project import coders as coders_repo
from coder.project import codes as codes_repo
from coder.project import recommendations as repo
from coder.project.edit import Edit
from coder.project.recommendations import Recommendation, StatusEntry
from coder.project.store import Project
from coder.recommendations import register
from coder.recommendations.cluster import DEFAULT_THRESHOLD, Cluster, clusters

YEAR_ATTRIBUTE = "publication year"
TYPE_ATTRIBUTE = "review type"

RECOMMENDATION_COLUMNS = [
    "project",
    "recommendation_id",
    "review_id",
    "review_name",
    "document",
    "page",
    "char_start",
    "char_end",
    "label",
    "text",
    "addressees",
    "forces",
    "national_bodies",
    "agencies",
    "police_generally",
    "scope",
    "owner",
    "timescale",
    "outcome",
    "origin",
    "themes",
    "linked_codings",
    "status",
    "status_date",
    "status_entries",
    "cluster",
    "cluster_size",
    "cluster_reviews",
    "cluster_confirmed",
    "cluster_summary",
]
RESPONSE_COLUMNS = [
    "project",
    "entry_id",
    "recommendation_id",
    "review_id",
    "review_name",
    "label",
    "status",
    "date",
    "source_kind",
    "source",
    "note",
    "recorded_by",
    "recorded_at",
]
IMPORT_COLUMNS = [
    "recommendation_id",
    "review_id",
    "review_name",
    "label",
    "status",
    "date",
    "source_kind",
    "source",
    "note",
]


@dataclass(frozen=True)
class RegisterView:
    """The register with what each row reports: clusters and review attributes."""

    recs: list[Recommendation]
    clusters: list[Cluster]
    cluster_of: dict[str, Cluster]
    review_names: dict[str, str]
    years: dict[str, str]  # review id -> publication year ('' when not recorded)
    types: dict[str, str]  # review id -> review type
    project_of: dict[str, int] = field(default_factory=dict)  # recommendation id -> index
    labels: list[str] = field(default_factory=list)  # the projects' labels


def _attribute(project: Project, name: str) -> dict[str, str]:
    spec = next((a for a in list_attributes(project) if a.name == name), None)
    if spec is None:
        return {}
    values = attribute_values(project)
    out = {}
    for review_id, own in values.items():
        text = spec.format(own.get(spec.id))
        if text and text != "not stated":
            out[review_id] = text
    return out


def register_view(
    projects: Project | Sequence[Project],
    threshold: float = DEFAULT_THRESHOLD,
    labels: Sequence[str] | None = None,
) -> RegisterView:
    """The register of one project, or pooled across several (their recommendations
    grouped together, so a repeated recommendation is found across projects)."""
    pool = [projects] if isinstance(projects, Project) else list(projects)
    recs: list[Recommendation] = []
    project_of: dict[str, int] = {}
    names: dict[str, str] = {}
    years: dict[str, str] = {}
    types: dict[str, str] = {}
    for index, project in enumerate(pool):
        own = repo.list_recommendations(project)
        recs += own
        project_of.update({r.id: index for r in own})
        names.update(repo.review_names(project))
        years.update(_attribute(project, YEAR_ATTRIBUTE))
        types.update(_attribute(project, TYPE_ATTRIBUTE))
    found = clusters(
        [r.id for r in recs], [r.text for r in recs], [r.cluster_id for r in recs], threshold
    )
    cluster_of = {m: c for c in found for m in c.members}
    return RegisterView(
        recs,
        found,
        cluster_of,
        names,
        years,
        types,
        project_of,
        list(labels or unique_labels([p.path for p in pool])),
    )


def summary(view: RegisterView, cluster: Cluster) -> str:
    """``made 5 times in 4 reviews (2019–2023; DHR 3, SAR 1)``."""
    by_id = {r.id: r for r in view.recs}
    reviews = list(dict.fromkeys(by_id[m].review_id for m in cluster.members))
    years = sorted({view.years[r] for r in reviews if r in view.years})
    types = Counter(view.types[r] for r in reviews if r in view.types)
    parts = []
    if years:
        parts.append(years[0] if len(years) == 1 else f"{years[0]}\u2013{years[-1]}")
    if types:
        parts.append(", ".join(f"{t} {n}" for t, n in sorted(types.items())))
    times = "once" if len(cluster.members) == 1 else f"{len(cluster.members)} times"
    where = f"{len(reviews)} review" + ("" if len(reviews) == 1 else "s")
    return f"made {times} in {where}" + (f" ({'; '.join(parts)})" if parts else "")


def recommendation_rows(
    projects: Project | Sequence[Project], threshold: float = DEFAULT_THRESHOLD
) -> tuple[list[str], list[list[object]]]:
    """The register table (of one project, or pooled): header (RECOMMENDATION_COLUMNS, then
    ``attr:<name>`` for each review attribute, in the first project's order, then the
    others') and one row per recommendation, project by project in register order."""
    pool = [projects] if isinstance(projects, Project) else list(projects)
    view = register_view(pool, threshold)
    attr_names: list[str] = []
    values: dict[str, dict[str, str]] = {}  # review id -> attribute name -> cell
    titles: dict[str, str] = {}
    code_names: dict[str, str] = {}
    for project in pool:
        attrs = list_attributes(project)
        attr_names += [a.name for a in attrs if a.name not in attr_names]
        for review_id, own in attribute_values(project).items():
            values[review_id] = {a.name: a.format(own.get(a.id)) for a in attrs}
        titles.update(repo.document_titles(project))
        code_names.update({c.id: c.name for c in codes_repo.list_codes(project)})
    rows: list[list[object]] = []
    for rec in view.recs:
        cluster = view.cluster_of[rec.id]
        current = rec.statuses[-1] if rec.statuses else None
        own = values.get(rec.review_id, {})
        reviews = {r.review_id for r in view.recs if r.id in set(cluster.members)}
        rows.append(
            [
                view.labels[view.project_of[rec.id]],
                rec.id,
                rec.review_id,
                view.review_names.get(rec.review_id, ""),
                titles.get(rec.document_id or "", ""),
                rec.page if rec.page is not None else "",
                rec.char_start if rec.char_start is not None else "",
                rec.char_end if rec.char_end is not None else "",
                rec.label,
                rec.text,
                "; ".join(a.label for a in rec.addressees),
                "; ".join(a.name for a in rec.addressees if a.kind == "force"),
                "; ".join(a.name for a in rec.addressees if a.kind == "national body"),
                "; ".join(a.name for a in rec.addressees if a.kind == "agency"),
                "yes" if any(a.kind == "police" for a in rec.addressees) else "no",
                rec.scope,
                rec.owner,
                rec.timescale,
                rec.outcome,
                rec.origin,
                "; ".join(code_names.get(c, c) for c in rec.code_ids),
                len(rec.coding_ids),
                rec.status,
                current.date if current else "",
                len(rec.statuses),
                cluster.number,
                len(cluster.members),
                len(reviews),
                "yes" if cluster.confirmed_id else "no",
                summary(view, cluster),
                *(own.get(name, "") for name in attr_names),
            ]
        )
    return [*RECOMMENDATION_COLUMNS, *(f"attr:{n}" for n in attr_names)], rows


def response_rows(
    projects: Project | Sequence[Project], labels: Sequence[str] | None = None
) -> tuple[list[str], list[list[object]]]:
    """Every status entry, project by project, recommendation by recommendation, oldest
    first."""
    pool = [projects] if isinstance(projects, Project) else list(projects)
    labels = list(labels or unique_labels([p.path for p in pool]))
    rows: list[list[object]] = []
    for label, project in zip(labels, pool, strict=True):
        rows += _responses(project, label)
    return RESPONSE_COLUMNS, rows


def _responses(project: Project, label: str) -> list[list[object]]:
    names = repo.review_names(project)
    coders: dict[str | None, str] = {c.id: c.name for c in coders_repo.list_coders(project)}
    rows: list[list[object]] = []
    for rec in repo.list_recommendations(project):
        for e in rec.statuses:
            rows.append(
                [
                    label,
                    e.id,
                    rec.id,
                    rec.review_id,
                    names.get(rec.review_id, ""),
                    rec.label,
                    e.status,
                    e.date,
                    e.source_kind,
                    e.source,
                    e.note,
                    coders.get(e.recorded_by, ""),
                    e.created_at,
                ]
            )
    return rows


def export_register(
    project: Project | Sequence[Project],
    path: str | Path,
    responses: str | Path | None = None,
    threshold: float = DEFAULT_THRESHOLD,
    excel: bool = False,
) -> dict[str, int]:
    """Write the register (and the responses) of one project or several, by extension;
    returns rows per file."""
    pool = [project] if isinstance(project, Project) else list(project)
    header, rows = recommendation_rows(pool, threshold)
    out = {str(path): write_table(path, header, rows, excel)}
    if responses is not None:
        rheader, rrows = response_rows(pool)
        out[str(responses)] = write_table(responses, rheader, rrows, excel)
    return out


# -- import ------------------------------------------------------------------------------------


@dataclass
class StatusImport:
    added: int = 0
    unchanged: int = 0
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    edit: Edit = field(default_factory=Edit)  # the entries added (empty when none was)


def import_statuses(
    project: Project, path: str | Path, coder_id: CoderId | None, partial: bool = False
) -> StatusImport:
    """Apply the status updates in a table (see the module docstring) as one edit. Raises
    InvalidInputError for an unusable file; row problems are in the result's ``errors``,
    and with any of them nothing is applied unless ``partial``."""
    path = Path(path)
    header, rows = read_table(path)
    result = StatusImport()
    lowered = [h.casefold() for h in header]
    for name, low in zip(header, lowered, strict=True):
        known = (*IMPORT_COLUMNS, *RECOMMENDATION_COLUMNS, *RESPONSE_COLUMNS)
        if name and low not in known and not low.startswith("attr:"):
            result.warnings.append(f"{path.name}: column '{name}' is not read")
    for needed in ("status", "date"):
        if needed not in lowered:
            raise InvalidInputError(f"{path.name}: needs a '{needed}' column")
    if "recommendation_id" not in lowered and "label" not in lowered:
        raise InvalidInputError(
            f"{path.name}: needs a 'recommendation_id' column, or 'label' with "
            "'review_id' or 'review_name'"
        )
    recs = repo.list_recommendations(project)
    by_id = {r.id: r for r in recs}
    by_label: dict[tuple[str, str], list[Recommendation]] = {}
    for r in recs:
        by_label.setdefault((r.review_id, r.label.casefold()), []).append(r)
    matcher = ReviewMatcher(project)
    planned: list[StatusEntry] = []
    seen = {
        (e.recommendation_id, e.status, e.date, e.source_kind, e.source, e.note)
        for r in recs
        for e in r.statuses
    }
    for number, row in enumerate(rows, start=2):
        if not any(str(c).strip() for c in row):
            continue
        cells = {h: str(c).strip() for h, c in zip(lowered, row, strict=False) if h}
        try:
            rec = _match(cells, by_id, by_label, matcher)
            kind = cells.get("source_kind", "") or _guess_kind(project, cells.get("source", ""))
            entry = register.new_status(
                project,
                rec.id,
                cells.get("status", ""),
                cells.get("date", ""),
                kind,
                cells.get("source", ""),
                cells.get("note", ""),
                coder_id,
            )
        except InvalidInputError as exc:
            result.errors.append(f"row {number}: {exc}")
            continue
        key = (rec.id, entry.status, entry.date, entry.source_kind, entry.source, entry.note)
        if key in seen:
            result.unchanged += 1
            continue
        seen.add(key)
        planned.append(entry)
    if result.errors and not partial:
        return result
    if planned:
        result.edit = register.add_statuses(project, planned, coder_id)
    result.added = len(planned)
    return result


def _match(
    cells: dict[str, str],
    by_id: dict[str, Recommendation],
    by_label: dict[tuple[str, str], list[Recommendation]],
    matcher: ReviewMatcher,
) -> Recommendation:
    rec_id = cells.get("recommendation_id", "").lower()
    if rec_id:
        if rec_id not in by_id:
            raise InvalidInputError(f"no recommendation with id {rec_id}")
        return by_id[rec_id]
    label = " ".join(cells.get("label", "").split())
    if not label:
        raise InvalidInputError("give the recommendation_id, or the review and the label")
    review_id = matcher.match(cells)
    found = by_label.get((review_id, label.casefold()), [])
    if not found:
        raise InvalidInputError(f"the review has no recommendation labelled '{label}'")
    if len(found) > 1:
        raise InvalidInputError(
            f"the review has {len(found)} recommendations labelled '{label}'; "
            "give the recommendation_id"
        )
    return found[0]


def _guess_kind(project: Project, source: str) -> str:
    if source.startswith(("http://", "https://")):
        return "url"
    if source and source in set(repo.document_titles(project).values()):
        return "document"
    return "correspondence"


# -- filtering the register (the app's register table) ---------------------------------------

FILTERS = ("force", "addressee", "review type", "year", "theme", "scope", "status")


def theme_names(project: Project) -> dict[str, str]:
    return {c.id: c.name for c in codes_repo.list_codes(project)}


def filter_values(
    view: RegisterView, themes: dict[str, str], rec: Recommendation
) -> dict[str, set[str]]:
    """The values a recommendation has for each filter."""
    return {
        "force": {a.name for a in rec.addressees if a.kind == "force"},
        "addressee": {a.label for a in rec.addressees},
        "review type": {view.types[rec.review_id]} if rec.review_id in view.types else set(),
        "year": {view.years[rec.review_id]} if rec.review_id in view.years else set(),
        "theme": {themes.get(c, c) for c in rec.code_ids},
        "scope": {rec.scope},
        "status": {rec.status},
    }


def filter_options(view: RegisterView, themes: dict[str, str]) -> dict[str, list[str]]:
    """Each filter's values across the register, sorted (statuses in their own order)."""
    found: dict[str, set[str]] = {f: set() for f in FILTERS}
    for rec in view.recs:
        for name, values in filter_values(view, themes, rec).items():
            found[name] |= values
    out = {name: sorted(values, key=str.casefold) for name, values in found.items()}
    out["status"] = [s for s in repo.STATUSES if s in found["status"]]
    return out


def filtered(
    view: RegisterView, themes: dict[str, str], chosen: dict[str, str]
) -> list[Recommendation]:
    """The recommendations that have every chosen value (a filter left out: any)."""
    return [
        rec
        for rec in view.recs
        if all(
            value in filter_values(view, themes, rec)[name]
            for name, value in chosen.items()
            if value
        )
    ]
