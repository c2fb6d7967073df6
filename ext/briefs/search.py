"""Search in every language: Chinese words jieba can find.

:func:`use_search_dictionary` cuts Chinese text with jieba's Rust port
(:class:`briefs.chinese_search.ChineseSearch`) and gives it the collection's
Traditional Chinese terms.  (The index an incremental build writes equals a
clean build's: see :mod:`briefs.search_index`, and
:func:`briefs.upstream.prune_search_index` for Sphinx's own path.)
"""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path
from typing import TYPE_CHECKING

from sphinx.util import logging as sphinx_logging

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

    from .glossary import Glossary

logger = sphinx_logging.getLogger(__name__)


def use_search_dictionary(app: Sphinx, config: Config, glossary: Glossary) -> None:
    """Cut Chinese with jieba-rs, given the collection's Traditional Chinese terms (zh builds only).

    jieba's own dictionary is Simplified; without ours, 關係 in 俄中關係 is cut
    wrongly and cannot be found.  The dictionary jieba-rs reads is the
    repository's word list plus every Chinese name in the glossary, written
    beside the doctrees.  Sphinx ignores a missing file silently, so a missing
    word list warns here.
    """
    if not (config.language or "").startswith("zh"):
        return
    try:
        from .chinese_search import ChineseSearch
    except ImportError:
        logger.warning("rjieba is not installed: Sphinx's own Chinese search is used (jieba, 40 times slower; "
                       "without jieba, Chinese text is left out of the search index)",
                       type="briefs", subtype="search")
        logging.getLogger("jieba").setLevel(logging.WARNING)  # it logs its dictionary loading at DEBUG
    else:
        app.add_search_language(ChineseSearch)
    relative = config.briefs_search_dictionary.format(language=config.language)
    path = (Path(app.confdir) / relative).resolve()
    if not path.is_file():
        logger.warning(
            "search dictionary %s not found; Chinese search will miss the collection's terms",
            path,
            type="briefs",
            subtype="search",
        )
        return
    words = [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    words += [term for term in glossary.chinese_terms() if " " not in term]
    combined = Path(app.doctreedir) / "briefs-search-dictionary.txt"
    combined.parent.mkdir(parents=True, exist_ok=True)
    text = "\n".join(dict.fromkeys(words)) + "\n"
    if not combined.is_file() or combined.read_text(encoding="utf-8") != text:
        combined.write_text(text, encoding="utf-8")
    # The digest makes a changed word list a changed configuration, so every
    # page's index entry is rebuilt, not only the pages that were re-read.
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]
    config.html_search_options = {**(config.html_search_options or {}), "dict": str(combined), "dict_digest": digest}
