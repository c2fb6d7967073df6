"""The briefs' search index: every brief holding the query, fetched by the chunk.

Sphinx's search cuts Chinese into words with jieba, which cuts a term one way
in running text and another way as a query (解放軍, 習近平 ...: issue 26), and
its page downloads the whole index, then every result page.  This index:

* cuts text into **terms** one way, the same in the browser
  (``static/briefs-search.js``): NFKC folded and lower-cased (full-width and
  half-width are one); each run of Chinese characters into its characters and
  its overlapping character pairs; every other word into its stem by Sphinx's
  English stemmer, which ``language_data.js`` has in every language;
* writes, below ``_search/``, the term lists in chunks by a hash of the term
  (a query fetches the chunks of its terms only) and one small fragment per
  brief (title, date, source, text) for the results shown;
* is made from the domain's data at the end of every build, so an incremental
  build leaves the same index as a clean one.

docs/search-engines.md says why this and not Pagefind.
"""

from __future__ import annotations

import base64
import json
import re
import shutil
import unicodedata
from pathlib import Path
from typing import TYPE_CHECKING

from sphinx.search.en import SearchEnglish

from .files import replace_folder
from .i18n import format_partial_date

if TYPE_CHECKING:
    from sphinx.application import Sphinx

    from .domain import BriefsDomain

#: Where the index goes in the output, as the search page's script reads it.
FOLDER = "_search"
#: A run of Chinese characters (the script's ``\p{Script=Han}``).
_HAN_RUN = re.compile(r"[\u2e80-\u2fdf\u3005\u3007\u3021-\u3029\u3038-\u303b\u3400-\u4dbf\u4e00-\u9fff"
                      r"\uf900-\ufaff\U00020000-\U0003134f]+")
#: A word of any other script (the script's ``[\p{L}\p{N}]+``).
_WORD = re.compile(r"[^\W_]+")
#: About how many bytes a chunk holds: a query of a few terms fetches a few small files.
_CHUNK_BYTES = 16_000
#: Sphinx's own English stemmer, which its language_data.js has as ``Stemmer`` in every language
#: (Porter up to Sphinx 8, Snowball English from 9): the page stems a query with that one.
_STEMMER = SearchEnglish({})


def fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text).lower()


def terms(text: str) -> set[str]:
    """The index terms of a text (the browser cuts a query the same way)."""
    folded = fold(text)
    found: set[str] = set()
    for run in _HAN_RUN.findall(folded):
        found.update(run)
        found.update(run[i:i + 2] for i in range(len(run) - 1))
    words = _WORD.findall(_HAN_RUN.sub(" ", folded))
    found.update(_STEMMER.stem(word) for word in words)
    return found


def chunk_of(term: str, chunks: int) -> int:
    """FNV-1a of the term's UTF-8 bytes, modulo the number of chunks (the script's ``chunkOf``)."""
    value = 0x811C9DC5
    for byte in term.encode("utf-8"):
        value = ((value ^ byte) * 0x01000193) & 0xFFFFFFFF
    return value % chunks


def encode(numbers: list[int], count: int) -> list[int] | str:
    """The briefs holding a term, in whichever form is shorter: the gaps between their
    numbers, or a bitmap of all ``count`` briefs (base64, bit ``n`` of byte ``n // 8``)."""
    gaps = [numbers[0]] + [b - a for a, b in zip(numbers, numbers[1:], strict=False)]
    if len(numbers) * 2 < (count + 7) // 8 * 4 / 3:
        return gaps
    bits = bytearray((count + 7) // 8)
    for number in numbers:
        bits[number // 8] |= 1 << (number % 8)
    return base64.b64encode(bytes(bits)).decode("ascii")


def write_index(app: Sphinx, exception: Exception | None) -> None:
    """``build-finished``: the index of the briefs, written whole (or not at all)."""
    if exception is not None or app.builder.format != "html" or app.builder.name == "singlehtml":
        return
    domain: BriefsDomain = app.env.get_domain("brief")  # type: ignore[assignment]
    glossary = app.env.briefs_glossary  # type: ignore[attr-defined]
    language = app.config.language
    # Newest first: the order results are listed in.
    records = sorted(domain.records(), key=lambda r: r.sort_key(), reverse=True)
    fragments = []
    for record in records:
        brief = record.brief
        meta = []
        if brief.date:
            meta.append(format_partial_date(brief.date, language))
        if brief.source:
            meta.append(glossary.term("sources", brief.source).name(language))
        keywords = [glossary.term("keywords", k).name(language) for k in brief.keywords]
        text = domain.data["texts"].get(record.docname, "")
        fragments.append({"url": app.builder.get_target_uri(record.docname), "title": record.title,
                          "meta": meta, "keywords": keywords, "text": text})
    write_folder(Path(app.outdir) / FOLDER, fragments)


def chunk_tables(texts: list[str]) -> list[dict[str, list[int] | str]]:
    """The term tables of briefs numbered in the order of ``texts``, one per chunk."""
    postings: dict[str, list[int]] = {}
    for number, text in enumerate(texts):
        for term in terms(text):
            postings.setdefault(term, []).append(number)
    encoded = {term: encode(postings[term], len(texts)) for term in sorted(postings)}
    size = sum(len(term.encode("utf-8")) + len(json.dumps(value)) + 4 for term, value in encoded.items())
    chunks = max(1, -(-size // _CHUNK_BYTES))
    tables: list[dict[str, list[int] | str]] = [{} for _ in range(chunks)]
    for term, value in encoded.items():
        tables[chunk_of(term, chunks)][term] = value
    return tables


def write_folder(target: Path, fragments: list[dict]) -> None:
    """``_search/`` for these fragments (in result order), swapped in whole."""
    tables = chunk_tables([" ".join([f["title"], *f["meta"], *f["keywords"], f["text"]]) for f in fragments])
    chunks = len(tables)
    partial = target.with_name(target.name + ".partial")
    shutil.rmtree(partial, ignore_errors=True)
    (partial / "c").mkdir(parents=True)
    (partial / "f").mkdir()
    _dump(partial / "index.json", {"chunks": chunks, "briefs": len(fragments)})
    for number, table in enumerate(tables):
        _dump(partial / "c" / f"{number}.json", table)
    for number, fragment in enumerate(fragments):
        _dump(partial / "f" / f"{number}.json", fragment)
    replace_folder(partial, target)


def _dump(path: Path, data: object) -> None:
    path.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
