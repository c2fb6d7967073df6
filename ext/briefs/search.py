"""Search in every language: Chinese words jieba can find, and an
incremental build's index equal to a clean build's.

:func:`use_search_dictionary` cuts Chinese text with jieba's Rust port
(:class:`briefs.chinese_search.ChineseSearch`) and gives it the collection's
Traditional Chinese terms.  :func:`drop_emptied_terms` removes what Sphinx's
incremental index keeps of words no page has any more
(docs/upstream/sphinx-incremental-search-index.md).
"""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path
from typing import TYPE_CHECKING

from sphinx.util import logging as sphinx_logging

from .derived import convert_for, maintained
from .files import write_atomically

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

    from .glossary import Glossary

logger = sphinx_logging.getLogger(__name__)

#: The tables of ``searchindex.js`` that map a word to the pages holding it.
_TERM_TABLES = ("terms", "titleterms")
#: Tables whose keys Sphinx writes as numbers (JSON sorts them as text once read back).
_NUMBERED_TABLES = ("objnames", "objtypes")


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
    # A derived language's word list is its source language's, converted, unless it has its own.
    language = config.language
    own, source = ((Path(app.confdir) / config.briefs_search_dictionary.format(language=code)).resolve()
                   for code in (language, maintained(config, language)))
    path = own if own.is_file() else source
    if not path.is_file():
        logger.warning(
            "search dictionary %s not found; Chinese search will miss the collection's terms",
            path,
            type="briefs",
            subtype="search",
        )
        return
    listed = path.read_text(encoding="utf-8")
    if path != own:
        listed = convert_for(config, language, listed)
    words = [line.strip() for line in listed.splitlines() if line.strip()]
    words += [term for term in glossary.chinese_terms() if " " not in term]
    combined = Path(app.doctreedir) / "briefs-search-dictionary.txt"
    combined.parent.mkdir(parents=True, exist_ok=True)
    text = "\n".join(dict.fromkeys(words)) + "\n"
    if not combined.is_file() or combined.read_text(encoding="utf-8") != text:
        write_atomically(combined, text)
    # The digest makes a changed word list a changed configuration, so every
    # page's index entry is rebuilt, not only the pages that were re-read.
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]
    config.html_search_options = {**(config.html_search_options or {}), "dict": str(combined), "dict_digest": digest}


def drop_emptied_terms(app: Sphinx, exception: Exception | None) -> None:
    """build-finished: the index of an incremental build without ``"word": []`` entries.

    Sphinx's ``IndexBuilder.prune`` takes the pages written again out of every
    word's set but keeps the words left with none, which a clean build never
    writes (Sphinx 8.2 to 9.2).  The file is rewritten as Sphinx writes it; a
    clean build's has no empty list, and is only searched for one.
    """
    from sphinx.search import js_index

    if exception is not None:
        return
    path = Path(app.outdir) / "searchindex.js"
    if not path.is_file() or b":[]" not in (raw := path.read_bytes()):
        return
    data = js_index.loads(raw.decode("utf-8"))
    emptied = {table: [t for t, pages in data.get(table, {}).items() if pages == []] for table in _TERM_TABLES}
    if not any(emptied.values()):
        return
    for table, terms in emptied.items():
        for term in terms:
            del data[table][term]
    for table in _NUMBERED_TABLES:
        if isinstance(data.get(table), dict):
            data[table] = {int(key): value for key, value in data[table].items()}
    write_atomically(path, js_index.dumps(data))
