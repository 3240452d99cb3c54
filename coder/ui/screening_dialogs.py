"""Screening in the app: the screening queue (one coder's include/exclude decisions, blind to
the others', each one undo step) and the disagreements between screeners with their
resolution."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from coder.coding import screening
from coder.coding.attach import require_pdf
from coder.errors import CoderError
from coder.project import candidates, coders
from coder.project import screening as screening_repo
from coder.teamwork.screening_agreement import screening_agreement
from coder.ui.commands import EditCommand
from coder.ui.screen_fit import fit_size


class ScreeningDialog(QDialog):
    """The screening queue: the reviews in the order they were added, starting at the first
    one this coder has not screened. I includes; X excludes with the chosen reason (the
    number keys choose a reason and exclude at once); → and ← move between reviews. Only
    this coder's own decision is shown: screeners work blind. Each decision is one undo
    step on the project's undo stack."""

    openDocument = Signal(str)

    def __init__(self, session, parent=None) -> None:
        super().__init__(parent)
        self.session = session
        self.setWindowTitle("Screening queue")
        fit_size(self, 1000, 640)
        project = session.project
        self.reviews = candidates.list_sample(project)
        self.reasons = screening_repo.reasons(project)
        self.index = 0
        self.heading = QLabel()
        self.heading.setWordWrap(True)
        self.heading.setAccessibleName("Review being screened")
        self.pages = QPlainTextEdit()
        self.pages.setReadOnly(True)
        self.pages.setAccessibleName("First pages")
        criteria = QPlainTextEdit(screening_repo.criteria(project) or "(no criteria set)")
        criteria.setReadOnly(True)
        criteria.setAccessibleName("Screening criteria")
        self.decision_label = QLabel()
        self.decision_label.setAccessibleName("Your decision")
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setAccessibleName("Message")
        session.failed.connect(self.message.setText)
        self.reason = QComboBox()
        self.reason.addItems(self.reasons)
        self.reason.setAccessibleName("Reason to exclude")
        self.include_button = QPushButton("&Include (I)")
        self.include_button.clicked.connect(self.include)
        self.exclude_button = QPushButton("E&xclude (X)")
        self.exclude_button.clicked.connect(self.exclude)
        self.undo_button = QPushButton("&Undo last decision")
        self.undo_button.clicked.connect(self.undo)
        self.code_button = QPushButton("&Open for coding")
        self.code_button.clicked.connect(self.open_for_coding)
        self.previous_button = QPushButton("← Previous")
        self.previous_button.clicked.connect(lambda: self.step(-1))
        self.next_button = QPushButton("Next →")
        self.next_button.clicked.connect(lambda: self.step(1))
        for key, slot in (
            ("I", self.include),
            ("X", self.exclude),
            ("Right", lambda: self.step(1)),
            ("Left", lambda: self.step(-1)),
        ):
            QShortcut(QKeySequence(key), self).activated.connect(slot)
        for n, _reason in enumerate(self.reasons[:9], start=1):
            QShortcut(QKeySequence(str(n)), self).activated.connect(
                lambda n=n: self.exclude_as(n - 1)
            )
        writable = not session.read_only
        for w in (self.include_button, self.exclude_button, self.reason):
            w.setEnabled(writable)
        right = QWidget()
        side = QVBoxLayout(right)
        side.addWidget(QLabel("Criteria"))
        side.addWidget(criteria, 1)
        side.addWidget(self.decision_label)
        side.addWidget(self.message)
        side.addWidget(QLabel("Reason to exclude (1–9 choose and exclude)"))
        side.addWidget(self.reason)
        row = QHBoxLayout()
        row.addWidget(self.include_button)
        row.addWidget(self.exclude_button)
        side.addLayout(row)
        more = QHBoxLayout()
        more.addWidget(self.undo_button)
        more.addWidget(self.code_button)
        side.addLayout(more)
        nav = QHBoxLayout()
        nav.addWidget(self.previous_button)
        nav.addWidget(self.next_button)
        side.addLayout(nav)
        left = QWidget()
        main = QVBoxLayout(left)
        main.addWidget(self.heading)
        main.addWidget(self.pages, 1)
        split = QSplitter()
        split.addWidget(left)
        split.addWidget(right)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(split, 1)
        layout.addWidget(close)
        self.index = self._first_undecided()
        self._decided: list[tuple[object, int]] = []  # (undo command, queue index) made here
        self.show_review()

    def _mine(self) -> dict[str, screening_repo.Screening]:
        coder = coders.find_coder(self.session.project, self.session.coder_name)
        if coder is None:
            return {}
        return {
            s.review_id: s for s in screening_repo.list_screenings(self.session.project, coder.id)
        }

    def _first_undecided(self) -> int:
        mine = self._mine()
        return next((i for i, r in enumerate(self.reviews) if r.id not in mine), 0)

    def current(self) -> candidates.SampleReview | None:
        return self.reviews[self.index] if self.reviews else None

    def show_review(self) -> None:
        self.message.clear()
        review = self.current()
        if review is None:
            self.heading.setText("No reviews in the sample yet: import candidates first.")
            self.pages.setPlainText("")
            self.decision_label.setText("")
            return
        where = review.provenance.labels()
        facts = [f"{k.replace('_', ' ')}: {v}" for k, v in where.items() if v]
        self.heading.setText(
            f"<b>{review.name}</b> ({self.index + 1} of {len(self.reviews)})<br>" + "; ".join(facts)
        )
        text = screening.first_pages(self.session.project, review.id)
        self.pages.setPlainText(text or "No PDF yet: screen it from its details, or attach it.")
        mine = self._mine().get(review.id)
        if mine is None:
            self.decision_label.setText("Your decision: not screened yet")
        else:
            self.decision_label.setText(
                f"Your decision: {mine.decision}" + (f" ({mine.reason})" if mine.reason else "")
            )

    def step(self, by: int) -> None:
        if self.reviews:
            self.index = max(0, min(len(self.reviews) - 1, self.index + by))
            self.show_review()

    def _decide(self, decision: str, reason: str) -> bool:
        review = self.current()
        if review is None or self.session.read_only:
            return False
        done = self.session.push(
            EditCommand(
                self.session,
                f"{decision.capitalize()} '{review.name}'",
                lambda: screening.screen(
                    self.session.project, review.id, decision, reason, self.session.coder_name
                ),
            )
        )
        if not done:
            return False
        stack = self.session.undo_stack
        self._decided.append((stack.command(stack.index() - 1), self.index))
        if self.index < len(self.reviews) - 1:
            self.index += 1
        self.show_review()
        return True

    def undo(self) -> None:
        """Undo the last step on the project's undo stack (a decision goes back as it was);
        when it was a decision made here, the queue goes back to that review, to decide it
        again."""
        stack = self.session.undo_stack
        if not stack.canUndo():
            return
        last = stack.command(stack.index() - 1)
        stack.undo()
        for command, index in reversed(self._decided):
            if command is last:
                self.index = index
                break
        self.show_review()

    def open_for_coding(self) -> bool:
        """Open the review's first document in the main window; a review without a PDF is
        refused with a one-line message."""
        review = self.current()
        if review is None:
            return False
        try:
            require_pdf(self.session.project, review.id)
        except CoderError as exc:
            self.session.failed.emit(str(exc))
            return False
        self.openDocument.emit(candidates.first_document(self.session.project, review.id))
        return True

    def include(self) -> bool:
        return self._decide("include", "")

    def exclude(self) -> bool:
        return self._decide("exclude", self.reason.currentText())

    def exclude_as(self, n: int) -> bool:
        self.reason.setCurrentIndex(n)
        return self.exclude()


class DisagreementsDialog(QDialog):
    """Reviews whose screeners differ, with each one's decision and how it was settled; a
    third person or the screeners by consensus resolve the selected one (recorded under
    the coder at the keyboard, one undo step). With two screeners, their kappa."""

    def __init__(self, session, parent=None) -> None:
        super().__init__(parent)
        self.session = session
        self.setWindowTitle("Screening disagreements")
        fit_size(self, 860, 460)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName("Agreement")
        self.table = QTableWidget(0, 3)
        self.table.setHorizontalHeaderLabels(["review", "screeners", "resolution"])
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setAccessibleName("Disagreements")
        self.decision = QComboBox()
        self.decision.setAccessibleName("Decision")
        self.decision.addItem("include")
        for reason in screening_repo.reasons(session.project):
            self.decision.addItem(f"exclude: {reason}")
        self.method = QComboBox()
        self.method.setAccessibleName("Decided by")
        self.method.addItems(["a third person", "consensus"])
        self.resolve_button = QPushButton("&Resolve")
        self.resolve_button.clicked.connect(self.resolve)
        self.resolve_button.setEnabled(not session.read_only)
        row = QHBoxLayout()
        row.addWidget(QLabel("Decision"))
        row.addWidget(self.decision, 1)
        row.addWidget(QLabel("by"))
        row.addWidget(self.method)
        row.addWidget(self.resolve_button)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addLayout(row)
        layout.addWidget(close)
        self.reload()

    def reload(self) -> None:
        project = self.session.project
        self.rows = screening.disagreements(project)
        self.table.setRowCount(len(self.rows))
        for r, d in enumerate(self.rows):
            said = "; ".join(
                f"{s.coder_name}: {s.decision}" + (f" ({s.reason})" if s.reason else "")
                for s in d.screenings
            )
            res = d.resolution
            settled = (
                f"{res.decision}"
                + (f" ({res.reason})" if res.reason else "")
                + f", by {screening.METHOD_LABELS[res.method]} ({res.decided_by_name})"
                if res
                else "unresolved"
            )
            for c, text in enumerate((d.name, said, settled)):
                self.table.setItem(r, c, QTableWidgetItem(text))
        if self.rows:
            self.table.selectRow(0)
        names = sorted({s.coder_name for s in screening_repo.list_screenings(project)})
        open_ = sum(1 for d in self.rows if d.resolution is None)
        text = f"{len(self.rows)} disagreements, {open_} unresolved."
        if len(names) == 2:
            report = screening_agreement(project, *names)
            kappa = report["cohen_kappa"]
            text = (
                f"{names[0]} and {names[1]} both screened {report['both_screened']} reviews; "
                + (f"Cohen's kappa {kappa:.2f}. " if kappa is not None else "kappa undefined. ")
                + text
            )
        self.summary.setText(text)

    def resolve(self) -> bool:
        row = self.table.currentRow()
        if not (0 <= row < len(self.rows)):
            return False
        review = self.rows[row]
        choice = self.decision.currentText()
        decision, reason = ("include", "") if choice == "include" else ("exclude", choice[9:])
        method = "third_person" if self.method.currentIndex() == 0 else "consensus"
        done = self.session.push(
            EditCommand(
                self.session,
                f"Resolve '{review.name}'",
                lambda: screening.resolve(
                    self.session.project,
                    review.review_id,
                    decision,
                    reason,
                    method,
                    self.session.coder_name,
                ),
            )
        )
        if done:
            self.reload()
            self.table.selectRow(row)
        return done
