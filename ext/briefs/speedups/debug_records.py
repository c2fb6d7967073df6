"""Sphinx's debug messages: not made when no handler shows them.

Sphinx sets its loggers to ``DEBUG`` and leaves the choice to its handlers,
which show debug messages only with ``-vv``: each ``logger.debug`` call
(one for every event emitted, two for every node ``is_translatable``
skips) builds a record and hands it to the handlers and their filters, to
be dropped.  At ``builder-inited``, when every extension has added its
handlers, the ``sphinx`` logger's level is raised to the lowest level any
handler shows, so a record no handler would show is not made.
``repr_domxml``, which builds a node's DOM XML as the argument of those
messages, returns an empty string when called for a message that is not
made.  With ``-vv`` both are as before.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from sphinx.util import logging as sphinx_logging

from .guard import Speedup, replace

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def make_no_record_no_handler_shows(app: Sphinx) -> None:
    """``builder-inited``: the ``sphinx`` logger makes no record below what its handlers show."""
    namespace = logging.getLogger(sphinx_logging.NAMESPACE)
    if namespace.handlers:
        shown = min(handler.level for handler in namespace.handlers)
        if namespace.level < shown:
            namespace.setLevel(shown)


def _only_when_logged(repr_domxml: Any) -> Callable[..., Any]:
    from sphinx.util import nodes as sphinx_nodes

    def repr_domxml_when_logged(node: Any, length: int = 80) -> str:
        if (sys._getframe(1).f_globals is sphinx_nodes.__dict__  # an argument of a debug message there
                and not sphinx_nodes.logger.isEnabledFor(logging.DEBUG)):
            return ""
        return repr_domxml(node, length)

    return repr_domxml_when_logged


def apply(app: Sphinx) -> None:
    from sphinx.util import nodes as sphinx_nodes

    replace(sphinx_nodes, "repr_domxml", _only_when_logged)
    app.connect("builder-inited", make_no_record_no_handler_shows, priority=900)


SPEEDUP = Speedup(
    name="debug_records",
    verified={"sphinx": ("~=8.2.3", "~=9.2.0")},
    targets={
        "sphinx.util.nodes:repr_domxml": ("(node: 'Node', length: 'int' = 80) -> 'str'",),
        "sphinx.util.nodes:logger": None,
        "sphinx.util.logging:NAMESPACE": None,
    },
    apply=apply,
    report="docs/upstream/sphinx-chinese-search-and-start-up.md#7-locale-does-per-message-work-that-most-messages-do-not-need",
)
