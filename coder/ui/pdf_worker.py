"""The one thread that makes PyMuPDF calls: page rendering, PDF extraction, and every
other PyMuPDF call of the app (a report's PDF, a diagram's PNG, fonts read again for the
structure), which ``coder.pdf.thread`` carries here while the worker runs.

PyMuPDF is not thread-safe, so no other thread calls it; they ask this worker. Render
requests replace each other (the newest set of visible pages wins, first page first) and
go before other calls, which go before extraction, so scrolling stays responsive during an
import and a job waiting for a PDF does not wait for the whole import.
"""

from __future__ import annotations

import threading
from collections import OrderedDict, deque
from collections.abc import Callable
from concurrent.futures import Future
from pathlib import Path
from typing import Any, TypeVar

from PySide6.QtCore import QThread, Signal
from PySide6.QtGui import QImage

from coder.errors import CoderError
from coder.pdf import thread as pdf_thread
from coder.pdf.extract import extract_pdf, read_file_bytes, sha256_of
from coder.pdf.render import PdfRenderer

R = TypeVar("R")

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
        self._calls: deque[tuple[Callable[[], Any], Future]] = deque()
        self._ident: int | None = None  # the worker thread's, while it runs
        self._started = False
        self._stopping = False
        self._next_job = 1
        #: held during every PyMuPDF call this worker runs, and by a caller that runs one
        #: itself because the worker has stopped, so calls never overlap
        self.pdf_lock = threading.Lock()

    # -- called from the GUI thread -----------------------------------------------

    def start(self, *args: Any) -> None:
        with self._cond:
            self._started = True
        super().start(*args)

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

    def call(self, fn: Callable[[], R]) -> R:
        """Run ``fn`` on the worker thread, after any visible pages are rendered, and
        return its result (or raise its error). From the worker thread itself, or once
        the worker has stopped, ``fn`` runs at once (under ``pdf_lock``)."""
        if threading.get_ident() == self._ident:
            return fn()
        future: Future = Future()
        with self._cond:
            queued = self._started and not self._stopping
            if queued:
                self._calls.append((fn, future))
                self._cond.notify()
        if not queued:
            with self.pdf_lock:
                return fn()
        return future.result()

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
        with self._cond:
            self._ident = threading.get_ident()
        pdf_thread.install(self)
        try:
            self._serve()
        finally:
            pdf_thread.uninstall(self)
            with self._cond:
                self._ident = None
                calls, self._calls = list(self._calls), deque()
            with self.pdf_lock:
                for fn, future in calls:  # queued before the stop: served all the same
                    _settle(future, fn)
                for renderer in self._renderers.values():
                    renderer.close()
                self._renderers.clear()

    def _serve(self) -> None:
        while True:
            with self._cond:
                while not (self._stopping or self._wanted or self._calls or self._imports):
                    self._cond.wait()
                if self._stopping:
                    return
                if self._wanted:
                    task: tuple = ("render", self._wanted.pop(0))
                elif self._calls:
                    task = ("call", self._calls.popleft())
                else:
                    task = ("import", self._imports.popleft())
            with self.pdf_lock:
                if task[0] == "render":
                    self._render(*task[1])
                elif task[0] == "call":
                    _settle(task[1][1], task[1][0])
                else:
                    self._extract(*task[1])

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


def _settle(future: Future, fn: Callable[[], Any]) -> None:
    try:
        future.set_result(fn())
    except BaseException as exc:  # the caller's thread raises it
        future.set_exception(exc)
