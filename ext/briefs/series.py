"""Parts of one article: digests that share authors, source and date (issue 27).

The publisher splits a long article over two or three digests, each repeating
the article's authors, source and date.  The importer groups a batch's digests
with the briefs already in the collection by that key and numbers the parts:
by the publisher's labels ("(Part 2)", "（第三部分）", "(二)") and the parts
already numbered, the others by the digests' own ids (a ``digest-url``, or the
number a digest's file name starts with), else in file order.  Evidence that two
parts are in fact two articles becomes a note, never a split.  No Sphinx import.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from .digest import is_chinese
from .glossary import Glossary
from .metadata import Brief
from .titles import split_source

#: (authors, source, date), each folded as the metadata parser reads it.
ArticleKey = tuple[tuple[str, ...], str, str]

#: Why a part has its number, as the import report says it.
LABEL, NUMBERED, OWN_ID, FILE_ORDER = ("the publisher's part labels", "the part numbers already given",
                                       "the digests' own ids", "file order")


def _fold(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def article_key(brief: Brief, glossary: Glossary) -> ArticleKey | None:
    """What parts of one article share; None for a brief that lacks one of them."""
    if not brief.authors or not brief.source or brief.date is None:
        return None
    known = glossary.find("sources", brief.source)
    source = known.key if known else split_source(brief.source)[0]
    return tuple(sorted(_fold(a) for a in brief.authors)), _fold(source), brief.date.iso()


def natural_key(text: str) -> tuple:
    """``digest-9`` before ``digest-10``: digit runs compare as numbers."""
    return tuple(int(part) if part.isdigit() else part for part in re.split(r"(\d+)", text.casefold()))


@dataclass
class Member:
    """A brief in the collection, or a digest of the batch, that may be a part."""

    name: str  # for messages: a brief's page, or a digest's file
    key: ArticleKey
    arrival: int  # the collection's briefs first (in id order), then the batch in file order
    proposed: str  # the series name this member would give a new series
    label: int | None = None  # the publisher's part label
    part: int | None = None  # the part a brief in the collection already has
    series: str | None = None  # the series a brief in the collection already has
    own_id: tuple | None = None  # (kind, *natural_key) of the digest's own id: ("url", ...), ("file", ...)
    title: str | None = None  # a published title, without part label and source prefix
    url: str | None = None  # the original article's URL


@dataclass
class Article:
    """One article's parts, in part order, with the number each gets and why."""

    series: str
    parts: list[tuple[Member, int, str]] = field(default_factory=list)  # (member, part, reason)
    notes: list[str] = field(default_factory=list)

    @property
    def order(self) -> str:
        """The sources of the order, as the report says them: "the publisher's part labels, then file order"."""
        reasons = [r for r in (NUMBERED, LABEL, OWN_ID, FILE_ORDER) if any(reason == r for _m, _p, reason in self.parts)]
        return ", then ".join(reasons)

    def part_of(self, member: Member) -> int:
        return next(part for m, part, _r in self.parts if m is member)


def articles(members: list[Member]) -> list[Article]:
    """The articles among ``members``: members that share a key, joined with the series the
    collection's briefs of that key are already in; a member alone is one only if it says
    it is a part (a label, a part or a series)."""
    groups: dict[ArticleKey, list[Member]] = {}
    for member in sorted(members, key=lambda m: m.arrival):
        groups.setdefault(member.key, []).append(member)
    found = []
    for group in groups.values():
        if len(group) < 2 and not (group[0].label or group[0].part or group[0].series):
            continue
        names = list(dict.fromkeys(m.series for m in group if m.series))
        article = Article(names[0] if names else group[0].proposed)
        joined = [m for m in group if m.series in (None, article.series)]
        for other in (m for m in group if m not in joined):
            article.notes.append(f"{other.name} shares authors, source and date with series {article.series} but "
                                 f"is in series {other.series}: left as it is")
        if len(joined) < 2 and len(group) > 1:
            continue
        _number(article, joined)
        article.notes.extend(_clashes(article))
        found.append(article)
    return found


def _number(article: Article, members: list[Member]) -> None:
    """Labels and parts already given keep their number; the rest fill the free numbers."""
    taken: dict[int, Member] = {}
    fixed: list[tuple[Member, int, str]] = []
    rest: list[Member] = []
    for member in members:  # in arrival order: the collection's parts claim their number first
        number, reason = (member.part, NUMBERED) if member.part else (member.label, LABEL)
        if number and number not in taken:
            taken[number] = member
            fixed.append((member, number, reason))
        else:
            if number:
                article.notes.append(f"{taken[number].name} and {member.name} are both part {number} of one "
                                     f"article: if they are two articles, give one of them its own series")
            rest.append(member)
    # Own ids order the rest when each has one, of one kind (URLs, file numbers), all different.
    own_ids = [m.own_id for m in rest]
    by_id = (len(rest) > 1 and None not in own_ids and len(set(own_ids)) == len(own_ids)
             and len({own_id[0] for own_id in own_ids}) == 1)
    if by_id:
        rest.sort(key=lambda m: m.own_id)
    free = (n for n in range(1, len(members) + len(taken) + 1) if n not in taken)
    numbered = fixed + [(m, next(free), OWN_ID if by_id else FILE_ORDER) for m in rest]
    article.parts = sorted(numbered, key=lambda item: item[1])


def _clashes(article: Article) -> list[str]:
    """Two parts with different published titles, or different article URLs, may be two articles."""
    notes = []
    for attribute, what in (("title", "titles"), ("url", "URLs")):
        first: dict[bool, Member] = {}
        for member, _part, _reason in article.parts:
            value = getattr(member, attribute)
            if not value:
                continue
            # Titles compare within one language: a Chinese title and an English one may well agree.
            other = first.setdefault(attribute == "title" and is_chinese(value), member)
            if other is not member and _fold(getattr(other, attribute)) != _fold(value):
                notes.append(f"{other.name} and {member.name} share authors, source and date but not their "
                             f"{what} ({getattr(other, attribute)!r}, {value!r}): if they are two articles, "
                             f"give one of them its own series")
                break
    return notes
