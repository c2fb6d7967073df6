"""Which unchanged pages an incremental build must write again.

:func:`pages_to_rewrite` names the unchanged pages whose display depends on
pages that did change (backlinks, series, listings, cited titles), so an
incremental build writes exactly what a clean build would.  (What no single
page can see is warned about by ``BriefsDomain.check_consistency``.)
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .card import shown_from_elsewhere
from .domain import BriefsDomain, signature

if TYPE_CHECKING:
    from sphinx.environment import BuildEnvironment


def pages_to_rewrite(env: BuildEnvironment) -> list[str]:
    domain: BriefsDomain = env.get_domain("brief")  # type: ignore[assignment]
    glossary = env.briefs_glossary  # type: ignore[attr-defined]
    # What every page's display is computed from; when none of it changed
    # (a brief's text edited), no page's display did: 1,000 digests spared.
    cited = sorted((docname, sorted(ids)) for docname, ids in domain.data["citations"].items())
    inputs = signature((domain.collection_signature(), cited,
                        sorted(domain.data["listings"].items()), sorted(env.found_docs)))
    if domain.data.get("pages_inputs") == inputs:
        return []
    previous = domain.data["signatures"]
    current = {docname: signature(shown_from_elsewhere(domain, glossary, docname)) for docname in sorted(env.found_docs)}
    domain.data["signatures"] = current
    domain.data["pages_inputs"] = inputs
    return [docname for docname, digest in current.items() if previous.get(docname) != digest]
