"""Case-data benchmark: ``python -m tests.benchmarks.casedata``.

The scale a national analysis reaches: 652 SARs concerning 861 people (the count the
issue quotes), with 3,000 police contacts among them. Each review is a short plain-text
document (case data needs reviews, not pages). Measured, each the median of 3 runs:

* applying ``people.csv`` and ``contacts.csv`` of that size (``casedata --import``),
  into a fresh copy of the project each time;
* writing the three tables (``casedata --out``);
* the per-person counts with their denominators for every choice field of the victims,
  beside the same counts done by pandas on the exported ``people.csv`` (the baseline: an
  analyst's own script), in the same run.
"""

from __future__ import annotations

import csv
import random
import shutil
import tempfile
from pathlib import Path

from coder.analysis.casedata_counts import person_counts
from coder.analysis.casedata_tables import export_casedata, import_casedata
from coder.codebook.case_schema import load_case_schema
from coder.codebook.files import shipped_dir
from coder.coding import casedata
from coder.coding.ingest import store_text
from coder.project import coders
from coder.project.store import Project
from tests.benchmarks.analysis import log, timed

REVIEWS, PEOPLE, CONTACTS = 652, 861, 3_000
VICTIM = "victim or subject of the review"


def make_tables(folder: Path, names: list[str], seed: int = 1) -> None:
    """people.csv and contacts.csv: each review a victim, the rest of the people spread
    over the reviews; some fields "not stated", some left empty."""
    rnd = random.Random(seed)
    schema = load_case_schema(shipped_dir() / "case-data.yaml")
    person, contact = schema.kind("person"), schema.kind("police contact")
    vulnerabilities = person.field("vulnerabilities").choices
    roles = person.field("role").choices
    people: list[list[str]] = [["review_name", "role", "pseudonym", "sex", "vulnerabilities"]]
    by_review: dict[str, list[str]] = {}
    for i in range(PEOPLE):
        review = names[i] if i < len(names) else rnd.choice(names)
        role = VICTIM if i < len(names) else rnd.choice(roles[1:])
        pseudonym = f"Person {i}"
        by_review.setdefault(review, []).append(pseudonym)
        sex = rnd.choice(["female", "male", "not stated", ""])
        ticked = "; ".join(rnd.sample(vulnerabilities, rnd.randint(0, 3)))
        people.append(
            [review, role, pseudonym, sex, rnd.choice([ticked, ticked, "not stated", ""])]
        )
    types = contact.field("contact type").choices
    judgements = contact.field("practice judgement").choices
    contacts = [["review_name", "date", "contact type", "persons involved", "practice judgement"]]
    for _ in range(CONTACTS):
        review = rnd.choice(names)
        date = f"{rnd.randint(2015, 2023)}-{rnd.randint(1, 12):02d}-{rnd.randint(1, 28):02d}"
        who = "; ".join(rnd.sample(by_review[review], min(2, len(by_review[review]))))
        contacts.append([review, date, rnd.choice(types), who, rnd.choice(judgements)])
    folder.mkdir(parents=True, exist_ok=True)
    for name, rows in (("people.csv", people), ("contacts.csv", contacts)):
        with (folder / name).open("w", newline="", encoding="utf-8") as fh:
            csv.writer(fh).writerows(rows)


def make_project(path: Path) -> list[str]:
    names = [f"SAR {i:03d}" for i in range(REVIEWS)]
    with Project.create(path, user="bench") as project:
        for name in names:
            text = f"Safeguarding Adults Review {name}. Police attended on 3 March 2021."
            store_text(project, name, f"{name}.txt", text.encode(), text, "bench")
        casedata.load_schema(project, load_case_schema(shipped_dir() / "case-data.yaml"), None)
    return names


def pandas_counts(people_csv: Path) -> int:
    """The baseline: the same counts an analyst would make with pandas from people.csv."""
    import pandas as pd

    frame = pd.read_csv(people_csv, dtype=str, keep_default_na=False)
    victims = frame[frame["role"] == VICTIM]
    rows = 0
    for column in ("role", "age band", "sex", "ethnicity", "vulnerabilities"):
        cells = victims[column]
        stated = cells[(cells != "") & (cells != "not stated")]
        counts = stated.str.split("; ").explode().value_counts()
        rows += len(counts)
        _ = (cells == "not stated").sum(), (cells == "").sum(), victims["review_id"].nunique()
    return rows


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="rc-casedata-") as folder:  # removed at the end
        run(Path(folder))


def run(tmp: Path) -> None:
    base = tmp / "base.rcproj"
    log(f"making {REVIEWS} reviews")
    names = make_project(base)
    make_tables(tmp / "sheets", names)

    def apply() -> None:
        copy = tmp / "copy.rcproj"
        copy.unlink(missing_ok=True)
        shutil.copyfile(base, copy)
        with Project.open(copy, user="bench") as project:
            with project.write():
                coder_id = coders.ensure_coder(project, "bench").id
            result = import_casedata(project, tmp / "sheets", coder_id)
            assert result.errors == [] and result.created == PEOPLE + CONTACTS, result.errors

    imported = timed(apply)
    log(f"import {PEOPLE} people and {CONTACTS} contacts: {imported:.2f} s")
    with Project.open(tmp / "copy.rcproj", read_only=True) as project:
        exported = timed(lambda: export_casedata(project, tmp / "out"))
        log(f"export the three tables: {exported:.2f} s")
        counts = timed(lambda: person_counts([project], VICTIM))
        baseline = timed(lambda: pandas_counts(tmp / "out" / "people.csv"))
        log(f"per-person counts of victims, every choice field: {counts * 1000:.0f} ms")
        log(f"the same counts by pandas from people.csv: {baseline * 1000:.0f} ms")
    print(
        f"| apply people.csv ({PEOPLE} people) and contacts.csv ({CONTACTS:,} contacts) "
        f"to {REVIEWS} reviews | {imported:.2f} s |"
    )
    print(f"| write people, relationships and contacts tables | {exported:.2f} s |")
    print(
        f"| per-person counts with denominators, victims, every choice field | "
        f"{counts * 1000:.0f} ms |"
    )
    print(f"| the same counts by pandas from the exported people.csv | {baseline * 1000:.0f} ms |")


if __name__ == "__main__":
    main()
