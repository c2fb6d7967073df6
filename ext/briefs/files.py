"""Files written whole or not at all.

Everything the collection writes (pages and catalogs by the importer, the
glossary, outputs and caches of a build) goes to a temporary file beside its
target and is renamed onto it: a reader, a build running side by side or the
next build after a crash sees the old file or the new one, never half of one.
What a killed writer left half-written is removed by the next run
(:func:`remove_leftovers`).
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def replacing(path: Path) -> Iterator[Path]:
    """A new temporary path beside ``path``, renamed onto it when the block ends without error
    (and removed when it does not)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(prefix=f".{path.name}.{os.getpid()}.", suffix=".tmp", dir=path.parent)
    os.close(handle)
    partial = Path(name)
    try:
        yield partial
        os.chmod(partial, 0o644)
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)


#: A file being written by :func:`replacing`: ``.<name>.<writer's pid>.<random>.tmp`` beside its target.
_PARTIAL = re.compile(r"\.(?P<name>.+)\.(?P<pid>\d+)\.[^./]+\.tmp")


def remove_leftovers(folder: Path, recursive: bool = False) -> list[Path]:
    """Remove the files that writers no longer running left half-written (a writer killed
    before its rename); a writer still at work keeps its own.  Returns what was removed."""
    removed = []
    for path in (folder.rglob(".*.tmp") if recursive else folder.glob(".*.tmp")):
        match = _PARTIAL.fullmatch(path.name)
        if match and path.is_file() and not _running(int(match.group("pid"))):
            path.unlink(missing_ok=True)
            removed.append(path)
    return removed


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process
        return True
    return True


def write_atomically(path: Path, content: str | bytes) -> None:
    """Write ``content`` (text as UTF-8) to ``path`` whole or not at all."""
    with replacing(path) as partial:
        partial.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)


def copy_atomically(source: Path, target: Path) -> None:
    """Copy ``source`` to ``target`` whole or not at all."""
    with replacing(target) as partial:
        shutil.copyfile(source, partial)


def replace_folder(partial: Path, target: Path) -> None:
    """Put the finished folder ``partial`` in the place of ``target``: the old one is
    renamed away first, so ``target`` is the old folder or the new one, never a mix."""
    old = target.with_name(target.name + ".old")
    shutil.rmtree(old, ignore_errors=True)
    if target.exists():
        target.rename(old)
    partial.rename(target)
    shutil.rmtree(old, ignore_errors=True)


def restore_folder(target: Path) -> None:
    """Undo a :func:`replace_folder` killed between its two renames: the old folder is put back,
    so a killed run leaves the last whole folder where it was."""
    old = target.with_name(target.name + ".old")
    if not target.exists() and old.is_dir():
        old.rename(target)
