"""The one thread that makes PyMuPDF calls: page rendering and PDF extraction.

PyMuPDF is not thread-safe, so the GUI thread never calls it; it asks this worker. Render
requests replace each other (the newest set of visible pages wins, first page first) and
go before extraction, so scrolling stays responsive during an import.
"""

from __future__ import annotations

import threading
from collections import OrderedDict, deque
from pathlib import Path

from PySide6.QtCore import QThread, Signal
from PySide6.QtGui import QImage

from coder.errors import CoderError
from coder.pdf.extract import extract_pdf, read_file_bytes, sha256_of
from coder.pdf.render import PdfRenderer

OPEN_RENDERERS = 3


class PdfWorker(QThread):
    rendered = Signal(str, int, float, QImage)  # document id, page, scale, image
    extracted = Signal(int, str, object)  # job, path, ExtractedDocument or None
    extract_failed = Signal(int, str, str)  # job, path, one-line reason
    extract_skipped = Signal(int, str, str)  # job, path, sha256 already in the project
    job_finished = Signal(int)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._cond = threading.Condition()
        self._data: dict[str, bytes] = {}
        self._renderers: OrderedDict[str, PdfRenderer] = OrderedDict()
        self._wanted: list[tuple[str, int, float]] = []
        self._imports: deque[tuple[int, str]] = deque()
        self._known: dict[int, set[str]] = {}
        self._cancelled: set[int] = set()
        self._stopping = False
        self._next_job = 1
        #: held during every PyMuPDF call of this worker; the GUI thread takes it for the
        #: rare PyMuPDF work it must do itself (building the demo), so calls never overlap
        self.pdf_lock = threading.Lock()

    # -- called from the GUI thread -----------------------------------------------

    def set_document(self, document_id: str, data: bytes) -> None:
        with self._cond:
            self._data[document_id] = data

    def request(self, document_id: str, pages: list[int], scale: float) -> None:
        """Render these pages (in this order) at this scale; forget earlier requests."""
        with self._cond:
            self._wanted = [(document_id, p, scale) for p in pages]
            self._cond.notify()

    def import_files(self, paths: list[Path], known_sha256: set[str]) -> int:
        with self._cond:
            job = self._next_job
            self._next_job += 1
            self._known[job] = set(known_sha256)
            self._imports.extend((job, str(p)) for p in paths)
            self._imports.append((job, ""))  # end marker
            self._cond.notify()
        return job

    def cancel(self, job: int) -> None:
        with self._cond:
            self._cancelled.add(job)

    def stop(self) -> None:
        with self._cond:
            self._stopping = True
            self._cond.notify()
        self.wait()

    # -- the worker thread ----------------------------------------------------------------

    def run(self) -> None:
        while True:
            with self._cond:
                while not (self._stopping or self._wanted or self._imports):
                    self._cond.wait()
                if self._stopping:
                    break
                if self._wanted:
                    task: tuple = ("render", self._wanted.pop(0))
                else:
                    task = ("import", self._imports.popleft())
            with self.pdf_lock:
                if task[0] == "render":
                    self._render(*task[1])
                else:
                    self._extract(*task[1])
        with self.pdf_lock:
            for renderer in self._renderers.values():
                renderer.close()
            self._renderers.clear()

    def _renderer(self, document_id: str) -> PdfRenderer | None:
        renderer = self._renderers.get(document_id)
        if renderer is None:
            with self._cond:
                data = self._data.get(document_id)
            if data is None:
                return None
            renderer = PdfRenderer(data)
            self._renderers[document_id] = renderer
            while len(self._renderers) > OPEN_RENDERERS:
                _, old = self._renderers.popitem(last=False)
                old.close()
        else:
            self._renderers.move_to_end(document_id)
        return renderer

    def _render(self, document_id: str, page: int, scale: float) -> None:
        try:
            renderer = self._renderer(document_id)
            if renderer is None:
                return
            out = renderer.render(page, scale)
        except CoderError:
            return  # the page stays blank; its text and codings still show
        image = QImage(
            out.samples, out.width, out.height, out.stride, QImage.Format.Format_RGB888
        ).copy()
        self.rendered.emit(document_id, page, scale, image)

    def _extract(self, job: int, path: str) -> None:
        if not path:
            with self._cond:
                self._known.pop(job, None)
                self._cancelled.discard(job)
            self.job_finished.emit(job)
            return
        with self._cond:
            if job in self._cancelled:
                return
            known = self._known.get(job, set())
        try:
            data = read_file_bytes(Path(path))
            sha = sha256_of(data)
            if sha in known:
                self.extract_skipped.emit(job, path, sha)
                return
            doc = extract_pdf(data, Path(path).name)
        except CoderError as exc:
            self.extract_failed.emit(job, path, str(exc))
            return
        known.add(sha)
        self.extracted.emit(job, path, doc)
