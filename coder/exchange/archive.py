"""Reading a ``.qdpx`` (a zip) without trusting it, and writing one.

Nothing is extracted to disk: members are read into memory, so no name in the archive can
place a file anywhere. Archives are refused outright when a member's name is absolute or
climbs out of the archive (``..``), when a member is a link, and when the archive would
inflate beyond bounded sizes or ratios (a zip bomb)."""

from __future__ import annotations

import errno
import stat
import zipfile
import zlib
from pathlib import Path, PurePosixPath

from coder.errors import InvalidInputError
from coder.progress import NO_PROGRESS, Progress

MAX_MEMBERS = 20_000
MAX_TOTAL = 4 * 1024**3  # 4 GB uncompressed in all
MAX_MEMBER = 1024**3  # 1 GB for one file
MAX_RATIO = 200  # uncompressed ÷ compressed, for members above 1 MB
_SMALL = 1024**2

# what zipfile raises for a damaged archive or member: a bad header or CRC, a broken
# deflate stream (zlib error -3), an offset past the end (OSError), an unknown method
_DAMAGE = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    zlib.error,
    EOFError,
    OSError,
    ValueError,
    NotImplementedError,
    RuntimeError,  # an encrypted member
)


_UNREADABLE = (errno.EACCES, errno.EPERM, errno.ENOENT, errno.EISDIR, errno.EIO)


class DamagedMemberError(InvalidInputError):
    """One file inside the archive cannot be read back as it was written."""


def _reason(exc: BaseException) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    if isinstance(exc, zlib.error):
        return "its compressed data is broken"
    if "CRC" in text:
        return "its checksum does not match"
    if isinstance(exc, RuntimeError) and "encrypted" in text:
        return "it is encrypted"
    if isinstance(exc, zipfile.BadZipFile):
        return "its header is broken"
    if isinstance(exc, OSError):
        return "it lies outside the archive"
    return text[:80]


class QdpxArchive:
    """A checked ``.qdpx``: its project document and its source files, read on demand."""

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            self.zip = zipfile.ZipFile(path)
        except _DAMAGE as exc:
            if isinstance(exc, OSError) and exc.errno in _UNREADABLE:
                raise InvalidInputError(
                    f"{path.name}: cannot be read ({exc.strerror or exc})"
                ) from None
            # a seek past the end (EINVAL) and the like: offsets in the archive are wrong
            raise InvalidInputError(f"{path.name}: not a .qdpx (zip) archive, or damaged") from None
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
        seen: set[str] = set()
        for info in infos:
            member = info.filename
            # two members under one name (a second project.qde, say): which one is meant
            # cannot be known, and zipfile would silently read the last
            key = _lookup_key(member)
            if key in seen:
                raise InvalidInputError(
                    f"{name}: the archive holds {member} twice; refused (it is damaged or was "
                    "altered): export the project again"
                )
            seen.add(key)
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
        if len(root) == 1:
            return root[0]
        if not root:
            raise InvalidInputError(f"{self.path.name}: no project.qde in the archive; not a .qdpx")
        # which one is the project cannot be known; importing either would lose the other
        raise InvalidInputError(
            f"{self.path.name}: {len(root)} project documents ({', '.join(sorted(root))}) at "
            "the top of the archive; a .qdpx holds one: export the project again"
        )

    def read(self, info: zipfile.ZipInfo) -> bytes:
        """A member's bytes, never more than its declared size. Raises DamagedMemberError
        when the member cannot be read back intact (its CRC, its compressed data, its
        header)."""
        try:
            with self.zip.open(info) as fh:
                data = fh.read(info.file_size + 1)
        except _DAMAGE as exc:
            raise DamagedMemberError(
                f"{self.path.name}: {info.filename} is damaged in the archive ({_reason(exc)})"
            ) from None
        if len(data) > info.file_size:
            raise DamagedMemberError(f"{self.path.name}: {info.filename} is larger than it says")
        return data

    def qde(self) -> bytes:
        """The project document. Raises InvalidInputError when it is damaged: nothing in
        the archive can be imported without it."""
        try:
            return self.read(self.zip.getinfo(self.qde_name))
        except DamagedMemberError as exc:
            raise InvalidInputError(
                f"{exc}; nothing was imported: export the project again"
            ) from None

    def source(self, reference: str) -> bytes | None:
        """The bytes of ``internal://NAME`` (any case), or None if it is not in the archive."""
        if not reference:
            return None
        name = reference.split("://", 1)[1] if "://" in reference else reference
        name = PurePosixPath(name.replace("\\", "/")).name.lower()
        info = self.sources.get(name)
        return self.read(info) if info is not None else None


def _lookup_key(member: str) -> str:
    """The name a member is found by: sources in any case, in sources/ or Sources/."""
    parts = PurePosixPath(member.replace("\\", "/")).parts
    if len(parts) == 2 and parts[0].lower() == "sources":
        return "sources/" + parts[1].lower()
    return member


def write_qdpx(
    path: Path, qde: bytes, sources: dict[str, bytes], progress: Progress = NO_PROGRESS
) -> None:
    """Write ``project.qde`` and ``sources/NAME`` files into a zip at ``path``."""
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as z:
        z.writestr("project.qde", qde)
        for n, (name, data) in enumerate(sources.items()):
            progress.step(n, len(sources))
            z.writestr(f"sources/{name}", data)
