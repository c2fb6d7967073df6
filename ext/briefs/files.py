"""Files written whole or not at all.

Everything the collection writes (pages and catalogs by the importer, the
glossary, outputs and caches of a build) goes to a temporary file beside its
target and is renamed onto it: a reader, a build running side by side or the
next build after a crash sees the old file or the new one, never half of one.
"""

from __future__ import annotations

import os
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
    handle, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(handle)
    partial = Path(name)
    try:
        yield partial
        os.chmod(partial, 0o644)
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)


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
