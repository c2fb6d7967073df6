"""Whole-collection work done once per build, after every page is read.

* :func:`check_collection` warns about what no single page can see: duplicate
  ids, citations of unknown briefs, keywords missing from the glossary.
* :func:`pages_to_rewrite` names the unchanged pages whose display depends on
  pages that did change (backlinks, series, listings, cited titles), so an
  incremental build writes exactly what a clean build would.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sphinx.util import logging

from .card import shown_from_elsewhere
from .domain import BriefsDomain, signature

if TYPE_CHECKING:
    from sphinx.environment import BuildEnvironment

logger = logging.getLogger(__name__)


def check_collection(env: BuildEnvironment) -> None:
    domain: BriefsDomain = env.get_domain("brief")  # type: ignore[assignment]
    domain.check()
    glossary = env.briefs_glossary  # type: ignore[attr-defined]
    for docname in sorted(domain.data["briefs"]):
        record = domain.data["briefs"][docname]
        for keyword in record.brief.keywords:
            if glossary.find("keywords", keyword) is None:
                logger.warning(
                    "keyword %r is not in the glossary", keyword,
                    type="briefs", subtype="glossary", location=(docname, record.line_of("keywords")),
                )


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
