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
  brief (title, date, source, authors, digest title, text) for the results shown, alone and in
  bundles of consecutive briefs (a common word's results come a bundle at a
  time: fewer requests);
* adds a term per filter value (``keyword:…``, ``source:…``, ``year:…``), so a
  filter is one more list to intersect;
* is made from the domain's data in every build, before the search page, which
  is given the number of chunks; an incremental build leaves the same index as
  a clean one.

docs/search-engines.md says why this and not Pagefind.
"""

from __future__ import annotations

import base64
import functools
import json
import re
import shutil
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from sphinx.search.en import SearchEnglish

from .files import replace_folder
from .i18n import format_partial_date

if TYPE_CHECKING:
    from collections.abc import Iterable

    from sphinx.application import Sphinx

    from .domain import BriefRecord, BriefsDomain
    from .glossary import Glossary
    from .metadata import Brief

#: Where the index goes in the output, as the search page's script reads it.
FOLDER = "_search"
#: A Chinese character (the script's ``\p{Script=Han}``), alone, in runs, in overlapping pairs.
_HAN = ("[\u2e80-\u2fdf\u3005\u3007\u3021-\u3029\u3038-\u303b\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
        "\U00020000-\U0003134f]")
_HAN_CHAR = re.compile(_HAN)
_HAN_RUN = re.compile(_HAN + "+")
_HAN_PAIR = re.compile(f"(?=({_HAN}{_HAN}))")
#: A word of any other script (the script's ``[\p{L}\p{N}]+``).
_WORD = re.compile(r"[^\W_]+")
#: About how many bytes a chunk holds: a query of a few terms fetches a few small files.
_CHUNK_BYTES = 16_000
#: Fragments also come in bundles of this many consecutive briefs: the page fetches a bundle
#: when at least half its briefs are results it lists (the script's ``BUNDLE``).
BUNDLE = 8
#: Sphinx's own English stemmer, which its language_data.js has as ``Stemmer`` in every language
#: (Porter up to Sphinx 8, Snowball English from 9): the page stems a query with that one.
_STEMMER = SearchEnglish({})


def fold(text: str) -> str:
    if unicodedata.is_normalized("NFKC", text):
        return text.lower()
    return unicodedata.normalize("NFKC", text).lower()


def terms(text: str) -> set[str]:
    """The index terms of a text (the browser cuts a query the same way)."""
    folded = fold(text)
    found = set(_HAN_CHAR.findall(folded))
    found.update(_HAN_PAIR.findall(folded))
    # Each word once: a brief repeats its words, and stemming is the slow part.
    found.update(map(_STEMMER.stem, set(_WORD.findall(_HAN_RUN.sub(" ", folded)))))
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
    if len(numbers) * 2 < (count + 7) // 8 * 4 / 3:
        return [numbers[0], *map(int.__sub__, numbers[1:], numbers)]
    bits = bytearray((count + 7) // 8)
    for number in numbers:
        bits[number // 8] |= 1 << (number % 8)
    return base64.b64encode(bytes(bits)).decode("ascii")


#: The search page's filters, by their URL parameter (the script's ``FILTERS``).
FILTERS = ("keyword", "source", "year")


def facet_term(name: str, value: str) -> str:
    """The index term of a filter's value (``:`` is in no term cut from text)."""
    return f"{name}:{fold(value)}"


@dataclass(frozen=True)
class SearchSummary:
    """What the search page must know of the index written: its sizes and its filters."""

    chunks: int
    briefs: int
    #: URL parameter -> [(value, name in the build's language, briefs)], in the order shown.
    filters: dict[str, list[tuple[str, str, int]]] = field(default_factory=dict)
    #: The script folding of the index's Chinese characters, as pairs: 羅罗發发... (:func:`script_folding`).
    folding: str = ""


def collect_index(app: Sphinx) -> list[tuple[str, dict, str]]:
    """``html-collect-pages``: the index of the briefs, written whole before the search page,
    which is given its sizes (no round trip before a query's first chunk).  No page of its own."""
    if app.builder.format != "html" or app.builder.name == "singlehtml":
        return []
    domain: BriefsDomain = app.env.get_domain("brief")  # type: ignore[assignment]
    glossary = app.env.briefs_glossary  # type: ignore[attr-defined]
    language = app.config.language
    # Newest first: the order results are listed in.
    records = sorted(domain.records(), key=lambda r: r.sort_key(), reverse=True)
    fragments = [_fragment(app, domain, record) for record in records]
    values = [_filter_values(glossary, record.brief, language) for record in records]
    facets = [{facet_term(name, value) for name, pairs in v.items() for value, _ in pairs} for v in values]
    chunks, folding = write_folder(Path(app.outdir) / FOLDER, fragments, facets)
    app.briefs_search = SearchSummary(chunks, len(fragments), _filter_options(values),  # type: ignore[attr-defined]
                                      "".join(a + b for a, b in sorted(folding.items())))
    return []


def _fragment(app: Sphinx, domain: BriefsDomain, record: BriefRecord) -> dict:
    """What the search page shows of a brief, in the build's language."""
    glossary, language, brief = app.env.briefs_glossary, app.config.language, record.brief  # type: ignore[attr-defined]
    meta = []
    if brief.date:
        meta.append(format_partial_date(brief.date, language))
    if brief.source:
        meta.append(glossary.term("sources", brief.source).name(language))
    # The text as a snippet shows it: the heading (the title, shown above it) left out, spaces collapsed.
    text = " ".join(domain.data["texts"].get(record.docname, "").removeprefix(record.title).split())
    # The URL from the search page, which resolves it (dirhtml puts that page in a folder).
    return {"url": app.builder.get_relative_uri("search", record.docname), "title": record.title, "meta": meta,
            "keywords": [glossary.term("keywords", k).name(language) for k in brief.keywords],
            "card": _card_values(brief), "text": text}


def _card_values(brief: Brief) -> list[str]:
    """What else the card shows as text, searched as the brief's own: its authors and the
    digest's title (the card's labels, links and series navigation are on every page)."""
    return [*brief.authors, *([brief.digest_title] if brief.digest_title else [])]


def _filter_values(glossary: Glossary, brief: Brief, language: str | None) -> dict[str, list[tuple[str, str]]]:
    """A brief's value of each filter: [(value, its name in the build's language)]."""
    keywords = [glossary.term("keywords", k) for k in brief.keywords]
    values = {"keyword": [(k.key, k.name(language)) for k in keywords]}
    if brief.source:
        source = glossary.term("sources", brief.source)
        values["source"] = [(source.key, source.name(language))]
    if brief.date:
        values["year"] = [(str(brief.date.year), str(brief.date.year))]
    return values


def _filter_options(values: list[dict[str, list[tuple[str, str]]]]) -> dict[str, list[tuple[str, str, int]]]:
    """Each filter's options, with the number of briefs: years newest first, the rest by name."""
    names: dict[str, dict[str, str]] = {name: {} for name in FILTERS}
    counts: Counter[tuple[str, str]] = Counter()
    for brief_values in values:
        for name, pairs in brief_values.items():
            names[name].update(pairs)
            counts.update((name, value) for value in dict(pairs))
    options = {}
    for name, shown in names.items():
        found = [(value, label, counts[name, value]) for value, label in shown.items()]
        found.sort(key=(lambda o: o[0]) if name == "year" else (lambda o: fold(o[1])), reverse=name == "year")
        options[name] = found
    return options


def page_context(app: Sphinx, pagename: str, templatename: str, context: dict, doctree: object) -> None:
    """``html-page-context``: the search page's index sizes and filters."""
    if pagename == "search" and hasattr(app, "briefs_search"):
        context["briefs_search"] = app.briefs_search


def chunk_tables(briefs: list[set[str]]) -> list[dict[str, list[int] | str]]:
    """The term tables of briefs numbered in the order given (each as its set of terms),
    one table per chunk."""
    postings: defaultdict[str, list[int]] = defaultdict(list)
    for number, found in enumerate(briefs):
        for term in found:
            postings[term].append(number)
    encoded = {term: encode(postings[term], len(briefs)) for term in sorted(postings)}
    # About the bytes of the tables as JSON (a number and its comma: its digits and one more).
    size = sum(len(term.encode("utf-8")) + 4 + (len(value) if isinstance(value, str) else
                                                 sum(map(len, map(str, value))) + len(value))
               for term, value in encoded.items())
    chunks = max(1, -(-size // _CHUNK_BYTES))
    tables: list[dict[str, list[int] | str]] = [{} for _ in range(chunks)]
    for term, value in encoded.items():
        tables[chunk_of(term, chunks)][term] = value
    return tables


def searched_text(fragment: dict) -> str:
    """All a fragment's text that a query is looked for in (the script's ``haystack``)."""
    return " ".join([fragment["title"], *fragment["meta"], *fragment["keywords"], *fragment.get("card", ()),
                     fragment["text"]])


#: The Chinese characters a query may be typed in (BMP: a folded text keeps its length in JavaScript).
_HAN_BLOCKS = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF))


@functools.cache
def _traditional_to_simplified() -> dict[str, str]:
    """Every Chinese character that OpenCC's t2s turns into another single one (some 2,700):
    each converted alone (a line each: no phrase spans two)."""
    from .derived import converter

    characters = [chr(code) for start, end in _HAN_BLOCKS for code in range(start, end + 1)]
    converted = converter("t2s").convert("\n".join(characters)).split("\n")
    return {t: s for t, s in zip(characters, converted, strict=True) if s != t and len(s) == 1}


def script_folding(characters: Iterable[str]) -> dict[str, str]:
    """The Traditional characters whose Simplified form is that of one of these characters,
    each with that form.  The index holds its text terms so folded, and the page folds a
    query the same way, so 俄罗斯 finds 俄羅斯, 俄羅斯 finds 俄罗斯, and 關係 finds 关系 (系
    stands for 係 and 繫 too), in either Chinese edition."""
    every = _traditional_to_simplified()
    wanted = {every.get(c, c) for c in characters}
    return {t: s for t, s in every.items() if s in wanted}


def write_folder(target: Path, fragments: list[dict], facets: list[set[str]] | None = None
                 ) -> tuple[int, dict[str, str]]:
    """``_search/`` for these fragments (in result order) and their filter terms, swapped in
    whole; returns the number of chunks and the script folding of its text terms."""
    facets = facets or [set() for _ in fragments]
    text_terms = [terms(searched_text(f)) for f in fragments]
    folding = script_folding({term for found in text_terms for term in found if len(term) == 1})
    if folding:
        table = str.maketrans(folding)
        text_terms = [{term.translate(table) for term in found} for found in text_terms]
    tables = chunk_tables([found | extra for found, extra in zip(text_terms, facets, strict=True)])
    partial = target.with_name(target.name + ".partial")
    shutil.rmtree(partial, ignore_errors=True)
    (partial / "c").mkdir(parents=True)
    (partial / "f").mkdir()
    (partial / "b").mkdir()
    for number, table in enumerate(tables):
        _dump(partial / "c" / f"{number}.json", table)
    for number, fragment in enumerate(fragments):
        _dump(partial / "f" / f"{number}.json", fragment)
    for number in range(0, len(fragments), BUNDLE):
        _dump(partial / "b" / f"{number // BUNDLE}.json", fragments[number:number + BUNDLE])
    replace_folder(partial, target)
    return len(tables), folding


def _dump(path: Path, data: object) -> None:
    path.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
