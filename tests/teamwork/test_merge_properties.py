"""Property tests: whatever coders do in their copies, a merge loses no coding."""

from __future__ import annotations

import contextlib
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coder.coding import edits
from coder.coding.operations import code_text
from coder.errors import InvalidInputError
from coder.project import coders, codes, codings, documents
from coder.project.store import Project
from coder.teamwork.distribute import distribute
from coder.teamwork.merge import plan_merge
from coder.teamwork.merge_write import write_merge
from tests.teamwork.test_merge import make_template, second_pdf

CODES = ["Risk/Assessment", "Agencies/MARAC", "Practice/Supervision"]


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    from tests.conftest import sample_pdf

    folder = tmp_path_factory.mktemp("template")
    a, b = folder / "a.pdf", folder / "b.pdf"
    a.write_bytes(sample_pdf()[0])
    b.write_bytes(second_pdf())
    return make_template(folder / "study.rcproj", [a, b])


op = st.one_of(
    st.tuples(
        st.just("code"),
        st.integers(0, 2),  # coder
        st.integers(0, 1),  # document
        st.integers(0, 2),  # code
        st.floats(0, 1),  # where
        st.integers(1, 80),  # length
        st.sampled_from([None, "supports", "hinders"]),
    ),
    st.tuples(st.just("delete"), st.integers(0, 2), st.integers(0, 50)),
    st.tuples(
        st.just("effect"), st.integers(0, 2), st.integers(0, 50), st.sampled_from(["supports"])
    ),
    st.tuples(st.just("delete_code"), st.integers(0, 2), st.integers(0, 2)),
)


def _apply(path: Path, name: str, ops: list[tuple]) -> None:
    with Project.open(path, user=name) as p:
        me = coders.find_coder(p, name).id
        docs = sorted(documents.list_documents(p), key=lambda d: d.sha256)
        tree = codes.code_tree(p)
        ids = {tree.path(c): c for c in tree.parent}
        for o in ops:
            existing = sorted(codings.list_codings(p), key=lambda c: c.id)
            if o[0] == "code":
                doc = docs[o[2]]
                length = len(documents.document_text(p, doc.id))
                start = min(int(o[4] * length), length - 1)
                code = ids.get(CODES[o[3]])
                if code is None:
                    continue
                with contextlib.suppress(InvalidInputError):  # whitespace only
                    code_text(p, doc.id, code, me, start, min(length, start + o[5]), o[6])
            elif o[0] == "delete" and existing:
                edits.delete_codings(p, [existing[o[2] % len(existing)].id], me)
            elif o[0] == "effect" and existing:
                edits.set_effect(p, [existing[o[2] % len(existing)].id], o[3], me)
            elif o[0] == "delete_code" and o[2] == 2 and CODES[2] in ids:
                edits.delete_code(p, ids[CODES[2]], keep_codings=False, coder_id=me)
                tree = codes.code_tree(p)
                ids = {tree.path(c): c for c in tree.parent}


def _keys(path: Path) -> dict[str, tuple]:
    with Project.open(path, read_only=True) as p:
        tree = codes.code_tree(p)
        shas = {d.id: d.sha256 for d in documents.list_documents(p)}
        names = {c.id: c.name for c in coders.list_coders(p)}
        return {
            c.id: (
                shas[c.document_id],
                tree.path(c.code_id),
                names[c.coder_id],
                c.char_start,
                c.char_end,
            )
            for c in codings.list_codings(p)
        }


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(ops=st.lists(op, max_size=14))
def test_no_merge_loses_a_coding(template, ops):
    folder = Path(tempfile.mkdtemp())
    try:
        names = ["Ann", "Bob", "Cat"]
        copies = distribute(template, names, folder)
        for i, name in enumerate(names):
            _apply(copies[i], name, [o for o in ops if o[1] == i])
        out = folder / "merged.rcproj"
        with plan_merge(copies) as plan:
            write_merge(plan, out)
            report = plan.report
        merged = _keys(out)
        kept_keys = set(merged.values())
        dropped = {(d["input"], d["coding_id"]) for d in report["dropped_codings"]}
        for path, entry in zip(copies, report["inputs"], strict=True):
            inputs = _keys(path)
            assert sum(entry["outcomes"].values()) == entry["codings"] == len(inputs)
            for coding_id, key in inputs.items():
                if (path.name, coding_id) in dropped:
                    continue
                assert key in kept_keys, f"{path.name} lost {key}"
        # a dropped coding was deleted, or its code was, in some input
        for d in report["dropped_codings"]:
            assert d["reason"] in {"deleted", "code_deleted"}
        # and merging again adds nothing
        again = folder / "again.rcproj"
        with plan_merge([out, *copies]) as plan:
            write_merge(plan, again)
        assert set(_keys(again).values()) == kept_keys
    finally:
        shutil.rmtree(folder, ignore_errors=True)
