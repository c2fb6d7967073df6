"""Search in every language: Chinese words jieba can find, an index without debris.

* :func:`use_search_dictionary` gives jieba the collection's Traditional
  Chinese terms;
* :func:`drop_empty_search_terms` removes the empty entries that Sphinx's
  incremental indexing leaves behind for words a changed page no longer has
  (``"貝塔": []``), so an incremental build writes the index a clean one does.
"""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path
from typing import TYPE_CHECKING

from sphinx.search import js_index
from sphinx.util import logging as sphinx_logging

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

    from .glossary import Glossary

logger = sphinx_logging.getLogger(__name__)


def use_search_dictionary(app: Sphinx, config: Config, glossary: Glossary) -> None:
    """Give jieba the collection's Traditional Chinese terms (zh builds only).

    jieba's own dictionary is Simplified; without ours, 關係 in 俄中關係 is cut
    wrongly and cannot be found.  The dictionary jieba reads is the
    repository's word list plus every Chinese name in the glossary, written
    beside the doctrees.  Sphinx ignores a missing file silently, so a missing
    word list warns here.
    """
    if not (config.language or "").startswith("zh"):
        return
    try:
        import jieba  # Sphinx's Chinese search needs it; it logs at DEBUG on import.
    except ImportError:
        logger.warning("jieba is not installed: Chinese text is left out of the search index",
                       type="briefs", subtype="search")
        return
    jieba.setLogLevel(logging.WARNING)
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



def drop_empty_search_terms(app: Sphinx, exception: Exception | None) -> None:
    path = Path(app.outdir, "searchindex.js")
    if exception is not None or app.builder.format != "html" or not path.is_file():
        return
    indexer = getattr(app.builder, "indexer", None)
    mappings = [getattr(indexer, name, None) for name in ("_mapping", "_title_mapping")]
    if all(isinstance(m, dict) for m in mappings) and all(docs for m in mappings for docs in m.values()):
        return  # the index just written has no empty term: no need to read 1 MB back
    index = js_index.loads(path.read_text(encoding="utf-8"))
    empty = [(table, term) for table in ("terms", "titleterms") for term, docs in index[table].items() if docs == []]
    if not empty:
        return
    for table, term in empty:
        del index[table][term]
    path.write_text(js_index.dumps(index), encoding="utf-8")
