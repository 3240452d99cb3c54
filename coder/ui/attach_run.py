"""Attaching PDFs to candidate reviews from the app: an import (extraction on the PDF
worker, progress and Cancel, failures listed) whose files go into the reviews they match
(``coder.coding.attach``) rather than reviews of their own."""

from __future__ import annotations

from pathlib import Path

from coder.coding.attach import match_review
from coder.coding.ingest import store_extracted
from coder.errors import CoderError
from coder.project import candidates
from coder.ui.importer import ImportRun


class AttachRun(ImportRun):
    def _extracted(self, job: int, path: str, doc) -> None:
        if job != self.job or self._stopped:
            return
        project = self.session.project
        try:
            review = match_review(candidates.list_sample(project), Path(path).name, doc.title)
            outcome = store_extracted(
                project, doc, self.session.coder_name, Path(path), review_id=review.id
            )
        except CoderError as exc:
            self.failures.append((path, str(exc)))
        else:
            if outcome.status == "imported":
                self.imported.append(doc.title)
            else:
                self.duplicates.append(path)
        self._step(path)
