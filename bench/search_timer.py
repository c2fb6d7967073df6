"""A bench-only Sphinx extension: how long the briefs' search index takes inside a build.

``briefs.search_index.collect_index`` is an ``html-collect-pages`` listener of the
default priority; this one's listeners run just before and just after it, and the
seconds between are written to ``$BRIEFS_SEARCH_TIMER`` at the end of the build.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

_started: list[float] = []
_seconds: list[float] = []


def _start(app) -> list:  # noqa: ANN001
    _started.append(time.perf_counter())
    return []


def _stop(app) -> list:  # noqa: ANN001
    _seconds.append(time.perf_counter() - _started.pop())
    return []


def _report(app, exception) -> None:  # noqa: ANN001
    if exception is None and _seconds:
        Path(os.environ["BRIEFS_SEARCH_TIMER"]).write_text(f"{sum(_seconds):.3f}\n", encoding="utf-8")


def setup(app) -> dict:  # noqa: ANN001
    app.connect("html-collect-pages", _start, priority=499)
    app.connect("html-collect-pages", _stop, priority=501)
    app.connect("build-finished", _report)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
