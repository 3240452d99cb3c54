"""Hostile inputs through the command line and the core (issue 22).

Each case asserts the exit code, exactly one line on stderr and no traceback, and that
the project is as it was (its dump and the files beside it compare equal).
"""

from __future__ import annotations

import contextlib
import csv
import errno
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from coder import scratch
from coder.analysis.attributes_csv import MAX_CELL, csv_field_limit, import_attributes
from coder.analysis.disclosure import report_path
from coder.cli.main import main
from coder.coding.ingest import import_pdf
from coder.errors import (
    CoderError,
    DiskFullError,
    NameTooLongError,
    NotWritableError,
    PdfError,
    ProjectLockedError,
)
from coder.pdf.extract import extract_pdf
from coder.project.schema import LATEST_VERSION
from coder.project.store import NAME_MAX, Project
from tests.pdfkit import PdfBuilder

ROOT = Path(__file__).resolve().parents[2]


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def one_line(err: str) -> str:
    """The single stderr line of a refusal; fails on a traceback or a second line."""
    assert "Traceback" not in err
    assert err.count("\n") == 1, err
    assert err.startswith("review-coder: error: ")
    return err.removeprefix("review-coder: error: ").rstrip("\n")


def dump(path: Path) -> tuple[list[str], list[str]]:
    """The project's content (read-only) and the names of the files beside it."""
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        lines = list(conn.iterdump())
    finally:
        conn.close()
    return lines, sorted(p.name for p in path.parent.iterdir())


def text_pdf(pages: int = 3, tag: str = "") -> bytes:
    b = PdfBuilder()
    for p in range(pages):
        b.page()
        for i in range(30):
            b.line(72, 80 + i * 20, f"{tag} page {p} line {i}: the officer attended the address")
    return b.tobytes()


@pytest.fixture
def proj(tmp_path, capsys):
    path = tmp_path / "study.rcproj"
    assert run(capsys, "new", path, "--attributes", "review-attributes", "--coder", "Ann")[0] == 0
    return path


def bad_page_count_pdf() -> bytes:
    """Ends in %%EOF, but its page tree counts pages that are not there: MuPDF raised
    'code=7: Invalid number of pages' when the count was read."""
    data = text_pdf(4)
    assert b"/Count 4" in data
    return data.replace(b"/Count 4", b"/Count 31")


def half_truncated_pdf() -> bytes:
    data = text_pdf(31)
    return data[: len(data) // 2] + b"\n%%EOF\n"


# -- PDFs: one failed file is one 'failed' line, and the others go on ----------------------


def test_damaged_pdfs_fail_alone_and_the_rest_import(proj, tmp_path, capsys):
    files = tmp_path / "in"
    files.mkdir()
    (files / "a.pdf").write_bytes(text_pdf(2, "first"))
    (files / "b count.pdf").write_bytes(bad_page_count_pdf())
    (files / "c half.pdf").write_bytes(half_truncated_pdf())
    (files / "d.pdf").write_bytes(text_pdf(2, "last"))
    code, out, err = run(capsys, "import", proj, files, "--coder", "Ann")
    assert code == 1
    assert err == ""
    lines = out.splitlines()
    assert [line.split()[0] for line in lines] == ["imported", "failed", "failed", "imported"]
    assert lines[1].endswith(
        "(b count.pdf: the PDF is damaged and cannot be read (code=7: Invalid number of "
        "pages); download it again)"
    )
    # damage, not 'pages without a text layer'
    assert lines[2].endswith(
        "(c half.pdf: the PDF is damaged: pages 14-31 cannot be read (their content is "
        "missing, as in a truncated download); download it again)"
    )
    with Project.open(proj, read_only=True) as project:
        assert project.conn.execute("SELECT count(*) FROM documents").fetchone() == (2,)


def test_a_scan_is_still_a_scan(tmp_path):
    b = PdfBuilder()
    b.page()
    b.rect((72, 72, 400, 300))
    b.page()
    b.line(72, 100, "Some text")
    doc = extract_pdf(b.tobytes(), "scan.pdf")
    assert doc.pages_without_text == [1]


def test_core_import_of_a_damaged_pdf_changes_nothing(proj, tmp_path):
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(bad_page_count_pdf())
    before = dump(proj)
    with Project.open(proj) as project:
        outcome = import_pdf(project, bad, "Ann")
    assert outcome.status == "failed"
    assert outcome.message.startswith("bad.pdf: the PDF is damaged")
    assert dump(proj) == before


def test_a_fifo_named_pdf_is_refused_without_reading_and_the_lock_is_freed(proj, tmp_path, capsys):
    fifo = tmp_path / "pipe.pdf"
    os.mkfifo(fifo)
    before = dump(proj)
    result: list = []
    worker = threading.Thread(target=lambda: result.append(run(capsys, "import", proj, fifo)))
    worker.start()
    worker.join(10)
    if worker.is_alive():  # unblock it, then fail: it waited for a writer
        with open(fifo, "wb"):
            pass
        worker.join()
        pytest.fail("the import read from the FIFO")
    code, out, _ = result[0]
    assert code == 1
    assert out == (
        f"failed    {fifo}  (pipe.pdf is not a regular file (a pipe, device or socket); "
        "give a file saved on disk)\n"
    )
    assert dump(proj) == before
    Project.open(proj).close()  # the lock was released
    with pytest.raises(PdfError, match="not a regular file"):
        extract_pdf_from(fifo)
    dev = Path("/dev/zero")
    if dev.exists():
        with pytest.raises(PdfError, match="zero is not a regular file"):
            extract_pdf_from(dev)


def extract_pdf_from(path: Path):
    from coder.pdf.extract import read_pdf_file

    return read_pdf_file(path)


def test_a_fifo_as_the_project_is_refused(tmp_path, capsys):
    fifo = tmp_path / "pipe.rcproj"
    os.mkfifo(fifo)
    code, _, err = run(capsys, "info", fifo)
    assert code == 1
    assert one_line(err) == (
        "pipe.rcproj is not a regular file (a pipe or a device); give a project file"
    )


# -- folders and disks that refuse ----------------------------------------------------------


@contextlib.contextmanager
def read_only_folder(folder: Path):
    """``folder`` made read-only for real: a read-only bind mount as root (root ignores
    permission bits), else the permission bits."""
    if os.geteuid() == 0:
        made = subprocess.run(["mount", "--bind", folder, folder], capture_output=True)
        if made.returncode != 0:  # root ignores permission bits, and may not mount here
            pytest.skip(
                f"root without mount rights cannot make a read-only folder: {made.stderr!r}"
            )
        try:
            subprocess.run(["mount", "-o", "remount,ro,bind", folder], check=True)
            yield
        finally:
            subprocess.run(["umount", folder], check=True)
    else:
        folder.chmod(0o555)
        try:
            yield
        finally:
            folder.chmod(0o755)


def test_a_read_only_folder(proj, tmp_path, capsys):
    before = dump(proj)
    with read_only_folder(tmp_path):
        code, _, err = run(
            capsys,
            "autocode",
            proj,
            "--code",
            "A",
            "--create",
            "--phrase",
            "officer",
            "--coder",
            "Ann",
        )
        assert code == 1
        assert one_line(err).startswith("cannot open study.rcproj for writing: ")
        code, _, err = run(capsys, "export", proj, "--segments", tmp_path / "s.csv")
        assert code == 1
        assert one_line(err).startswith("cannot write s.csv: ")
        assert run(capsys, "info", proj)[0] == 0  # reading still works
        assert dump(proj) == before
        with pytest.raises(NotWritableError):
            Project.open(proj)
    assert dump(proj) == before


@contextlib.contextmanager
def small_disk(tmp_path: Path, kib: int):
    """A real full disk as root (a tmpfs of ``kib`` KiB); otherwise None, and the caller
    simulates ENOSPC at the write call."""
    mnt = tmp_path / "disk"
    mnt.mkdir()
    if (
        not kib
        or os.geteuid() != 0
        or subprocess.run(
            ["mount", "-t", "tmpfs", "-o", f"size={kib}k", "tmpfs", mnt], capture_output=True
        ).returncode
    ):
        yield None
        return
    try:
        yield mnt
    finally:
        subprocess.run(["umount", mnt], check=True)


def fill(folder: Path, most: int = 4 << 20) -> None:
    """Write until the disk is full (at most ``most`` bytes, then fail: it was not small)."""
    written = 0
    with contextlib.suppress(OSError), open(folder / "filler", "wb") as fh:
        while written < most:
            fh.write(b"\0" * 4096)
            fh.flush()
            written += 4096
    assert written < most, "the disk did not fill up"


@pytest.mark.parametrize("real", [True, False], ids=["tmpfs", "simulated"])
def test_a_full_disk(proj, tmp_path, capsys, monkeypatch, real):
    """As root, a real full disk: a 1 MiB tmpfs filled to the last block. Simulated (and
    when not root): ENOSPC raised at the two write calls that are ours (the lock's
    ``os.write`` and the export's flush); ``new``, whose writes are SQLite's, is not tried."""
    full_message = "the disk is full; nothing was written. Free some space and try again"
    with small_disk(tmp_path, 1024 if real else 0) as disk:
        if disk is None:

            def full(*args):
                raise OSError(errno.ENOSPC, "No space left on device")

            target, out_dir = proj, tmp_path
            before = dump(target)
            monkeypatch.setattr(os, "write", full)
            monkeypatch.setattr("coder.atomic.fsync_file", full)
        else:
            target, out_dir = disk / proj.name, disk
            target.write_bytes(proj.read_bytes())
            fill(disk)
            before = dump(target)
        code, _, err = run(
            capsys,
            "autocode",
            target,
            "--code",
            "A",
            "--create",
            "--phrase",
            "officer",
            "--coder",
            "Ann",
        )
        assert code == 1
        assert one_line(err).endswith(full_message)
        code, _, err = run(capsys, "export", target, "--segments", out_dir / "s.csv")
        assert code == 1
        assert one_line(err) == f"cannot write s.csv: {full_message}"
        if disk is not None:
            code, _, err = run(capsys, "new", out_dir / "other.rcproj")
            assert code == 1
            assert one_line(err) == f"cannot create other.rcproj: {full_message}"
            with pytest.raises(DiskFullError):
                Project.open(target)
        monkeypatch.undo()
        assert dump(target) == before
        assert scratch.find(out_dir) == []


# -- names --------------------------------------------------------------------------------


@pytest.mark.parametrize("length", [247, 248, 250, 254, 256])
def test_long_names(tmp_path, capsys, length):
    name = "r" * (length - len(".rcproj")) + ".rcproj"
    path = tmp_path / name
    code, _, err = run(capsys, "new", path)
    if length <= NAME_MAX:
        assert (code, err) == (0, "")
        pdf = tmp_path / "a.pdf"
        pdf.write_bytes(text_pdf(1))
        assert run(capsys, "import", path, pdf)[0] == 0
        assert run(capsys, "check", path)[0] == 0
        out = tmp_path / ("s" * (length - 4) + ".csv")
        assert run(capsys, "export", path, "--segments", out)[0] == 0
        checked = report_path(out).name  # the disclosure check's report, shortened to fit
        assert len(checked.encode()) == 255 and checked.endswith(".disclosure.txt")
        assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
            [name, "a.pdf", out.name, checked]
        )
        return
    assert code == 1
    assert one_line(err) == (
        f"{'r' * 30}…: a project file's name can have at most 247 bytes (this one has "
        f"{length}; SQLite adds '-journal' to it); choose a shorter name"
    )
    assert list(tmp_path.iterdir()) == []
    with pytest.raises(NameTooLongError):
        Project.create(path)


# -- links: one writer per file, whatever its name ------------------------------------------


@pytest.mark.parametrize("link", ["symlink", "hardlink"])
def test_a_link_to_an_open_project_is_not_a_second_writer(proj, tmp_path, capsys, link):
    other = tmp_path / "elsewhere"
    other.mkdir()
    alias = other / "alias.rcproj"
    (os.symlink if link == "symlink" else os.link)(proj, alias)
    with Project.open(proj, user="Ann") as held:
        before = dump(proj)
        with pytest.raises(ProjectLockedError):
            Project.open(alias)
        code, _, err = run(
            capsys,
            "autocode",
            alias,
            "--code",
            "A",
            "--create",
            "--phrase",
            "officer",
            "--coder",
            "Bo",
        )
        if link == "symlink":
            # SQLite follows the link (one WAL), so the command line joins the holder on
            # this machine, as it does by the project's own name
            assert (code, err) == (0, "")
            assert held.conn.execute("SELECT count(*) FROM codes").fetchone() == (1,)
            return
        assert code == 1
        message = one_line(err)
        assert message.startswith("alias.rcproj is open for writing by Ann on ")
        assert message.endswith(
            " under another name (a link to the same file); close it there, or open it read-only"
        )
        assert held.conn.execute("SELECT count(*) FROM codes").fetchone() == (0,)
    assert dump(proj)[0] == before[0]
    Project.open(alias).close()  # free again once the holder has closed


# -- attribute tables ---------------------------------------------------------------------


@pytest.fixture
def with_review(proj, tmp_path, capsys):
    pdf = tmp_path / "dhr.pdf"
    pdf.write_bytes(text_pdf(1))
    assert run(capsys, "import", proj, pdf, "--coder", "Ann")[0] == 0
    return proj


def _coders(path: Path) -> list[str]:
    with Project.open(path, read_only=True) as project:
        return [r[0] for r in project.conn.execute("SELECT name FROM coders ORDER BY name")]


def test_a_refused_attribute_table_adds_no_coder(with_review, tmp_path, capsys):
    table = tmp_path / "in.csv"
    table.write_text("documents,publication year\ndhr.pdf,twenty\n", encoding="utf-8")
    before = dump(with_review)
    code, out, _ = run(capsys, "attributes", with_review, "--import", table, "--coder", "Zed")
    assert code == 1
    assert out.splitlines()[-1] == "nothing applied: 1 problem(s); fix them, or use --partial"
    assert dump(with_review) == before
    assert _coders(with_review) == ["Ann"]
    table.write_text("documents,publication year\ndhr.pdf,2020\n", encoding="utf-8")
    assert run(capsys, "attributes", with_review, "--import", table, "--coder", "Zed")[0] == 0
    assert _coders(with_review) == ["Ann", "Zed"]


def test_long_cells_round_trip_up_to_the_documented_size(with_review, tmp_path, capsys):
    long = "x" * 200_000  # over Python's csv default of 131,072
    table = tmp_path / "in.csv"
    with open(table, "w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows([["documents", "reason excluded"], ["dhr.pdf", long]])
    assert run(capsys, "attributes", with_review, "--import", table)[0] == 0
    out = tmp_path / "out.csv"
    assert run(capsys, "attributes", with_review, "--out", out)[0] == 0
    assert run(capsys, "attributes", with_review, "--import", out)[0] == 0  # our own export
    with open(out, newline="", encoding="utf-8") as fh, csv_field_limit(MAX_CELL):
        rows = list(csv.DictReader(fh))
    assert rows[0]["reason excluded"] == long
    with open(table, "w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows(
            [["documents", "reason excluded"], ["dhr.pdf", "y" * (MAX_CELL + 1)]]
        )
    before = dump(with_review)
    code, _, err = run(capsys, "attributes", with_review, "--import", table)
    assert code == 2
    assert one_line(err) == "in.csv: a cell is longer than 1,048,576 characters; shorten it"
    assert dump(with_review) == before


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            'documents,reason excluded\ndhr.pdf,"never closed\n',
            "in.csv: not a CSV file (unexpected end of data)",
        ),
        (
            "documents,reason excluded\ndhr.pdf,a\x00b\n",
            "in.csv: contains NUL bytes, so it is not a CSV text file; save it as CSV UTF-8",
        ),
        (
            "documents,reason excluded,attr:Reason Excluded\ndhr.pdf,a,b\n",
            "in.csv: the column 'attr:Reason Excluded' appears twice (as 'reason excluded' "
            "too); keep one",
        ),
        (
            "documents,documents\ndhr.pdf,dhr.pdf\n",
            "in.csv: the column 'documents' appears twice (as 'documents' too); keep one",
        ),
    ],
    ids=["unclosed-quote", "nul", "duplicate-attribute", "duplicate-fixed"],
)
def test_malformed_attribute_tables_are_refused(with_review, tmp_path, capsys, content, message):
    table = tmp_path / "in.csv"
    table.write_bytes(content.encode())
    before = dump(with_review)
    code, out, err = run(capsys, "attributes", with_review, "--import", table, "--coder", "Zed")
    assert (code, out) == (2, "")
    assert one_line(err) == message
    assert dump(with_review) == before
    with Project.open(with_review) as project, pytest.raises(CoderError, match=message[:20]):
        import_attributes(project, table, None)


# -- Ctrl-C ---------------------------------------------------------------------------------


def _wait_for_mupdf(pid: int) -> None:
    """Until the child maps MuPDF's library: it is then inside Review Coder's start-up
    (the heavy imports), past the interpreter's own, which prints its own traceback."""
    maps = Path(f"/proc/{pid}/maps")
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError):
            if "mupdf" in maps.read_text():
                return
        time.sleep(0.002)
    pytest.fail("the child never loaded MuPDF")


@pytest.mark.skipif(not Path("/proc/self/maps").exists(), reason="needs Linux's /proc")
@pytest.mark.parametrize("delay", [0.0, 0.05, 0.15, 0.3, 0.5, 0.8])
def test_ctrl_c_is_one_line_and_exit_130(proj, tmp_path, delay):
    """SIGINT during start-up and at moments of an import: one line, exit 130, and the
    project is as it was or has whole documents only."""
    pdfs = tmp_path / "in"
    pdfs.mkdir()
    for i in range(6):
        (pdfs / f"{i}.pdf").write_bytes(text_pdf(4, str(i)))
    before = dump(proj)
    child = subprocess.Popen(
        [sys.executable, "-m", "coder", "import", str(proj), str(pdfs)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    _wait_for_mupdf(child.pid)
    time.sleep(delay)
    child.send_signal(signal.SIGINT)
    out, err = child.communicate(timeout=60)
    assert "Traceback" not in err
    imported = out.count("imported ")
    if err:
        # 130, or killed by SIGINT (a shell shows 130 too): Python ends that way when the
        # interrupt landed in code an extension ran while importing, even once handled
        assert child.returncode in (130, -signal.SIGINT)
        assert err.count("\n") == 1
        assert err.startswith("review-coder: error: interrupted; ")
    else:  # it finished before the signal came (or came during the interpreter's exit)
        assert child.returncode in (0, -signal.SIGINT)
        assert imported == 6
    with Project.open(proj, read_only=True) as project:
        documents = project.conn.execute("SELECT count(*) FROM documents").fetchone()[0]
        assert project.conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    # whole documents only: the reported ones, and perhaps one committed just before the
    # interrupt and not yet reported (the next run calls it a duplicate)
    assert documents in (imported, imported + 1)
    if documents == 0:
        assert dump(proj)[0] == before[0]
    assert scratch.find(proj.parent) == []


# -- files beside the project ---------------------------------------------------------------


def test_another_projects_wal_is_refused_not_replayed(proj, tmp_path, capsys):
    other = tmp_path / "other" / "o.rcproj"
    other.parent.mkdir()
    # made as the project was, so that its WAL fits the project's pages: reading the
    # project beside a WAL from a smaller file finds it malformed, before any command runs
    assert run(capsys, "new", other, "--attributes", "review-attributes", "--coder", "Ann")[0] == 0
    capsys.readouterr()
    conn = sqlite3.connect(other, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA wal_autocheckpoint = 0")
    conn.execute("INSERT INTO project (key, value) VALUES ('foreign', 'yes')")
    Path(f"{proj}-wal").write_bytes(Path(f"{other}-wal").read_bytes())  # as a sync tool would
    conn.close()
    before = dump(proj)
    for argv in (["info", proj], ["import", proj, tmp_path / "none.pdf"]):
        code, out, err = run(capsys, *argv)
        assert (code, out) == (1, "")
        assert one_line(err).startswith(
            "study.rcproj-wal is not this project's WAL (study.rcproj is not in WAL mode, yet "
            "the WAL holds "
        )
    assert dump(proj) == before


def test_ctrl_c_in_the_app_closes_it_in_one_line(proj, tmp_path):
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "REVIEW_CODER_NAME": "Ann",
        "REVIEW_CODER_DATA": str(tmp_path / "data"),
    }
    before = dump(proj)[0]
    app = subprocess.Popen(
        [sys.executable, "-m", "coder", str(proj)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    lock = proj.with_name(proj.name + ".lock")
    deadline = time.monotonic() + 60
    while not lock.exists() and app.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert lock.exists(), app.communicate(timeout=5)
    time.sleep(0.5)  # the window is up and idle in Qt's event loop
    app.send_signal(signal.SIGINT)
    _, err = app.communicate(timeout=30)
    assert app.returncode == 130
    assert "Traceback" not in err
    # the offscreen platform's own notices aside (a real display has none)
    ours = [line for line in err.splitlines() if "This plugin does not support" not in line]
    assert ours == [
        "review-coder: error: interrupted; the app closed the project as it was after the "
        "last change"
    ]
    assert not lock.exists()
    assert dump(proj)[0] == before


def test_a_killed_writers_journal_does_not_stop_info_or_export(proj, tmp_path, capsys):
    """A writer killed mid-change in rollback-journal mode (as while switching to WAL)
    left a hot -journal; 'info' and 'export' failed with 'attempt to write a readonly
    database' until something opened the project for writing."""
    before = dump(proj)[0]
    script = (
        "import os, sqlite3\n"
        f"conn = sqlite3.connect({str(proj)!r}, isolation_level=None)\n"
        "conn.execute('PRAGMA cache_size = 1')\n"
        "conn.execute('BEGIN IMMEDIATE')\n"
        "conn.execute('CREATE TABLE junk (x)')\n"
        "for _ in range(500):\n"
        "    conn.execute('INSERT INTO junk VALUES (?)', [os.urandom(400)])\n"
        "os.kill(os.getpid(), 9)\n"
    )
    subprocess.run([sys.executable, "-c", script], check=False)
    assert Path(f"{proj}-journal").exists()
    code, out, err = run(capsys, "info", proj)
    assert (code, err) == (0, "")
    assert out.splitlines()[0] == f"study  (schema version {LATEST_VERSION})"
    assert run(capsys, "export", proj, "--segments", tmp_path / "s.csv")[0] == 0
    assert not Path(f"{proj}-journal").exists()
    assert dump(proj)[0] == before
