"""``review-coder qdpx export`` and ``qdpx import`` as analysts script them."""

from __future__ import annotations

import json

import pytest

from tests.cli.test_cli import run
from tests.datafiles import DATA


@pytest.fixture(scope="module")
def built_demo_path(tmp_path_factory):
    from coder.demo.project import ensure_demo

    return ensure_demo(tmp_path_factory.mktemp("demo") / "demo.rcproj")


def test_qdpx_export_and_import(tmp_path, capsys, built_demo_path):
    out = tmp_path / "demo.qdpx"
    code, text, _ = run(capsys, "qdpx", "export", built_demo_path, "--out", out)
    assert (code, text) == (
        0,
        f"wrote {out}: 3 documents, 83 codes, 383 codings, 1 memos\n",
    )
    back = tmp_path / "back.rcproj"
    code, text, _ = run(capsys, "qdpx", "import", out, "--out", back, "--json")
    report = json.loads(text)
    assert code == 0 and report["imported"]["codings"] == 383 and report["not_imported"] == []
    assert report["position_unit"] == "codepoint"
    code, _, err = run(capsys, "qdpx", "import", out, "--out", back)
    assert code == 1 and "already exists" in err and err.count("\n") == 1


def test_qdpx_import_reports_what_a_bare_document_lacks(tmp_path, capsys):
    code, text, _ = run(
        capsys,
        "qdpx",
        "import",
        DATA / "f4" / "valid-document.xml",
        "--out",
        tmp_path / "f4.rcproj",
    )
    lines = text.splitlines()
    assert code == 0
    assert lines[0] == f"created {tmp_path / 'f4.rcproj'} from 'f4-Projekt' (f4 2025.2.9): 1 codes"
    assert lines[1].startswith(
        "not imported: text source 'Interview 15mins': its file "
        "(internal://333e1cde-f6c3-46c8-98cb-6e92eb1169a1.txt) is not included"
    )


def test_qdpx_import_refuses_a_hostile_archive(tmp_path, capsys):
    import zipfile

    bad = tmp_path / "bad.qdpx"
    with zipfile.ZipFile(bad, "w") as z:
        z.writestr("project.qde", "<Project name='x'/>")
        z.writestr("../../escape.txt", "x")
    code, _, err = run(capsys, "qdpx", "import", bad, "--out", tmp_path / "x.rcproj")
    assert code == 2 and "leaving its folder" in err and err.count("\n") == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.qdpx"]
