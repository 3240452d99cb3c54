"""The main window's menu bar and toolbar: which action goes in which menu, in what
order. The actions themselves belong to the window's parts."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QLabel, QMenu, QToolBar

if TYPE_CHECKING:
    from coder.ui.main_window import MainWindow


def _fill(menu: QMenu, actions: Iterable[QAction | None]) -> None:
    """The actions in order, None for a separator."""
    for act in actions:
        menu.addSeparator() if act is None else menu.addAction(act)


def make_menus(w: MainWindow) -> None:
    bar = w.menuBar()
    projects, coding, judging = w.projects, w.coding, w.judging
    file = bar.addMenu("&File")
    _fill(file, (projects.new_act, projects.open_act, projects.demo_act))
    projects.recent_menu = file.addMenu("Open &recent")
    projects.recent_menu.aboutToShow.connect(projects.fill_recent)
    _fill(
        file,
        (
            None,
            projects.import_act,
            projects.load_codebook_act,
            judging.load_framework_act,
            projects.export_codebook_act,
            projects.copy_project_act,
            None,
            w.exchange.import_qdpx_act,
            w.exchange.export_qdpx_act,
            None,
            projects.close_act,
            projects.quit_act,
        ),
    )
    _fill(
        bar.addMenu("&Edit"),
        (w.undo_act, w.redo_act, None, w.copy_act, w.finding.find_act, None, w.coder_act),
    )
    _fill(
        bar.addMenu("&Code"),
        (
            coding.quick_act,
            coding.apply_act,
            coding.area_act,
            None,
            *judging.judgement_actions(),
            None,
            *coding.effect_actions(),
            judging.explains_act,
            judging.unlink_act,
            None,
            coding.memo_act,
            coding.delete_coding_act,
            None,
            judging.recode_act,
            w.case_data.contact_from_selection_act,
        ),
    )
    view = bar.addMenu("&View")
    _fill(view, (*w.viewing.zoom_actions(), w.outlining.paragraph_numbers_act, None))
    _fill(view, (dock.toggleViewAction() for dock in w.docks()))
    _fill(view, (None, w.viewing.reset_layout_act))
    _fill(
        bar.addMenu("&Analysis"),
        (
            *w.analyses.menu_actions(),
            w.briefing.briefings_act,
            None,
            *w.recommendations.menu_actions(),
        ),
    )
    _fill(bar.addMenu("&Sample"), w.sampling.menu_actions())
    w.team.make_menu(bar.addMenu("&Team"))
    bar.addMenu("&Help").addAction(w.about_act)
    tools = QToolBar("Tools")
    tools.setObjectName("Tools")
    zoom_in, zoom_out, fit_width, fit_page = w.viewing.zoom_actions()
    for act in (zoom_out, zoom_in, fit_width, fit_page):
        tools.addAction(act)
    tools.addWidget(w.viewing.zoom_label)
    tools.addWidget(QLabel(" Page "))
    tools.addWidget(w.page_box)
    tools.addWidget(w.page_count_label)
    tools.addSeparator()
    for act in (coding.area_act, coding.quick_act, coding.supports_act, coding.hinders_act):
        tools.addAction(act)
    w.addToolBar(tools)
