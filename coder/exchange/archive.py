"""Reading a ``.qdpx`` (a zip) without trusting it, and writing one.

Nothing is extracted to disk: members are read into memory, so no name in the archive can
place a file anywhere. Archives are refused outright when a member's name is absolute or
climbs out of the archive (``..``), when a member is a link, and when the archive would
inflate beyond bounded sizes or ratios (a zip bomb)."""

from __future__ import annotations

import stat
import zipfile
from pathlib import Path, PurePosixPath

from coder.errors import InvalidInputError

MAX_MEMBERS = 20_000
MAX_TOTAL = 4 * 1024**3  # 4 GB uncompressed in all
MAX_MEMBER = 1024**3  # 1 GB for one file
MAX_RATIO = 200  # uncompressed ÷ compressed, for members above 1 MB
_SMALL = 1024**2


class QdpxArchive:
    """A checked ``.qdpx``: its project document and its source files, read on demand."""

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            self.zip = zipfile.ZipFile(path)
        except zipfile.BadZipFile:
            raise InvalidInputError(f"{path.name}: not a .qdpx (zip) archive, or damaged") from None
        except OSError as exc:
            raise InvalidInputError(
                f"{path.name}: cannot be read ({exc.strerror or exc})"
            ) from None
        try:
            self._check()
        except BaseException:
            self.zip.close()
            raise
        self.qde_name = self._find_qde()
        # sources by lower-cased file name, from "sources/" or "Sources/" (or the root)
        self.sources: dict[str, zipfile.ZipInfo] = {}
        for info in self.zip.infolist():
            parts = PurePosixPath(info.filename).parts
            if info.is_dir() or not parts:
                continue
            if len(parts) == 2 and parts[0].lower() == "sources":
                self.sources[parts[1].lower()] = info
            elif len(parts) == 1 and not parts[0].lower().endswith(".qde"):
                self.sources.setdefault(parts[0].lower(), info)

    def close(self) -> None:
        self.zip.close()

    def __enter__(self) -> QdpxArchive:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _check(self) -> None:
        name = self.path.name
        infos = self.zip.infolist()
        if len(infos) > MAX_MEMBERS:
            raise InvalidInputError(f"{name}: {len(infos)} files in the archive; refused")
        total = 0
        for info in infos:
            member = info.filename
            posix = PurePosixPath(member.replace("\\", "/"))
            first = posix.parts[0] if posix.parts else ""
            drive = len(first) >= 2 and first[1] == ":"  # C:\... on Windows
            if member.startswith(("/", "\\")) or posix.is_absolute() or drive:
                raise InvalidInputError(
                    f"{name}: the archive holds an absolute path ({member}); refused"
                )
            if ".." in posix.parts:
                raise InvalidInputError(
                    f"{name}: the archive holds a path leaving its folder ({member}); refused"
                )
            mode = info.external_attr >> 16
            if stat.S_ISLNK(mode):
                raise InvalidInputError(f"{name}: the archive holds a link ({member}); refused")
            if info.file_size > MAX_MEMBER:
                raise InvalidInputError(f"{name}: {member} would unpack to over 1 GB; refused")
            if info.file_size > _SMALL and info.file_size > MAX_RATIO * max(1, info.compress_size):
                raise InvalidInputError(
                    f"{name}: {member} is compressed {info.file_size // max(1, info.compress_size)}"
                    " to 1, as zip bombs are; refused"
                )
            total += info.file_size
            if total > MAX_TOTAL:
                raise InvalidInputError(f"{name}: the archive would unpack to over 4 GB; refused")

    def _find_qde(self) -> str:
        root = [
            i.filename
            for i in self.zip.infolist()
            if len(PurePosixPath(i.filename).parts) == 1 and i.filename.lower().endswith(".qde")
        ]
        if "project.qde" in root:
            return "project.qde"
        if len(root) == 1:
            return root[0]
        if not root:
            raise InvalidInputError(f"{self.path.name}: no project.qde in the archive; not a .qdpx")
        raise InvalidInputError(
            f"{self.path.name}: {len(root)} .qde files at the top of the archive; expected one"
        )

    def read(self, info: zipfile.ZipInfo) -> bytes:
        """A member's bytes, never more than its declared size."""
        with self.zip.open(info) as fh:
            data = fh.read(info.file_size + 1)
        if len(data) > info.file_size:
            raise InvalidInputError(f"{self.path.name}: {info.filename} is larger than it says")
        return data

    def qde(self) -> bytes:
        return self.read(self.zip.getinfo(self.qde_name))

    def source(self, reference: str) -> bytes | None:
        """The bytes of ``internal://NAME`` (any case), or None if it is not in the archive."""
        if not reference:
            return None
        name = reference.split("://", 1)[1] if "://" in reference else reference
        name = PurePosixPath(name.replace("\\", "/")).name.lower()
        info = self.sources.get(name)
        return self.read(info) if info is not None else None


def write_qdpx(path: Path, qde: bytes, sources: dict[str, bytes]) -> None:
    """Write ``project.qde`` and ``sources/NAME`` files into a zip at ``path``."""
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as z:
        z.writestr("project.qde", qde)
        for name, data in sources.items():
            z.writestr(f"sources/{name}", data)
