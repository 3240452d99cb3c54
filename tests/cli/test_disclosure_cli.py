"""What `review-coder disclosure` prints for each decision (its contract), and that each
decision is the change the core's ``Edit`` names."""

from __future__ import annotations

import pytest

from coder.cli.main import main
from coder.project import disclosure
from coder.project.store import Project
from tests.briefkit import build
from tests.dump import table_dump


@pytest.fixture
def kit(tmp_path, capsys):
    made = build(tmp_path)
    capsys.readouterr()
    return made


def _run(capsys, project, *argv: str) -> tuple[int, str, str]:
    code = main(["disclosure", project, *argv, "--coder", "Ann"])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_each_decision_prints_what_it_did(kit, capsys):
    project = str(kit.path)
    quote = kit.codings[("SAR Mr Z", "1.1")]
    doc, restricted = ["--document", "SAR Mr Z"], "SAR Mr Z: unpublished or restricted"
    steps = [
        ([*doc, "--status", "restricted"], restricted),
        ([*doc, "--status", "as-review"], "SAR Mr Z: as its review"),
        (
            ["--term", "Jones", "--term", "jones", "--term", "Leeds"],
            "added 2 sensitive terms: Jones, Leeds",
        ),
        (["--term", "LEEDS"], "added 0 sensitive terms"),
        (
            ["--remove-term", "leeds", "--remove-term", "JONES"],
            "removed 2 sensitive terms: Leeds, Jones",
        ),
        (["--release", quote, "--reason", "approved"], f"released the quote of coding {quote}"),
        (["--release", quote, "--reason", "again"], f"released the quote of coding {quote}"),
        (["--withdraw-release", quote], f"withdrew the release of coding {quote}"),
        (["--override", "Jones", "--reason", "named"], "'Jones' is let through in every quote"),
        (["--override", "jones", "--reason", "again"], "'jones' is let through in every quote"),
        (
            ["--override", "Jones", "--coding", quote, "--reason", "quoted"],
            f"'Jones' is let through in coding {quote}",
        ),
        (["--withdraw-override", "JONES"], "withdrew the override of 'JONES'"),
    ]
    for argv, printed in steps:
        assert _run(capsys, project, *argv) == (0, printed + "\n", ""), argv
    with Project.open(kit.path, read_only=True) as p:
        assert disclosure.list_terms(p) == []
        assert disclosure.list_releases(p) == []
        assert [(o.term, o.coding_id, o.reason) for o in disclosure.list_overrides(p)] == [
            ("Jones", quote, "quoted")
        ]


def test_a_refused_withdrawal_changes_nothing(kit, capsys):
    project = str(kit.path)
    quote = kit.codings[("SAR Mr Z", "1.1")]
    with Project.open(kit.path, read_only=True) as p:
        before = table_dump(p)
    for argv, message in [
        (["--withdraw-release", quote], f"the quote of coding {quote} was not released"),
        (["--withdraw-override", "Jones"], "no override of 'Jones' to withdraw"),
        (["--remove-term", "Nobody"], "'Nobody' is not a sensitive term of this project"),
    ]:
        assert _run(capsys, project, *argv) == (1, "", f"review-coder: error: {message}\n")
    with Project.open(kit.path, read_only=True) as p:
        after = table_dump(p)
    after.pop("coders"), before.pop("coders")  # "--coder Ann" is made on first use
    assert after == before
