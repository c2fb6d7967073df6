"""briefs.speedups: the opt-in speed layer of the collection.

``extensions = [..., "briefs", "briefs.speedups"]`` turns it on.  It is the
only part of the project that replaces upstream internals.  Each module
replaces one area (see :data:`MODULES`), names the upstream versions it was
verified on (:class:`~briefs.speedups.guard.Speedup`) and steps aside, with
an info message, on any other.  The pages are the same with it or without it
(tests/test_speedups.py); docs/performance.md gives what each one saves, and
docs/upstream/ the reports that would make them unnecessary.

``-D briefs_speedups_disabled=gc,myst`` turns modules off one by one (the
bench does, to measure each).  Replacements are made once per process and
stay for its later builds: compare on and off in separate processes.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from sphinx.errors import ConfigError

from briefs import __version__

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

    from .guard import Speedup

#: The speedups, one module each, in the order they are applied.
MODULES = ("gc", "doctrees", "myst", "translation", "catalogs", "purge", "debug_records", "citeproc")


def speedups() -> dict[str, Speedup]:
    """Each module's declaration, by module name."""
    return {name: importlib.import_module(f"{__name__}.{name}").SPEEDUP for name in MODULES}


def _install(app: Sphinx, config: Config) -> None:
    """config-inited: apply every speedup not disabled that its guard lets in."""
    disabled = set(config.briefs_speedups_disabled)
    unknown = sorted(disabled - set(MODULES))
    if unknown:
        raise ConfigError(f"briefs_speedups_disabled names no speedup: {', '.join(unknown)} "
                          f"(there are: {', '.join(MODULES)})")
    for name, speedup in speedups().items():
        if name not in disabled:
            speedup.install(app)


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_config_value("briefs_speedups_disabled", [], "", types=frozenset({list, tuple}),
                         description="speedups (module names) not to apply")
    app.connect("config-inited", _install, priority=50)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
