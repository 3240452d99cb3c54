"""The main window's coding actions: code the selection (quick code, the selected code,
the number keys, a code dropped on the page), areas, effects, memos and deleting a coding,
and the right-click menu on the page."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import QMenu

from coder.ids import CodeId
from coder.project import codes as code_repo
from coder.project.records import Code
from coder.ui import commands
from coder.ui.memo_panel import ask_memo
from coder.ui.quick_code import QuickCodeDialog
from coder.ui.session import ProjectSession
from coder.ui.window_part import WindowPart

if TYPE_CHECKING:
    from coder.ui.main_window import MainWindow


class CodingActions(WindowPart):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        a = self.action
        self.quick_act = a("&Quick code…", self.quick_code, "Ctrl+K")
        self.apply_act = a("Code with the &selected code", self.apply_current_code, "Ctrl+Return")
        self.area_act = a("&Area selection", self._toggle_area, "Ctrl+Shift+A", checkable=True)
        self.supports_act = a(
            "Effect: &supports practice", lambda: self.set_effect("supports"), "Ctrl+Shift+S"
        )
        self.hinders_act = a(
            "Effect: &hinders practice", lambda: self.set_effect("hinders"), "Ctrl+Shift+H"
        )
        self.no_effect_act = a("Effect: &none", lambda: self.set_effect(None))
        self.memo_act = a("Add &memo to coding…", self.add_memo, "Ctrl+M")
        self.delete_coding_act = a("&Delete coding", self.delete_coding, "Ctrl+Backspace")
        #: the quick-code box while it is open (tests answer it)
        self.quick_dialog: QuickCodeDialog | None = None
        for n in range(1, 10):  # number keys apply the recently used codes
            shortcut = QShortcut(QKeySequence(str(n)), window.page_view)
            shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
            shortcut.activated.connect(lambda n=n: self.apply_recent(n))
        window.page_view.codeDropped.connect(self.apply_code)
        for view in (window.page_view, window.text_view):
            view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
            view.customContextMenuRequested.connect(self._page_menu)

    def effect_actions(self) -> list[QAction]:
        return [self.supports_act, self.hinders_act, self.no_effect_act]

    def installed(self, session: ProjectSession) -> None:
        session.recentChanged.connect(self.update_key_legend)
        window = self.window
        assert window.codebook is not None
        window.codebook.codeActivated.connect(self.apply_code)

    def changed(self, changes) -> None:
        if changes.touches("code"):
            self.update_key_legend()

    def update_actions(self) -> None:
        writable = self.window.writable()
        for act in (
            self.quick_act,
            self.apply_act,
            *self.effect_actions(),
            self.memo_act,
            self.delete_coding_act,
        ):
            act.setEnabled(writable)

    def apply_code(self, code_id: str) -> bool:
        """Code the current text or area selection with ``code_id``."""
        window = self.window
        session, doc = window.session, window.doc
        if session is None or doc is None:
            return False
        if session.read_only:
            self.status("The project is open read-only")
            return False
        code, document = CodeId(code_id), doc.document.id
        name = window.codebook.label_of(code) if window.codebook else code_id
        sel = window.view.selection()
        area = window.page_view.area_selection() if window.view is window.page_view else None
        if sel is not None:
            command = commands.code_text_command(session, document, code, sel[0], sel[1], name)
        elif area is not None:
            command = commands.code_area_command(
                session, document, code, area.page, area.rect, name
            )
        else:
            self.status("Select some text (or an area) first")
            return False
        ok = session.push(command)
        if ok:
            session.note_code_used(code_id)
            self.status(f"Coded with {name}", 4000)
        return ok

    def apply_current_code(self) -> None:
        codebook = self.window.codebook
        code_id = codebook.current_code() if codebook else None
        if code_id:
            self.apply_code(code_id)

    def update_key_legend(self) -> None:
        """The legend of the number keys: which code each applies now."""
        window = self.window
        shown = []
        if window.session is not None:
            looks: dict[str, Code] = {c.id: c for c in code_repo.list_codes(window.session.project)}
            for code_id in window.session.recent_codes:
                look = looks.get(code_id)
                if look is not None:
                    path = window.codebook.path_of(look.id) if window.codebook else ""
                    shown.append((path, look.colour))
        window.key_legend.set_codes(shown)

    def apply_recent(self, n: int) -> None:
        session = self.session
        if session and len(session.recent_codes) >= n:
            self.apply_code(session.recent_codes[n - 1])

    def quick_code(self) -> str | None:
        session, codebook = self.session, self.window.codebook
        if session is None or codebook is None:
            return None
        dialog = QuickCodeDialog(codebook.code_paths(), session.recent_codes, self.window)
        self.quick_dialog = dialog
        if dialog.exec() and dialog.chosen:
            self.apply_code(dialog.chosen)
            return dialog.chosen
        return None

    def _selected_coding_ids(self) -> list[str]:
        selected = self.window.view.selected_coding
        return [selected] if selected else []

    def set_effect(self, effect: str | None) -> None:
        ids = self._selected_coding_ids()
        if self.session and ids:
            self.session.push(commands.set_effect_command(self.session, ids, effect))

    def add_memo(self) -> None:
        """Add memo to coding…: asks for the memo's text."""
        ids = self._selected_coding_ids()
        if not (self.session and ids):
            self.status("Click a coding first")
            return
        ask_memo(self.window, self.session, "coding", ids[0], "this coding")

    def delete_coding(self) -> None:
        ids = self._selected_coding_ids()
        if self.session and ids:
            self.session.push(commands.delete_codings_command(self.session, ids))

    def _toggle_area(self, on: bool) -> None:
        self.window.page_view.area_mode = on

    def _page_menu(self, pos: QPoint) -> None:
        window = self.window
        view = window.view
        found = view.codings_at(pos)
        menu = QMenu(window)
        if found:
            view.selected_coding = found[0].id
            view.viewport().update()
            view.codingClicked.emit(found[0].id)  # the Memos panel follows it, as on a click
            for act in (
                *window.judging.coding_menu_actions(found[0]),
                self.memo_act,
                self.delete_coding_act,
            ):
                menu.addSeparator() if act is None else menu.addAction(act)
            menu.addSeparator()
        menu.addAction(window.copy_act)
        menu.addAction(self.quick_act)
        menu.addAction(window.case_data.contact_from_selection_act)
        menu.exec(view.viewport().mapToGlobal(pos))
