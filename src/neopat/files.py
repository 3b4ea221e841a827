"""The file boundary: every file neopat reads and every file it writes goes through here.

Reading turns every way a file can be unusable (missing, a directory or a device, no
permission, too large, not UTF-8 text, TOML nested too deeply) into one :class:`InputError`
naming the file. Writing is checked before any compute (:func:`check_output`: the folder, an
existing file without ``--force``, a command's own input) and atomic (:func:`atomic_path`: a
temporary file in the same folder, renamed over the target once complete), so an output is
complete or absent.
"""

from __future__ import annotations

import csv
import os
import stat
import tempfile
import tomllib
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

from neopat.errors import InputError

MAX_BYTES = 64 * 2**20  # far above any input neopat reads (the thesis is 0.8 MB)


def _read_bytes(source: Path | Traversable, what: str) -> bytes:
    if not isinstance(source, Path):  # a packaged resource
        return source.read_bytes()
    try:
        info = source.stat()
        if stat.S_ISDIR(info.st_mode):
            raise InputError(f"is a directory, not a {what}", file=source)
        if not stat.S_ISREG(info.st_mode):
            raise InputError(f"is not a regular file (a {what} is expected)", file=source)
        if info.st_size > MAX_BYTES:
            raise InputError(f"is {info.st_size:,} bytes; a {what} may have at most "
                             f"{MAX_BYTES:,}", file=source)
        return source.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{what} not found", file=source) from None
    except PermissionError:
        raise InputError(f"permission denied: cannot read the {what}", file=source) from None
    except OSError as exc:
        raise InputError(f"cannot read the {what}: {exc.strerror or exc}", file=source) from None


def read_text(source: str | Path | Traversable, *, what: str = "file", label: str | None = None,
              encoding: str = "utf-8") -> str:
    """The text of a UTF-8 file (a path, or a packaged resource shown as ``label``)."""
    source = Path(source) if isinstance(source, str) else source
    data = _read_bytes(source, what)
    shown = label or str(source)
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise InputError(f"not UTF-8 text (byte 0x{data[exc.start]:02x} at offset {exc.start})",
                         file=shown) from None
    if "\x00" in text:
        raise InputError(f"not a text file (a NUL byte at offset {text.index(chr(0))})",
                         file=shown)
    return text


def parse_toml(text: str, label: str | Path) -> dict[str, Any]:
    """Parse TOML text; a syntax error or too deep a nesting is an :class:`InputError`."""
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise InputError(f"not valid TOML: {exc}", file=label) from None
    except RecursionError:
        raise InputError("not valid TOML: nested too deeply", file=label) from None


def read_toml(source: str | Path | Traversable, *, what: str = "file",
              label: str | None = None) -> dict[str, Any]:
    """Read and parse a TOML file."""
    return parse_toml(read_text(source, what=what, label=label), label or str(source))


@contextmanager
def csv_errors(label: str | Path) -> Iterator[None]:
    """Turn the csv module's errors (e.g. a field over its size limit) into an InputError."""
    try:
        yield
    except csv.Error as exc:
        raise InputError(f"not valid CSV: {exc}", file=label) from None


def same_file(a: str | Path, b: str | Path) -> bool:
    """Whether two paths name the same file (after symlinks; hard links too when both exist)."""
    a, b = Path(a), Path(b)
    try:
        if a.exists() and b.exists():
            return os.path.samefile(a, b)
    except OSError:
        pass
    return a.resolve() == b.resolve()


def check_output(path: str | Path, *, what: str = "output", force: bool = False,
                 inputs: Iterable[str | Path | None] = (), exists_ok: bool = False,
                 hint: str = "pass --force to replace it") -> Path:
    """Check, before any compute, that ``path`` can be written: its folder is (or can become) a
    writable directory, it is not a directory, it is none of the command's ``inputs``, and it
    does not exist unless ``force`` (or ``exists_ok``, for outputs a command extends)."""
    path = Path(path)
    for source in inputs:
        if source is not None and same_file(path, source):
            raise InputError(f"the {what} would overwrite an input of this command; write to "
                             "another file", file=path)
    if path.is_dir():
        raise InputError(f"is a directory; the {what} needs a file name", file=path)
    if path.exists() or path.is_symlink():
        if not path.is_file():
            raise InputError(f"is not a regular file; the {what} cannot replace it", file=path)
        if not (force or exists_ok):
            raise InputError(f"the {what} exists; {hint}", file=path)
    check_folder(path.parent, what=what)
    return path


def check_folder(folder: str | Path, *, what: str = "output") -> Path:
    """Check that ``folder`` is a writable directory or can be created as one."""
    folder = Path(folder)
    existing = folder
    while not existing.exists() and existing != existing.parent:
        if existing.is_symlink():
            raise InputError(f"the folder of the {what} is a dangling link", file=existing)
        existing = existing.parent
    if not existing.is_dir():
        raise InputError(f"is not a directory, so the {what} cannot be written under it",
                         file=existing)
    if not os.access(existing, os.W_OK | os.X_OK):
        raise InputError(f"permission denied: cannot write the {what} in this folder",
                         file=existing)
    return folder


@contextmanager
def atomic_path(path: str | Path, *, suffix: str = "") -> Iterator[Path]:
    """A temporary path in ``path``'s folder to write to; renamed over ``path`` when the block
    ends without error, removed otherwise."""
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=f"{suffix}.tmp",
                                    dir=path.parent)
    except OSError as exc:
        raise InputError(f"cannot write: {exc.strerror or exc}", file=path) from None
    os.close(fd)
    tmp = Path(name)
    try:
        yield tmp
        os.chmod(tmp, 0o666 & ~_umask())  # as a plain open() would have created it
        os.replace(tmp, path)
    except OSError as exc:
        raise InputError(f"cannot write: {exc.strerror or exc}", file=path) from None
    finally:
        for leftover in (tmp, Path(f"{tmp}.wal")):
            leftover.unlink(missing_ok=True)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_text(path: str | Path, text: str) -> Path:
    """Write ``text`` to ``path`` atomically (UTF-8)."""
    with atomic_path(path) as tmp:
        tmp.write_text(text, encoding="utf-8")
    return Path(path)
