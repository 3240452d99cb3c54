"""The README's example briefing: made from the demo project through the command line,
written as PDF and DOCX, and its first pages rendered to PNG.

    python packaging/briefing_example.py [OUT_DIR]

The demo is built in a scratch data folder. The PNG goes to resources/screenshots/
(run pngquant on it before committing); the PDF and DOCX stay in OUT_DIR (default: a
scratch folder) for a look.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PNG = ROOT / "resources" / "screenshots" / "briefing.png"
THEMES = ("Identifying and managing risk", "Collaborative working")
CONSIDERATIONS = (
    "Treat each DASH assessment as a moment in a process: repeat it when the picture "
    "changes, and record what changed.\n"
    "Read the history of calls to an address before grading a new one."
)
QUESTIONS = (
    "How does your force make sure an earlier grading is revisited?\n"
    "Who sees the pattern when several officers attend the same household?"
)


def main(out_dir: Path) -> int:
    os.environ.setdefault("REVIEW_CODER_DATA", tempfile.mkdtemp(prefix="rc-briefing-"))
    import pymupdf

    from coder.analysis.briefing import theme_candidates
    from coder.analysis.pool import Pool
    from coder.cli.main import main as cli
    from coder.coding import briefings as make
    from coder.demo.project import ensure_demo
    from coder.project import briefings as repo
    from coder.project.store import Project

    demo = ensure_demo()
    argv = ["briefing", str(demo), "--new", "example", "--by", "Demo coder"]
    for theme in THEMES:
        argv += ["--theme", theme]
    argv += ["--title", "Identifying and responding to risk", "--audience", "response officers"]
    if cli(argv) != 0:
        return 1
    with Project.open(demo, user="Demo coder") as project:
        briefing = repo.find_briefing(project, "example")
        assert briefing is not None
        pool = Pool([project])
        for theme in briefing.themes:  # the first two different quotes of each theme
            seen: set[str] = set()
            for coding_id, text, _place in theme_candidates(pool, theme):
                if text not in seen and len(seen) < 2:
                    seen.add(text)
                    make.star(project, briefing.id, coding_id, None, theme.id)
        first = briefing.themes[0].id
        make.set_theme_text(project, briefing.id, first, None, CONSIDERATIONS, QUESTIONS)
    out_dir.mkdir(parents=True, exist_ok=True)
    for suffix in (".pdf", ".docx"):
        target = out_dir / f"briefing{suffix}"
        if cli(["briefing", str(demo), "--briefing", "example", "--out", str(target)]) != 0:
            return 1
    with pymupdf.open(out_dir / "briefing.pdf") as pdf:
        pages = [pdf[i].get_pixmap(dpi=60) for i in range(min(2, len(pdf)))]
        width = sum(p.width for p in pages) + 10 * (len(pages) - 1)
        sheet = pymupdf.Pixmap(pymupdf.csRGB, pymupdf.IRect(0, 0, width, pages[0].height), False)
        sheet.clear_with(255)
        x = 0
        for page in pages:
            page.set_origin(x, 0)
            sheet.copy(page, page.irect)
            x += page.width + 10
        sheet.save(PNG)
    print(f"wrote {PNG} and {out_dir}/briefing.pdf, briefing.docx")
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path(tempfile.mkdtemp())))
