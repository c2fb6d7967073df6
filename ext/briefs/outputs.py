"""Keep an incremental HTML build's output what a clean build would write.

Sphinx leaves the pages of deleted documents in place, and a listing page
whose keyword, author, source or year no longer occurs would stay too.
Both are removed once the build has finished, so no stale page stays
reachable.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterable

    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

from .citation import downloads_of
from .listings import KINDS


def note_removed(app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str], removed: set[str]) -> list[str]:
    """Remember the documents deleted since the last build (env-get-outdated)."""
    app.briefs_removed_docs = set(removed)  # type: ignore[attr-defined]
    return []


def remove_stale_outputs(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.name not in ("html", "dirhtml"):
        return
    outdir = Path(app.outdir)
    for docname in sorted(getattr(app, "briefs_removed_docs", ())):
        page = Path(app.builder.get_outfilename(docname))  # dirhtml's is <page>/index.html
        _unlink([page, *downloads_of(page)], outdir)
        _unlink((outdir / "_sources").glob(f"{docname}.*"), outdir)
    written = getattr(app, "briefs_listing_pages", None)
    if written is None:
        return
    for kind in KINDS:
        for path in (outdir / kind).glob("*.html"):
            if f"{kind}/{path.stem}" not in written:
                path.unlink()


def _unlink(paths: Iterable[Path], outdir: Path) -> None:
    """Remove the files, and the folders they leave empty (a brief moved to another year's)."""
    for path in paths:
        if path.is_file():
            path.unlink()
            folder = path.parent
            while folder != outdir and folder.is_relative_to(outdir) and not any(folder.iterdir()):
                folder.rmdir()
                folder = folder.parent
