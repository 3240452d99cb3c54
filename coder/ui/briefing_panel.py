"""The Briefings window: make and edit a themed practice briefing with a live preview.

Every change (a new briefing, its title, audience or method, a theme added or removed, a
theme's considerations and questions, a quote starred) is one ``EditCommand``, so Edit →
Undo takes it back. The preview is the briefing's HTML as it would be written, after the
disclosure check, rebuilt after each change; the line under it says what the check found.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from coder.analysis.briefing import BriefingDocument, build_document, theme_candidates
from coder.analysis.briefing_output import to_html, write_briefing
from coder.analysis.pool import Pool
from coder.coding import briefings as make
from coder.errors import CoderError
from coder.progress import Progress
from coder.project import briefings as repo
from coder.project import codes
from coder.project import frameworks as fw_repo
from coder.project.briefings import Briefing, Theme
from coder.project.store import Project
from coder.ui.commands import EditCommand
from coder.ui.jobs import ProgressJob
from coder.ui.screen_fit import fit_size

KINDS = ("briefing", "briefing_theme", "briefing_star", "coding", "code", "review")


class BriefingDialog(QDialog):
    def __init__(self, session, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Briefings")
        self.setObjectName("briefings")
        self.session = session
        fit_size(self, 1200, 760)
        self.briefing_box = QComboBox()
        self.briefing_box.setAccessibleName("Briefing")
        self.briefing_box.currentIndexChanged.connect(self._chosen)
        self.new_button = QPushButton("&New briefing…")
        self.new_button.clicked.connect(self.new_briefing)
        self.export_button = QPushButton("&Write…")
        self.export_button.setToolTip("Write the briefing as Word (.docx), PDF or HTML")
        self.export_button.clicked.connect(self.write_dialog)
        top = QHBoxLayout()
        top.addWidget(QLabel("Briefing:"))
        top.addWidget(self.briefing_box, 1)
        top.addWidget(self.new_button)
        top.addWidget(self.export_button)

        self.title_edit = QLineEdit()
        self.title_edit.setAccessibleName("Title")
        self.title_edit.editingFinished.connect(lambda: self._set_field("title", self.title_edit))
        self.audience_edit = QLineEdit()
        self.audience_edit.setAccessibleName("Audience")
        self.audience_edit.editingFinished.connect(
            lambda: self._set_field("audience", self.audience_edit)
        )
        self.method_edit = QPlainTextEdit()
        self.method_edit.setAccessibleName("Method paragraph")
        self.method_edit.setPlaceholderText("Empty: the standard method paragraph")
        self.method_edit.setMaximumHeight(110)
        self.method_button = QPushButton("Save method")
        self.method_button.clicked.connect(self.save_method)
        form = QFormLayout()
        form.addRow("Title", self.title_edit)
        form.addRow("Audience", self.audience_edit)
        form.addRow("Method", self.method_edit)
        form.addRow("", self.method_button)

        self.themes = QListWidget()
        self.themes.setAccessibleName("Themes")
        self.themes.currentRowChanged.connect(lambda _row: self._show_theme())
        self.add_theme_button = QPushButton("Add &theme…")
        self.add_theme_button.clicked.connect(self.add_theme)
        self.remove_theme_button = QPushButton("&Remove theme")
        self.remove_theme_button.clicked.connect(self.remove_theme)
        theme_buttons = QHBoxLayout()
        theme_buttons.addWidget(self.add_theme_button)
        theme_buttons.addWidget(self.remove_theme_button)
        self.quotes = QListWidget()
        self.quotes.setAccessibleName("Quotes of the theme (ticked: starred)")
        self.quotes.setWordWrap(True)
        self.quotes.itemChanged.connect(self._quote_ticked)
        self.star_button = QPushButton("&Star / unstar quote")
        self.star_button.clicked.connect(self.toggle_star)
        self.considerations_edit = QPlainTextEdit()
        self.considerations_edit.setAccessibleName("Considerations for police")
        self.considerations_edit.setPlaceholderText("Considerations for police, one per line")
        self.questions_edit = QPlainTextEdit()
        self.questions_edit.setAccessibleName("Reflective questions")
        self.questions_edit.setPlaceholderText("Reflective questions, one per line")
        self.theme_text_button = QPushButton("Save theme text")
        self.theme_text_button.clicked.connect(self.save_theme_text)

        editor = QWidget()
        left = QVBoxLayout(editor)
        left.addLayout(top)
        left.addLayout(form)
        left.addWidget(QLabel("Themes"))
        left.addWidget(self.themes, 1)
        left.addLayout(theme_buttons)
        left.addWidget(QLabel("Quotes (tick to star)"))
        left.addWidget(self.quotes, 2)
        left.addWidget(self.star_button)
        left.addWidget(self.considerations_edit, 1)
        left.addWidget(self.questions_edit, 1)
        left.addWidget(self.theme_text_button)

        self.preview = QTextBrowser()
        self.preview.setAccessibleName("Preview")
        self.check_label = QLabel()
        self.check_label.setWordWrap(True)
        right = QWidget()
        rl = QVBoxLayout(right)
        rl.addWidget(QLabel("Preview"))
        rl.addWidget(self.preview, 1)
        rl.addWidget(self.check_label)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(editor)
        split.addWidget(right)
        split.setSizes([520, 680])
        layout = QVBoxLayout(self)
        layout.addWidget(split)
        # Return in a field finishes the field; it must not press a button of the window
        for button in self.findChildren(QPushButton):
            button.setAutoDefault(False)
            button.setDefault(False)
        self._refresh_pending = False
        session.changed.connect(self._changed)
        self.refresh()

    # -- reading ---------------------------------------------------------------------------

    @property
    def project(self):
        return self.session.project

    def current(self) -> Briefing | None:
        briefing_id = self.briefing_box.currentData()
        return repo.get_briefing(self.project, briefing_id) if briefing_id else None

    def current_theme(self) -> Theme | None:
        briefing = self.current()
        row = self.themes.currentRow()
        if briefing is None or not 0 <= row < len(briefing.themes):
            return None
        return briefing.themes[row]

    def _changed(self, changes) -> None:
        touches = getattr(changes, "touches", None)
        if touches is not None and not any(touches(k) for k in KINDS):
            return
        if not self._refresh_pending:  # after the signal returns: a list may be emitting
            self._refresh_pending = True
            QTimer.singleShot(0, self.refresh)

    def refresh(self) -> None:
        self._refresh_pending = False
        wanted = self.briefing_box.currentData()
        found = repo.list_briefings(self.project)
        self.briefing_box.blockSignals(True)
        self.briefing_box.clear()
        for b in found:
            self.briefing_box.addItem(b.name, b.id)
        index = self.briefing_box.findData(wanted) if wanted else -1
        self.briefing_box.setCurrentIndex(index if index >= 0 else len(found) - 1)
        self.briefing_box.blockSignals(False)
        self._chosen()

    def _chosen(self) -> None:
        briefing = self.current()
        has = briefing is not None
        writable = has and not self.session.read_only
        for w in (
            self.title_edit,
            self.audience_edit,
            self.method_edit,
            self.method_button,
            self.add_theme_button,
            self.remove_theme_button,
            self.star_button,
            self.considerations_edit,
            self.questions_edit,
            self.theme_text_button,
        ):
            w.setEnabled(writable)
        self.new_button.setEnabled(not self.session.read_only)
        self.export_button.setEnabled(has)
        self.title_edit.setText(briefing.title if briefing else "")
        self.audience_edit.setText(briefing.audience if briefing else "")
        self.method_edit.setPlainText(briefing.method if briefing else "")
        row = self.themes.currentRow()
        self.themes.blockSignals(True)
        self.themes.clear()
        for t in briefing.themes if briefing else ():
            self.themes.addItem(make.theme_label(self.project, t))
        if self.themes.count():
            self.themes.setCurrentRow(min(max(row, 0), self.themes.count() - 1))
        self.themes.blockSignals(False)
        self._show_theme()
        self._preview(briefing)

    def _show_theme(self) -> None:
        theme = self.current_theme()
        self.considerations_edit.setPlainText(theme.considerations if theme else "")
        self.questions_edit.setPlainText(theme.questions if theme else "")
        self.quotes.blockSignals(True)
        self.quotes.clear()
        if theme is not None:
            pool = Pool([self.project])
            for coding_id, text, place in theme_candidates(pool, theme):
                item = QListWidgetItem(f"“{text}” ({place})")
                item.setData(Qt.ItemDataRole.UserRole, coding_id)
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                starred = coding_id in theme.stars
                item.setCheckState(Qt.CheckState.Checked if starred else Qt.CheckState.Unchecked)
                self.quotes.addItem(item)
        self.quotes.blockSignals(False)

    def _preview(self, briefing: Briefing | None) -> None:
        if briefing is None:
            self.preview.setHtml("<p>Make a briefing with <b>New briefing…</b></p>")
            self.check_label.setText("")
            return
        try:
            laid = build_document(Pool([self.project]), briefing)
        except CoderError as exc:
            self.preview.setHtml(f"<p>{exc}</p>")
            self.check_label.setText("")
            return
        self.preview.setHtml(to_html(laid))
        found = laid.disclosure
        text = f"Disclosure check: {found.summary()}."
        if found.blocked:
            terms = ", ".join(sorted({h.term for h in found.hits}, key=str.casefold))
            text += f" Writing is blocked by: {terms}."
        self.check_label.setText(text)

    # -- changes: each one undoable command --------------------------------------------------

    def _push(self, text: str, action) -> bool:
        return self.session.push(EditCommand(self.session, text, action))

    def new_briefing(self) -> bool:
        name, ok = QInputDialog.getText(self, "New briefing", "Name of the briefing:")
        if not ok or not name.strip():
            return False
        coder = self.session.coder_id()
        done = self._push(
            f"New briefing '{name.strip()}'",
            lambda: make.create_briefing(self.project, name, [], coder),
        )
        if done:
            found = repo.find_briefing(self.project, name)
            self.briefing_box.addItem(name.strip(), found.id if found else None)
            self.briefing_box.setCurrentIndex(self.briefing_box.count() - 1)
        return done

    def _set_field(self, field: str, edit: QLineEdit) -> None:
        briefing = self.current()
        if briefing is None or getattr(briefing, field) == edit.text().strip():
            return
        coder, text = self.session.coder_id(), edit.text()
        self._push(
            f"Briefing {field}",
            lambda: make.set_field(self.project, briefing.id, field, text, coder),
        )

    def save_method(self) -> bool:
        briefing = self.current()
        if briefing is None:
            return False
        coder, text = self.session.coder_id(), self.method_edit.toPlainText()
        return self._push(
            "Briefing method",
            lambda: make.set_field(self.project, briefing.id, "method", text, coder),
        )

    def _theme_choices(self) -> dict[str, make.ThemeChoice]:
        tree = codes.code_tree(self.project)
        choices = {
            tree.path(c.id): make.ThemeChoice(code_id=c.id) for c in codes.list_codes(self.project)
        }
        ordered = dict(sorted(choices.items(), key=lambda kv: kv[0].casefold()))
        for fw in fw_repo.list_frameworks(self.project):
            for cat in fw.categories:
                ordered[f"{fw.name}: {cat.name}"] = make.ThemeChoice(
                    framework=fw.name, category=cat.name
                )
        return ordered

    def add_theme(self) -> bool:
        briefing = self.current()
        if briefing is None:
            return False
        choices = self._theme_choices()
        label, ok = QInputDialog.getItem(
            self, "Add theme", "A code, or a framework's category:", list(choices), 0, False
        )
        if not ok or label not in choices:
            return False
        coder, choice = self.session.coder_id(), choices[label]
        done = self._push(
            f"Add theme '{label}'",
            lambda: make.add_theme(self.project, briefing.id, choice, coder),
        )
        if done:
            self.themes.setCurrentRow(len(briefing.themes))
        return done

    def remove_theme(self) -> bool:
        briefing, theme = self.current(), self.current_theme()
        if briefing is None or theme is None:
            return False
        coder = self.session.coder_id()
        return self._push(
            "Remove theme",
            lambda: make.remove_theme(self.project, briefing.id, theme.id, coder),
        )

    def save_theme_text(self) -> bool:
        briefing, theme = self.current(), self.current_theme()
        if briefing is None or theme is None:
            return False
        coder = self.session.coder_id()
        considerations = self.considerations_edit.toPlainText()
        questions = self.questions_edit.toPlainText()
        return self._push(
            "Theme text",
            lambda: make.set_theme_text(
                self.project, briefing.id, theme.id, coder, considerations, questions
            ),
        )

    def _quote_ticked(self, item: QListWidgetItem) -> None:
        self._star(item, item.checkState() == Qt.CheckState.Checked)

    def toggle_star(self) -> bool:
        item = self.quotes.currentItem()
        if item is None:
            return False
        theme = self.current_theme()
        starred = theme is not None and item.data(Qt.ItemDataRole.UserRole) in theme.stars
        return self._star(item, not starred)

    def _star(self, item: QListWidgetItem, starred: bool) -> bool:
        briefing, theme = self.current(), self.current_theme()
        if briefing is None or theme is None:
            return False
        coding_id = item.data(Qt.ItemDataRole.UserRole)
        if (coding_id in theme.stars) == starred:
            return False
        coder = self.session.coder_id()
        if starred:
            return self._push(
                "Star quote",
                lambda: make.star(self.project, briefing.id, coding_id, coder, theme.id),
            )
        return self._push(
            "Unstar quote",
            lambda: make.unstar(self.project, briefing.id, theme.id, coding_id, coder),
        )

    # -- writing ---------------------------------------------------------------------------

    def write_dialog(self) -> ProgressJob | None:
        """Ask where, then write the briefing on a job (its own read-only connection) with
        progress and Cancel; PyMuPDF lays out a PDF on the PDF worker."""
        briefing = self.current()
        if briefing is None:
            return None
        path, chosen = QFileDialog.getSaveFileName(
            self,
            "Write the briefing",
            str(Path.home()),
            "Word document (*.docx);;PDF document (*.pdf);;Web page (*.html)",
        )
        if not path:
            return None
        out = Path(path)
        if out.suffix.lower() not in (".docx", ".pdf", ".html", ".htm"):
            # a name typed without its extension takes the chosen file type's
            out = out.with_name(out.name + (chosen.split("*")[-1].rstrip(")") or ".docx"))
        source = Path(self.project.path)

        def write(progress: Progress) -> BriefingDocument:
            with Project.open(source, read_only=True) as project:
                return write_briefing(Pool([project]), briefing, out, progress=progress)

        self.write_job = job = ProgressJob(write, f"Writing {out.name}…", self)
        job.done.connect(
            lambda laid: self.check_label.setText(
                f"Wrote {out}. Disclosure check: {laid.disclosure.summary()}; its report is "
                "beside the briefing."
            )
        )
        job.failed.connect(lambda message: QMessageBox.warning(self, "Write the briefing", message))
        job.cancelled.connect(
            lambda: self.check_label.setText(f"Cancelled: {out.name} was not written")
        )
        job.start()
        return job
