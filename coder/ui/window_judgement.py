"""The main window's judgement and effect actions, explains links and the codings to
recode after a codebook split.

The app offers only what applies: a coding whose code takes a judgement gets the judgement
actions, one whose code takes an effect gets the effect actions (set per code group in the
codebook; ``coder.coding.judgements.applies``)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QInputDialog, QMessageBox

from coder.codebook.files import shipped_dir
from coder.codebook.framework_file import load_framework
from coder.codebook.paths import join_path
from coder.coding.judgements import JUDGEMENT_TEXT, applies
from coder.errors import CoderError
from coder.project import links
from coder.project.records import Coding, CodingLink
from coder.ui import file_dialogs
from coder.ui.judgement_commands import (
    explains_command,
    load_framework_command,
    set_judgement_command,
    unlink_command,
)
from coder.ui.recode_dialog import RecodeDialog
from coder.ui.window_part import WindowPart

if TYPE_CHECKING:
    from coder.ui.main_window import MainWindow


class JudgementActions(WindowPart):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        a = self.action
        #: Codings to recode, kept while open (one per project)
        self.recode_dialog: RecodeDialog | None = None
        self.good_act = a(
            "Judgement: &good practice", lambda: self.set_judgement("good_practice"), "Ctrl+Shift+G"
        )
        self.missed_act = a(
            "Judgement: &missed opportunity",
            lambda: self.set_judgement("missed_opportunity"),
            "Ctrl+Shift+M",
        )
        self.no_judgement_act = a("Judgement: &neither", lambda: self.set_judgement(None))
        self.explains_act = a("E&xplains…", self.explain, "Ctrl+Shift+X")
        self.unlink_act = a("Remove e&xplains link…", self.remove_explains)
        self.recode_act = a("Codings to &recode…", self.show_recode)
        self.load_framework_act = a("Load &framework…", self.load_framework_dialog)

    def judgement_actions(self) -> list[QAction]:
        return [self.good_act, self.missed_act, self.no_judgement_act]

    def update_actions(self) -> None:
        writable = self.window.writable()
        for act in (
            *self.judgement_actions(),
            self.explains_act,
            self.unlink_act,
            self.recode_act,
            self.load_framework_act,
        ):
            act.setEnabled(writable)

    def _selected_coding(self) -> Coding | None:
        return self.window.selected_coding()

    def takes(self, coding: Coding) -> tuple[bool, bool]:
        """(takes a judgement, takes an effect) for a coding, by its code's settings."""
        assert self.session is not None
        tree, own = links.code_settings(self.session.project)
        return applies(tree, own, coding.code_id)

    def coding_menu_actions(self, coding: Coding) -> list[QAction | None]:
        """What the right-click menu offers on a coding: only what its code takes."""
        judgement, effect = self.takes(coding)
        out: list[QAction | None] = []
        if judgement:
            out.extend(self.judgement_actions())
        if effect:
            out.extend(self.window.coding.effect_actions())
            out.append(self.explains_act)
        if self._links_of(coding):
            out.append(self.unlink_act)
        return [*out, None]

    def set_judgement(self, judgement: str | None) -> None:
        coding = self._selected_coding()
        if self.session is None or coding is None:
            self.status("Click a coding first")
            return
        if not self.takes(coding)[0]:
            self.status(
                "This coding's code takes no judgement (its code group records an effect, "
                "or neither); see the codebook",
                8000,
            )
            return
        self.session.push(set_judgement_command(self.session, [coding.id], judgement))

    def _paths(self) -> dict[str, str]:
        assert self.session is not None
        tree = links.code_settings(self.session.project)[0]
        return {c: join_path(tree.names(c)) for c in tree.parent}

    def _describe(self, c: Coding, paths: dict[str, str]) -> str:
        quote = " ".join(c.quote.split())
        judged = f" [{JUDGEMENT_TEXT[c.judgement]}]" if c.judgement else ""
        return f"p. {c.page_start}: {paths.get(c.code_id, '?')}{judged}: {quote[:80]}"

    def explain(self) -> bool:
        """Link the selected (factor) coding to a practice coding of this document that it
        explains, chosen from a list."""
        factor, doc = self._selected_coding(), self.window.doc
        if self.session is None or factor is None or doc is None:
            self.status("Click the factor coding first")
            return False
        tree, own = links.code_settings(self.session.project)
        candidates = [
            c for c in doc.codings if c.id != factor.id and applies(tree, own, c.code_id)[0]
        ]
        if not candidates:
            self.status(
                "No coding in this document takes a judgement for this one to explain", 8000
            )
            return False
        paths = self._paths()
        labels = [self._describe(c, paths) for c in candidates]
        label, ok = QInputDialog.getItem(
            self.window, "Explains", "This factor coding explains:", labels, 0, False
        )
        if not ok or label not in labels:
            return False
        practice = candidates[labels.index(label)]
        return self.session.push(explains_command(self.session, [factor.id], practice.id))

    def _links_of(self, coding: Coding) -> list[CodingLink]:
        return links.list_links(self.session.project, [coding.id]) if self.session else []

    def remove_explains(self) -> bool:
        coding = self._selected_coding()
        if self.session is None or coding is None:
            return False
        found = self._links_of(coding)
        if not found:
            return False
        doc = self.window.doc
        by_id = {c.id: c for c in doc.codings} if doc else {}
        paths = self._paths()

        def other(link: CodingLink) -> str:
            end = link.to_coding_id if link.from_coding_id == coding.id else link.from_coding_id
            c = by_id.get(end)
            return self._describe(c, paths) if c else f"a coding in another document ({end[:8]})"

        labels = [other(k) for k in found]
        label, ok = QInputDialog.getItem(
            self.window, "Remove explains link", "Remove the link with:", labels, 0, False
        )
        if not ok or label not in labels:
            return False
        return self.session.push(unlink_command(self.session, [found[labels.index(label)].id]))

    def load_framework_dialog(self) -> None:
        path, _ = file_dialogs.getOpenFileName(
            self.window,
            "Load framework",
            str(shipped_dir() / "frameworks"),
            "Frameworks (*.yaml *.yml)",
        )
        if path:
            self.load_framework(Path(path))

    def load_framework(self, path: Path) -> bool:
        """Add a framework from a file (or replace the one with its id or name), undoably."""
        if self.session is None:
            return False
        try:
            spec = load_framework(path)
        except CoderError as exc:
            QMessageBox.warning(self.window, "Load framework", str(exc))
            return False
        command = load_framework_command(self.session, spec)
        if not self.session.push(command):
            return False
        self.status(command.result.summary(), 10000)
        return True

    def show_recode(self) -> RecodeDialog | None:
        if self.session is None:
            return None
        if self.recode_dialog is None or self.recode_dialog.session is not self.session:
            self.recode_dialog = RecodeDialog(self.session, self.window)
            self.recode_dialog.codingActivated.connect(self.window.go_to_coding)
        self.recode_dialog.reload()
        self.recode_dialog.show()
        self.recode_dialog.raise_()
        return self.recode_dialog
