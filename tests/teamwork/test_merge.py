"""Merging coders' project files: four ways of building inputs, and what must hold for all."""

from __future__ import annotations

import gc
import hashlib
import time
from pathlib import Path

import pytest

from coder.codebook.attribute_set import AttributeSet, AttributeSpec, derived_attribute_id
from coder.coding import edits
from coder.coding.autocode import autocode
from coder.coding.ingest import import_pdf
from coder.coding.operations import add_memo, code_text
from coder.coding.reviews import add_attributes, set_attribute
from coder.errors import CoderError, InvalidInputError
from coder.project import coders, codes, codings, documents
from coder.project.store import Project
from coder.teamwork.distribute import COPY_FOR, distribute
from coder.teamwork.merge import plan_merge
from coder.teamwork.merge_write import write_merge
from coder.text.matcher import phrase_query
from tests.conftest import sample_pdf
from tests.pdfkit import PdfBuilder


def second_pdf() -> bytes:
    b = PdfBuilder()
    b.page()
    b.line(72, 100, "The MARAC met twice and shared information about the risk.")
    b.line(72, 130, "No referral was made to children's social care by the officers.")
    b.page()
    b.line(72, 100, "Supervision of the risk assessment was limited by workload.")
    return b.tobytes()


@pytest.fixture
def pdfs(tmp_path: Path) -> list[Path]:
    a, b = tmp_path / "review-a.pdf", tmp_path / "review-b.pdf"
    a.write_bytes(sample_pdf()[0])
    b.write_bytes(second_pdf())
    return [a, b]


def make_template(path: Path, pdfs: list[Path]) -> Path:
    with Project.create(path, user="Lead") as p:
        for pdf in pdfs:
            import_pdf(p, pdf, "Lead")
        autocode(p, "Risk/Assessment", phrase_query("risk assessment"), "Lead")
        with p.write():
            codes.ensure_path(p, "Agencies/MARAC", None)
            codes.ensure_path(p, "Practice/Supervision", None)
    return path


def fingerprint(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def signature(path: Path) -> dict[str, object]:
    """What a merged project holds, by content (document SHA, code path, coder name)."""
    with Project.open(path, read_only=True) as p:
        tree = codes.code_tree(p)
        shas = {d.id: d.sha256 for d in documents.list_documents(p)}
        names = {c.id: c.name for c in coders.list_coders(p)}
        return {
            "codes": sorted(
                (tree.path(c.id), c.colour, c.description) for c in codes.list_codes(p)
            ),
            "codings": sorted(
                (
                    c.id,
                    shas[c.document_id],
                    tree.path(c.code_id),
                    names[c.coder_id],
                    c.char_start,
                    c.char_end,
                    c.effect,
                )
                for c in codings.list_codings(p)
            ),
            "memos": sorted(
                (r[0], r[1], r[2])
                for r in p.conn.execute("SELECT id, target_kind, text FROM memos")
            ),
            "documents": sorted(shas.values()),
            "coders": sorted(names.values()),
        }


def merge(paths: list[Path], out: Path) -> dict:
    with plan_merge(paths) as plan:
        write_merge(plan, out)
        return plan.report


def ids_by_path(p: Project) -> dict[str, str]:
    tree = codes.code_tree(p)
    return {tree.path(c): c for c in tree.parent}


def doc_by_file(p: Project, name: str) -> str:
    return next(d.id for d in documents.list_documents(p) if d.file_name == name)


def test_distribute_writes_one_copy_per_coder_with_the_same_uuids(tmp_path, pdfs):
    template = make_template(tmp_path / "study.rcproj", pdfs)
    out = tmp_path / "team" / "copies"  # a folder that does not exist yet, nor its parent
    copies = distribute(template, ["Ann", "Bob Smith"], out)
    assert [c.name for c in copies] == ["study-Ann.rcproj", "study-Bob-Smith.rcproj"]
    sigs = [signature(c) for c in copies]
    assert sigs[0] == sigs[1] == signature(template)
    assert sigs[0]["coders"] == ["Ann", "Bob Smith", "Lead"]
    with Project.open(copies[1], read_only=True) as p:
        assert p.meta(COPY_FOR) == "Bob Smith"
    with pytest.raises(CoderError, match="already exists"):
        distribute(template, ["Ann"], out)
    (tmp_path / "a-file").write_text("x")
    with pytest.raises(InvalidInputError, match="is a file, not a folder"):
        distribute(template, ["Cy"], tmp_path / "a-file")


def test_merging_distributed_copies(tmp_path, pdfs):
    template = make_template(tmp_path / "study.rcproj", pdfs)
    (tmp_path / "copies").mkdir()
    ann_path, bob_path = distribute(template, ["Ann", "Bob"], tmp_path / "copies")
    with Project.open(ann_path, user="Ann") as p:
        autocode(p, "Agencies/MARAC", phrase_query("MARAC"), "Ann")
        ann = coders.find_coder(p, "Ann").id
        marac = codings.list_codings(p, code_id=ids_by_path(p)["Agencies/MARAC"])
        add_memo(p, "coding", marac[0].id, "Ann's note on the MARAC", ann)
    with Project.open(bob_path, user="Bob") as p:
        autocode(p, "Agencies/MARAC", phrase_query("MARAC"), "Bob")
        autocode(p, "Practice/Supervision", phrase_query("supervision"), "Bob")
        add_memo(p, "project", None, "Bob's project note", coders.find_coder(p, "Bob").id)
    before = [fingerprint(ann_path), fingerprint(bob_path)]
    out = tmp_path / "merged.rcproj"
    report = merge([ann_path, bob_path], out)
    # inputs are untouched, not even by a journal or WAL file
    assert [fingerprint(ann_path), fingerprint(bob_path)] == before
    assert sorted(p.name for p in (tmp_path / "copies").iterdir()) == [
        "study-Ann.rcproj",
        "study-Bob.rcproj",
    ]
    assert not list(tmp_path.glob(".merged*"))
    sig = signature(out)
    by_coder = {}
    for c in sig["codings"]:
        by_coder.setdefault((c[3], c[2]), []).append(c)
    # the template's 4 risk assessment codings once, each coder's own codings kept
    assert {k: len(v) for k, v in by_coder.items()} == {
        ("Lead", "Risk/Assessment"): 4,
        ("Ann", "Agencies/MARAC"): 2,
        ("Bob", "Agencies/MARAC"): 2,
        ("Bob", "Practice/Supervision"): 1,
    }
    assert report["input_codings"] == 6 + 7
    assert report["inputs"][0]["outcomes"] == {
        "kept": 6,
        "same_coding": 0,
        "duplicate": 0,
        "deleted": 0,
        "code_deleted": 0,
    }
    assert report["inputs"][1]["outcomes"]["same_coding"] == 4
    assert report["inputs"][1]["outcomes"]["kept"] == 3
    assert report["conflicts"] == [] and report["deletions"] == []
    assert sorted(m[1:] for m in sig["memos"]) == sorted(
        [("coding", "Ann's note on the MARAC"), ("project", "Bob's project note")]
    )
    assert sig["coders"] == ["Ann", "Bob", "Lead"]
    # idempotent: merging the result with either input adds nothing
    for i, source in enumerate((ann_path, bob_path)):
        again = tmp_path / f"again{i}.rcproj"
        merge([out, source], again)
        assert signature(again) == sig
    # order of the inputs does not matter
    swapped = tmp_path / "swapped.rcproj"
    merge([bob_path, ann_path], swapped)
    assert signature(swapped) == sig
    # the result opens and passes the project check
    from coder.project.check import check_project

    with Project.open(out) as p:
        assert check_project(p) == []


def test_merging_independent_imports_in_another_order(tmp_path, pdfs):
    x, y = tmp_path / "x.rcproj", tmp_path / "y.rcproj"
    with Project.create(x, user="Ann") as p:
        for pdf in pdfs:
            import_pdf(p, pdf, "Ann")
        autocode(p, "Risk/Assessment", phrase_query("risk assessment"), "Ann")
    with Project.create(y, user="Bob") as p:
        for pdf in reversed(pdfs):
            import_pdf(p, pdf, "Bob")
        autocode(p, "Risk/Assessment", phrase_query("risk assessment"), "Bob")
        autocode(p, "Risk/Assessment", phrase_query("risk assessment"), "Ann")  # same as x's
    report = merge([x, y], tmp_path / "m.rcproj")
    sig = signature(tmp_path / "m.rcproj")
    assert len(sig["documents"]) == 2
    assert [c[0] for c in sig["codes"]] == ["Risk", "Risk/Assessment"]  # matched by path
    assert sig["coders"] == ["Ann", "Bob"]  # Ann matched by name across files
    counts = {}
    for c in sig["codings"]:
        counts[c[3]] = counts.get(c[3], 0) + 1
    assert counts == {"Ann": 4, "Bob": 4}
    # y's Ann codings have other UUIDs but the same document, code, coder and range
    assert report["inputs"][1]["outcomes"]["duplicate"] == 4
    assert sum(sum(i["outcomes"].values()) for i in report["inputs"]) == 12
    merge([y, x], tmp_path / "m2.rcproj")
    assert signature(tmp_path / "m2.rcproj") == sig


def test_conflicting_codebook_edits_and_deletions(tmp_path, pdfs):
    template = make_template(tmp_path / "study.rcproj", pdfs)
    (tmp_path / "copies").mkdir()
    with Project.open(template) as p:
        spec = AttributeSpec(
            derived_attribute_id("Review type"), "Review type", "choice", ["DHR", "SAR"]
        )
        add_attributes(p, AttributeSet("types", [spec]), None)
    ann_path, bob_path = distribute(template, ["Ann", "Bob"], tmp_path / "copies")
    with Project.open(bob_path, user="Bob") as p:
        ids = ids_by_path(p)
        bob = coders.find_coder(p, "Bob").id
        edits.update_code(p, ids["Agencies/MARAC"], bob, name="MARAC meeting", colour="#000000")
        autocode(p, "Practice/Supervision", phrase_query("supervision"), "Bob")
        review = p.conn.execute("SELECT id FROM reviews ORDER BY name").fetchone()[0]
        set_attribute(p, review, spec.id, "SAR", bob)
    time.sleep(0.01)
    with Project.open(ann_path, user="Ann") as p:
        ids = ids_by_path(p)
        ann = coders.find_coder(p, "Ann").id
        edits.update_code(p, ids["Agencies/MARAC"], ann, name="MARAC referral")
        edits.delete_code(p, ids["Practice/Supervision"], keep_codings=False, coder_id=ann)
        first = codings.list_codings(p, code_id=ids["Risk/Assessment"])[0]
        edits.delete_codings(p, [first.id], ann)
        review = p.conn.execute("SELECT id FROM reviews ORDER BY name").fetchone()[0]
        set_attribute(p, review, spec.id, "DHR", ann)
    time.sleep(0.01)
    with Project.open(bob_path, user="Bob") as p:  # Bob uses the deleted code afterwards
        late = codings.list_codings(p, code_id=ids_by_path(p)["Practice/Supervision"])
        edits.set_effect(p, [late[0].id], "hinders", coders.find_coder(p, "Bob").id)
    out = tmp_path / "m.rcproj"
    report = merge([ann_path, bob_path], out)
    sig = signature(out)
    paths = [c[0] for c in sig["codes"]]
    # Ann renamed later than Bob: her name wins; Bob's colour (only he changed it) too
    assert "Agencies/MARAC referral" in paths and "Agencies/MARAC meeting" not in paths
    marac = next(c for c in sig["codes"] if c[0] == "Agencies/MARAC referral")
    assert marac[1] == "#000000"
    code_conflicts = [c for c in report["conflicts"] if c["entity"] == "code"]
    (kept_code,) = [c for c in code_conflicts if c["fields"] == ["deleted"]]
    (code_conflict,) = [c for c in code_conflicts if c["fields"] != ["deleted"]]
    assert kept_code["label"] == "Practice/Supervision"
    assert code_conflict["fields"] == ["name", "colour"]
    assert code_conflict["kept"] == {"name": "study-Ann.rcproj", "colour": "study-Bob.rcproj"}
    (value_conflict,) = [c for c in report["conflicts"] if c["entity"] == "attribute value"]
    assert value_conflict["kept"] == {"value": "study-Ann.rcproj"}
    with Project.open(out, read_only=True) as p:
        assert p.conn.execute("SELECT value FROM attribute_values").fetchall() == [('"DHR"',)]
    # the deleted coding stays deleted
    assert first.id not in {c[0] for c in sig["codings"]}
    deleted = {(d["entity"], d["deleted_in"]) for d in report["deletions"]}
    assert ("coding", "study-Ann.rcproj") not in deleted  # codings are listed as dropped
    dropped = {d["coding_id"]: d["reason"] for d in report["dropped_codings"]}
    assert dropped[first.id] == "deleted"
    # Bob changed a Supervision coding after Ann deleted the code: the code is kept
    assert "Practice/Supervision" in paths
    assert any(c["fields"] == ["deleted"] for c in report["conflicts"])
    # every input coding is accounted for
    for entry in report["inputs"]:
        assert sum(entry["outcomes"].values()) == entry["codings"]
    swapped = tmp_path / "swapped.rcproj"
    merge([bob_path, ann_path], swapped)
    assert signature(swapped) == sig
    again = tmp_path / "again.rcproj"
    merge([out, bob_path], again)
    assert signature(again) == sig


def test_names_apart_by_case_stay_apart_as_create_code_allows(tmp_path, pdfs):
    """The merge compares code names by the one sibling-name rule (exactly): codes that
    create_code lets stand side by side are neither renamed nor joined by the merge."""
    template = make_template(tmp_path / "study.rcproj", pdfs)
    with Project.open(template) as p:
        edits.add_code(p, "risk", None, None)  # beside "Risk": create_code allows it
        with pytest.raises(InvalidInputError, match="already exists"):
            edits.add_code(p, "Risk", None, None)
    (tmp_path / "copies").mkdir()
    ann_path, bob_path = distribute(template, ["Ann", "Bob"], tmp_path / "copies")
    with Project.open(ann_path, user="Ann") as p:
        practice = ids_by_path(p)["Practice"]
        edits.add_code(p, "risk", practice, None)
        ann_risk = edits.add_code(p, "Risk", practice, None).created("code")[0]
    with Project.open(bob_path, user="Bob") as p:  # made apart from Ann's, so another UUID
        autocode(p, "Practice/Risk", phrase_query("risk"), "Bob")
        bob_codings = {
            c.id for c in codings.list_codings(p, code_id=ids_by_path(p)["Practice/Risk"])
        }
    assert bob_codings
    out = tmp_path / "m.rcproj"
    report = merge([ann_path, bob_path], out)
    # nothing renamed; the two "Practice/Risk" matched, and only their colours differ
    code_conflicts = [c for c in report["conflicts"] if c["entity"] == "code"]
    assert [(c["label"], c["fields"]) for c in code_conflicts] == [("Practice/Risk", ["colour"])]
    with Project.open(out, read_only=True) as p:
        ids = ids_by_path(p)
        assert sorted(ids) == [
            "Agencies",
            "Agencies/MARAC",
            "Practice",
            "Practice/Risk",
            "Practice/Supervision",
            "Practice/risk",
            "Risk",
            "Risk/Assessment",
            "risk",
        ]
        # Bob's "Practice/Risk" is the same code as Ann's "Practice/Risk", not her "risk"
        assert ids["Practice/Risk"] == ann_risk
        assert {c.id for c in codings.list_codings(p, code_id=ids["Practice/Risk"])} == bob_codings
        assert codings.list_codings(p, code_id=ids["Practice/risk"]) == []
    swapped = tmp_path / "swapped.rcproj"
    merge([bob_path, ann_path], swapped)
    assert signature(swapped) == signature(out)


def test_a_deleted_code_is_not_brought_back(tmp_path, pdfs):
    template = make_template(tmp_path / "study.rcproj", pdfs)
    (tmp_path / "copies").mkdir()
    ann_path, bob_path = distribute(template, ["Ann", "Bob"], tmp_path / "copies")
    with Project.open(ann_path, user="Ann") as p:
        ids = ids_by_path(p)
        edits.delete_code(p, ids["Risk"], keep_codings=False, coder_id=None)
    report = merge([ann_path, bob_path], tmp_path / "m.rcproj")
    sig = signature(tmp_path / "m.rcproj")
    assert [c[0] for c in sig["codes"]] == [
        "Agencies",
        "Agencies/MARAC",
        "Practice",
        "Practice/Supervision",
    ]
    assert {(d["entity"], d["label"]) for d in report["deletions"]} == {
        ("code", "Risk"),
        ("code", "Risk/Assessment"),
    }
    assert report["inputs"][1]["outcomes"]["code_deleted"] == 4  # Bob's copies of its codings
    assert sig["codings"] == []


def test_codings_on_a_differently_stored_text_are_reanchored(tmp_path, pdfs):
    template = make_template(tmp_path / "study.rcproj", pdfs[:1])
    (tmp_path / "copies").mkdir()
    ann_path, bob_path = distribute(template, ["Ann", "Bob"], tmp_path / "copies")
    with Project.open(ann_path, user="Ann") as p:
        autocode(p, "Agencies/MARAC", phrase_query("MARAC referral"), "Ann")
        expected = [(c.char_start, c.char_end, c.quote) for c in codings.list_codings(p)]
    prefix = "Text model 0 kept a header line.\n"
    with Project.open(bob_path, user="Bob") as p:
        doc = doc_by_file(p, "review-a.pdf")
        bob = coders.find_coder(p, "Bob").id
        ids = ids_by_path(p)
        with p.write():  # as an older text model would have stored it
            p.conn.execute("UPDATE documents SET text_version = 0 WHERE id = ?", [doc])
            p.conn.execute(
                "UPDATE document_texts SET text = ? || replace(text, 'MARAC', 'MARAC ') "
                "WHERE document_id = ?",
                [prefix, doc],
            )
            p.conn.execute(
                "UPDATE codings SET char_start = char_start + ?, char_end = char_end + ?",
                [len(prefix), len(prefix)],
            )
        p.cache.clear()
        text = documents.document_text(p, doc)
        at = text.index("MARAC  referral")
        code_text(p, doc, ids["Agencies/MARAC"], bob, at, at + len("MARAC  referral"))
        code_text(p, doc, ids["Agencies/MARAC"], bob, 0, len(prefix) - 1)  # cannot be placed
    report = merge([ann_path, bob_path], tmp_path / "m.rcproj")
    with Project.open(tmp_path / "m.rcproj", read_only=True) as p:
        text = documents.document_text(p, doc)
        got = {
            (coders_name, c.char_start, c.char_end, c.quote)
            for c in codings.list_codings(p)
            for coders_name in [next(x.name for x in coders.list_coders(p) if x.id == c.coder_id)]
        }
        flags = p.conn.execute("SELECT coding_id, flag FROM coding_flags").fetchall()
    # template codings in Bob's copy land where they are in Ann's (the kept text)
    assert {(s, e, q) for who, s, e, q in got if who == "Lead"} == {
        e for e in expected if "isk" in e[2]
    }
    # Bob's MARAC coding, made on "MARAC  referral", lands on the words of the kept text
    marac = text.index("MARAC referral")
    assert ("Bob", marac, marac + len("MARAC referral"), text[marac : marac + 14]) in got
    (unplaced,) = report["unplaced"]
    assert unplaced["quote"] == prefix.strip()
    assert flags == [(unplaced["coding_id"], "unplaced")]
    assert any(who == "Bob" and q == prefix.strip() for who, s, e, q in got)  # kept
    assert len(report["reanchored"]) == 3 + 1
    assert sum(report["inputs"][1]["outcomes"].values()) == report["inputs"][1]["codings"]


def test_bad_merges_are_refused_and_write_nothing(tmp_path, pdfs):
    template = make_template(tmp_path / "study.rcproj", pdfs[:1])
    (tmp_path / "not.rcproj").write_text("hello")
    with pytest.raises(CoderError, match="not a Review Coder project"):
        plan_merge([template, tmp_path / "not.rcproj"])
    with pytest.raises(CoderError, match="twice"):
        plan_merge([template, template])
    with plan_merge([template]) as plan, pytest.raises(CoderError, match="cannot be one of"):
        write_merge(plan, template)
    (tmp_path / "exists.rcproj").write_text("x")
    with plan_merge([template]) as plan, pytest.raises(CoderError, match="already exists"):
        write_merge(plan, tmp_path / "exists.rcproj")
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "exists.rcproj",
        "not.rcproj",
        "review-a.pdf",
        "review-b.pdf",
        "study.rcproj",
    ]


def test_the_garbage_collector_stays_on_while_a_merge_plans_and_writes(tmp_path, pdfs, monkeypatch):
    template = make_template(tmp_path / "study.rcproj", pdfs)
    (tmp_path / "copies").mkdir()
    ann_path, bob_path = distribute(template, ["Ann", "Bob"], tmp_path / "copies")
    with Project.open(bob_path, user="Bob") as p:
        autocode(p, "Agencies/MARAC", phrase_query("MARAC"), "Bob")

    def switched_off(*args: object) -> None:
        raise AssertionError("the merge switched the process's garbage collector off")

    monkeypatch.setattr(gc, "disable", switched_off)
    monkeypatch.setattr(gc, "freeze", switched_off)
    seen: list[bool] = []

    class Watch:
        def step(self, done: int, total: int) -> None:
            seen.append(gc.isenabled())

    assert gc.isenabled()
    with plan_merge([ann_path, bob_path], Watch()) as plan:
        write_merge(plan, tmp_path / "merged.rcproj")
        assert plan.report["result"]["codings"] == 4 + 2
    assert len(seen) > 10 and all(seen)
    assert gc.isenabled()


def test_a_coding_read_again_by_its_id_may_have_a_quote_in_its_id(tmp_path, pdfs):
    """The merge reads a coding's whole row again to re-anchor it; the id is a parameter,
    not spliced into the SQL, so an id from a hand-edited or foreign file with a quote in it
    is read, not a syntax error."""
    from coder.project.merge_inputs import MergeInput

    template = make_template(tmp_path / "study.rcproj", pdfs[:1])
    with Project.open(template, user="Lead") as p:
        first = codings.list_codings(p)[0]
        with p.write():
            p.conn.execute("UPDATE codings SET id = ? WHERE id = ?", ["Bob's 1", first.id])
        row = MergeInput(0, template, p, {}).full_coding("Bob's 1")
    assert (row["id"], row["quote"]) == ("Bob's 1", first.quote)
