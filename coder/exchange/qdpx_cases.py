"""REFI-QDA variables and cases into attributes and reviews (part of ``qdpx_import``).

A variable's Review Coder type and choices come back from the line the export writes in its
description; a case's "not stated" values and memos from its description."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from coder.codebook.attribute_set import NOT_STATED_VALUE, AttributeSpec
from coder.coding.reviews import write_value
from coder.errors import CoderError
from coder.exchange.qde_read import QCase, QProject, QSet, QSource
from coder.exchange.qdpx_names import NOT_STATED_LINE, TYPE_LINE
from coder.exchange.qdpx_notes import add_memo
from coder.exchange.qdpx_people import FIELD_LINE, PERSON_LINE
from coder.ids import new_id
from coder.project import attributes, changelog, documents, reviews
from coder.project.clock import utc_now
from coder.project.store import Project

_TYPES = {"Text": "text", "Integer": "integer", "Boolean": "boolean", "Date": "date"}
_PARAGRAPHS = re.compile(r"\n\s*\n")


def import_variables(
    project: Project, q: QProject, counts: dict[str, int], missing: Callable[[str], None]
) -> dict[str, AttributeSpec]:
    """The file's variables as attributes, by variable GUID."""
    specs: dict[str, AttributeSpec] = {}
    now = utc_now()
    taken: set[str] = set()
    people_fields = [v for v in q.variables if FIELD_LINE in v.description]
    if people_fields:
        missing(
            f"{len(people_fields)} variables of people (Review Coder case data): not imported "
            "as attributes; load the case-data schema and import the people's tables instead"
        )
    for i, v in enumerate(q.variables):
        if v in people_fields:
            continue
        kind, choices = _TYPES.get(v.type, "text"), []
        lines = []
        for para in _PARAGRAPHS.split(v.description.strip()):
            if para.startswith(TYPE_LINE):
                bits = para[len(TYPE_LINE) :].split("; choices:", 1)
                kind = bits[0].strip() or kind
                if len(bits) > 1:
                    choices = [c.strip() for c in bits[1].split("|") if c.strip()]
            elif para:
                lines.append(para)
        description = "\n\n".join(lines)
        name = v.name.strip() or f"variable {i + 1}"
        if name.casefold() in taken:
            missing(f"variable '{name}': a second variable of that name; not imported")
            continue
        taken.add(name.casefold())
        spec = AttributeSpec(v.guid, name, kind, choices, description)
        attributes.insert_attribute(project, spec, i, now)
        changelog.log(  # as the app logs a new attribute (``add_attributes``)
            project, None, "create", "attribute", spec.id, f"attribute '{name}' ({kind})", at=now
        )
        specs[v.guid] = spec
        counts["attributes"] += 1
    return specs


class Reviews:
    """Cases, sets and documents' own attribute values into reviews (see ``import_all``).

    ``doc_of`` maps each imported source's GUID to its document; ``file_doc`` maps the GUID
    in a source's file name (``internal://GUID.pdf``) to the same document, since QualCoder
    writes a case's ``SourceRef`` with that GUID instead of the source's."""

    def __init__(
        self,
        project: Project,
        q: QProject,
        doc_of: dict[str, str],
        file_doc: dict[str, str],
        specs: dict[str, AttributeSpec],
        counts: dict[str, int],
        account: Callable[[str, str, int], None],
        missing: Callable[[str], None],
    ) -> None:
        self.project = project
        self.q = q
        self.doc_of = doc_of
        self.file_doc = file_doc
        self.specs = specs
        self.counts = counts
        self.account = account
        self.missing = missing
        self.placed: dict[str, str] = {}  # document -> the case that made its review
        self.empty = 0
        self.now = utc_now()

    def import_all(self, source_values: list[tuple[str, QSource]]) -> None:
        people = [c for c in self.q.cases if c.description.startswith(PERSON_LINE)]
        if people:
            self.missing(
                f"{len(people)} cases that are people of a review (Review Coder case data): "
                "not imported as reviews"
            )
        for case in self.q.cases:
            if case in people:
                continue
            self.case(case)
        for st in self.q.sets:
            self.set(st)
        self.document_values(source_values)
        if self.empty:
            self.missing(f"{self.empty} attribute values were empty: nothing to import")

    # -- cases --------------------------------------------------------------------------

    def case(self, case: QCase) -> None:
        docs: list[str] = []
        strangers: list[str] = []
        for ref in case.sources:
            if ref in self.doc_of:
                docs.append(self.doc_of[ref])
            elif ref in self.file_doc:
                docs.append(self.file_doc[ref])
                self.missing(
                    f"case '{case.name}': its source reference {ref} is the GUID of a source's "
                    "file, not of the source (as QualCoder writes it); taken as that source"
                )
            elif not any(s.guid == ref for s in self.q.sources):
                strangers.append(ref)
        if not case.sources:
            docs = self._by_title(case)
        docs = list(dict.fromkeys(d for d in docs if d not in self.placed))
        n_values = len(case.values) + case.unreadable_values
        if not docs:
            if not case.sources:
                why = "it lists no sources and no document has its name"
            elif strangers and len(strangers) == len(case.sources):
                why = f"its sources ({', '.join(strangers[:3])}) are not sources in the file"
            elif any(self.doc_of.get(r) in self.placed for r in case.sources):
                why = "its documents are in an earlier case already"
            else:
                why = "none of its sources was imported"
            self.missing(f"case '{case.name}': {why}; it and its {n_values} values were skipped")
            self.account("Case", "not imported", 1)
            self.account("VariableValue", "not imported", n_values)
            return
        name = case.name or self._title(docs[0])
        if strangers:
            self.missing(
                f"case '{name}': its source references {', '.join(strangers[:3])} are not "
                "sources in the file; ignored"
            )
        self._review(case.guid, name, docs)
        for d in docs:
            self.placed[d] = case.guid
        self.account("Case", "imported", 1)
        not_stated: set[str] = set()
        for para in _PARAGRAPHS.split(case.description.strip()):
            if para.startswith(NOT_STATED_LINE):
                not_stated = {n.strip() for n in para[len(NOT_STATED_LINE) :].split("|")}
            elif para.strip():
                add_memo(self.project, "review", case.guid, None, para.strip(), self.now, self.now)
                self.counts["memos"] += 1
        self._values(case.guid, f"case '{name}'", case.values, case.unreadable_values)
        for spec in self.specs.values():
            if spec.name in not_stated:
                self._store(case.guid, spec, None)

    def _by_title(self, case: QCase) -> list[str]:
        """The document whose title is the case's name (with or without its extension),
        when exactly one is: QualCoder's export drops a case's sources."""
        wanted = case.name.strip().casefold()
        found = [
            d
            for s in self.q.sources
            if (d := self.doc_of.get(s.guid))
            and wanted
            and wanted in (s.name.casefold(), s.name.rsplit(".", 1)[0].casefold())
        ]
        if len(set(found)) != 1 or found[0] in self.placed:
            return []
        self.missing(
            f"case '{case.name}' lists no sources; taken as the review of the document of the "
            "same name"
        )
        return found[:1]

    # -- sets ---------------------------------------------------------------------------

    def set(self, st: QSet) -> None:
        docs = list(
            dict.fromkeys(
                d for g in st.sources if (d := self.doc_of.get(g) or self.file_doc.get(g))
            )
        )
        if not docs:
            why = (
                "a set of codes or notes, which Review Coder has no place for"
                if st.others and not st.sources
                else "none of its sources was imported"
            )
            self.missing(f"set '{st.name}': {why}; not imported")
            self.account("Set", "not imported", 1)
            return
        cases = {self.placed.get(d) for d in docs}
        if cases != {None}:
            whole = (
                len(cases) == 1
                and None not in cases
                and {d for d, c in self.placed.items() if c in cases} == set(docs)
            )
            if whole:  # the same grouping as a case (as this program exports reviews)
                self.account("Set", "imported", 1)
                return
            self.missing(
                f"set '{st.name}': cases group its documents otherwise; the cases' grouping "
                "is kept and the set not imported"
            )
            self.account("Set", "not imported", 1)
            return
        review = st.guid if not self._review_exists(st.guid) else new_id()
        self._review(review, st.name or self._title(docs[0]), docs)
        for d in docs:
            self.placed[d] = review
        if st.description.strip():
            add_memo(self.project, "review", review, None, st.description, self.now, self.now)
            self.counts["memos"] += 1
        self.account("Set", "imported", 1)

    # -- attribute values of documents ---------------------------------------------------

    def document_values(self, source_values: list[tuple[str, QSource]]) -> None:
        """Values written inside a source (QualCoder, MAXQDA) go to the document's review;
        when two documents of one review disagree, the first is kept and the report says
        so."""
        given: dict[tuple[str, str], tuple[Any, str]] = {}
        for doc_id, source in source_values:
            review = self._review_of(doc_id)
            kept = []
            for var, element, text in source.values:
                spec = self.specs.get(var)
                value = self._parse(spec, element, text, f"document '{source.name}'")
                if spec is None or value is _SKIP:
                    continue
                earlier = given.get((review, spec.id))
                if earlier is not None and earlier[0] != value:
                    self.missing(
                        f"attribute '{spec.name}': document '{source.name}' says "
                        f"'{text}', but '{earlier[1]}' of the same review said otherwise "
                        "first; the first is kept"
                    )
                    self.account("VariableValue", "not imported", 1)
                    continue
                given[(review, spec.id)] = (value, source.name)
                kept.append((spec, value))
            for spec, value in kept:
                self._store(review, spec, value)
                self.account("VariableValue", "imported", 1)
            self._unreadable(source.unreadable_values, f"document '{source.name}'")

    # -- helpers -------------------------------------------------------------------------

    def _values(self, review: str, where: str, values, unreadable: int) -> None:
        for var, element, text in values:
            spec = self.specs.get(var)
            value = self._parse(spec, element, text, where)
            if spec is None or value is _SKIP:
                continue
            self._store(review, spec, value)
            self.account("VariableValue", "imported", 1)
        self._unreadable(unreadable, where)

    def _parse(self, spec: AttributeSpec | None, element: str, text: str, where: str) -> Any:
        """A value, or ``_SKIP`` (accounted and, but for empty ones, reported here)."""
        if spec is None:
            self.missing(f"{where}: a value of a variable the file does not define; not imported")
            self.account("VariableValue", "not imported", 1)
            return _SKIP
        if not element or not text:
            self.empty += 1
            self.account("VariableValue", "empty", 1)
            return _SKIP
        try:
            value = _value(spec, element, text)
        except (CoderError, ValueError) as exc:
            self.missing(f"{where}, {spec.name}: {exc}; not imported")
            self.account("VariableValue", "not imported", 1)
            return _SKIP
        if value is None:
            self.empty += 1
            self.account("VariableValue", "empty", 1)
            return _SKIP
        return value

    def _unreadable(self, n: int, where: str) -> None:
        if n:
            self.missing(f"{where}: {n} values name no variable; not imported")
            self.account("VariableValue", "not imported", n)

    def _store(self, review: str, spec: AttributeSpec, value: Any) -> None:
        """A value, or "not stated" for None; written and logged as the app writes one."""
        stored = NOT_STATED_VALUE if value is None else value
        write_value(self.project, review, spec, stored, None, self.now)

    def _title(self, doc_id: str) -> str:
        return documents.get_document(self.project, doc_id).title

    def _review_of(self, doc_id: str) -> str:
        return documents.get_document(self.project, doc_id).review_id

    def _review_exists(self, review: str) -> bool:
        return bool(reviews.TABLE.by_keys(self.project, [(review,)]))

    def _review(self, review: str, name: str, docs: list[str]) -> None:
        """A new review of ``docs``, taking them from the reviews they were in (a review
        left without documents goes). Logged as the app logs these edits."""
        project, now = self.project, self.now
        old = list(dict.fromkeys(self._review_of(d) for d in docs))
        reviews.insert_review(project, review, name, now)
        reviews.move_documents(project, docs, review, now)
        changelog.log(project, None, "create", "review", review, f"review '{name}' created", at=now)
        for r in old:
            if reviews.delete_if_empty(project, r):
                changelog.log(
                    project,
                    None,
                    "delete",
                    "review",
                    r,
                    f"review left without documents by '{name}'",
                    {"into": review},
                    at=now,
                )
        self.counts["reviews"] += 1


_SKIP = object()


def _value(spec: AttributeSpec, element: str, text: str) -> Any:
    if element == "BooleanValue":
        return text.lower() in ("true", "1")
    if element == "IntegerValue" and spec.type == "integer":
        return int(text)
    parsed = spec.parse(text)
    return None if parsed is NOT_STATED_VALUE else parsed
