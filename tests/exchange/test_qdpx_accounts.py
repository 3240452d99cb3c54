"""Nothing is dropped silently: for each sample file, every Source, Code, Coding, Note,
Case, VariableValue and Set it contains is accounted for in the import report, imported or
named among what was not."""

from __future__ import annotations

import xml.etree.ElementTree as ET
import zipfile
from collections import Counter
from pathlib import Path

import pytest

from coder.exchange.qdpx_export import export_qdpx
from coder.exchange.qdpx_import import import_qdpx
from coder.project.store import Project
from tests.datafiles import DATA
from tests.exchange.test_qdpx import rich_project

SOURCES = {"TextSource", "PDFSource", "PictureSource", "AudioSource", "VideoSource"}
KINDS = ("Source", "Code", "Coding", "Note", "Case", "VariableValue", "Set")


def elements(path: Path) -> Counter:
    """The elements of the file's project document, by kind, counted with ElementTree."""
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as z:
            qde = next(n for n in z.namelist() if n.lower().endswith(".qde"))
            data = z.read(qde)
    else:
        data = path.read_bytes()
    found: Counter = Counter()
    for el in ET.fromstring(data).iter():
        tag = el.tag.rsplit("}", 1)[-1]
        found["Source" if tag in SOURCES else tag] += 1
    return Counter({k: found[k] for k in KINDS if found[k]})


@pytest.fixture(scope="module")
def ours(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("ours")
    with Project.open(rich_project(tmp), read_only=True) as p:
        export_qdpx(p, tmp / "rich.qdpx")
    return tmp / "rich.qdpx"


@pytest.mark.parametrize(
    "sample",
    [
        "nvivo12win/oltas0517.qdpx",
        "nvivo15mac/nvivo_project.qdpx",
        "f4/valid-document.xml",
        "qualcoder/qualcoder-project.qdpx",
        "qualcoder/demo-reexported-by-qualcoder.qdpx",
        "ours",
    ],
)
def test_every_element_of_a_sample_is_accounted_for(tmp_path, sample, ours):
    path = ours if sample == "ours" else DATA / sample
    report = import_qdpx(path, tmp_path / "out.rcproj", "I")
    counted = elements(path)
    accounted = Counter(
        {kind: sum(outcomes.values()) for kind, outcomes in report.elements.items()}
    )
    assert accounted == counted
    # whatever was not imported as itself is named in the report
    set_aside = sum(
        n
        for outcomes in report.elements.values()
        for o, n in outcomes.items()
        if o not in ("imported", "read as effects or judgements")
    )
    assert report.not_imported if set_aside else True
