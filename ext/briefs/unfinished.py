"""A build that did not finish is followed by a clean one.

Sphinx writes pages in place and trusts what it finds: after a build that was
killed (Ctrl-C, a CI time limit, no memory left), a page cut short looks newer
than its source and is kept, the search index is missing or stale (the next
build warns that it "will be incomplete", so ``-W`` fails), and pages the dead
build had not reached or had removed are judged by a half-updated
environment.  So every build marks its doctree folder when it starts and
takes the mark away when it has finished (``build-finished`` without an
error).  A build that finds the mark empties its output and doctree folders
and removes its language's compiled catalogs (``.mo``, which Sphinx also
writes in place) first: it is then a clean build, with a clean build's
output and cost.  A build after one that finished stays incremental.
"""

from __future__ import annotations

import datetime
import shutil
from pathlib import Path
from typing import TYPE_CHECKING

from sphinx.util import logging

from .editions import load_interface_catalogs
from .files import remove_leftovers, write_atomically

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

logger = logging.getLogger(__name__)

#: The mark, in the doctree folder, of a build under way (or one that died).
MARK = "briefs-build-unfinished"


def start(app: Sphinx, config: Config) -> None:
    """``config-inited``, before Sphinx loads its saved environment: heal, then mark."""
    doctrees, outdir = Path(app.doctreedir), Path(app.outdir)
    mark = doctrees / MARK
    if mark.is_file():
        logger.info("briefs: the last build into %s did not finish (%s): building clean",
                    outdir, mark.read_text(encoding="utf-8").strip() or "no details")
        for folder in (outdir, doctrees):
            _empty(folder)
        # Sphinx writes each catalog's .mo in place, and trusts one newer than its .po; it
        # loaded the interface's before this event, so that one is loaded again.
        for directory in config.locale_dirs:
            for compiled in (Path(app.srcdir) / directory / (config.language or "en")).rglob("*.mo"):
                compiled.unlink()
        load_interface_catalogs(app)
    # The site's files beside the language folders (landing page, 404 page, sitemap index).
    remove_leftovers(outdir.parent)
    started = datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds")
    write_atomically(mark, f"a build started {started}\n")


def finish(app: Sphinx, exception: Exception | None) -> None:
    """``build-finished``, after every other handler: the output is whole."""
    if exception is None:
        (Path(app.doctreedir) / MARK).unlink(missing_ok=True)


def _empty(folder: Path) -> None:
    if not folder.is_dir():
        return
    for entry in folder.iterdir():
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry)
        else:
            entry.unlink()
