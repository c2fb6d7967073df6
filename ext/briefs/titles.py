"""A brief's title composed from its metadata, for digests that publish none (issue 27).

The importer writes the English composition as the page's heading.  A build
recognises it there (the heading is exactly what :func:`compose` gives in
English), marks it as composed, and in another language shows the
composition in that language: keywords and source by their glossary names,
the date as that language writes it.  Any other heading (a published title,
an editor's, a translator's) wins.  No Sphinx import: the importer uses it.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING

from .digest import is_chinese

if TYPE_CHECKING:
    from .glossary import Glossary
    from .metadata import Brief

#: Per language: between keywords, before the source, before the date, the part.
_PUNCTUATION = {"en": (", ", ": ", ", ", " (Part {part})"), "zh": ("、", "：", "，", "（第 {part} 部分）")}
_BILINGUAL_SOURCE = re.compile(r"^([^A-Za-z]*[\u4e00-\u9fff][^A-Za-z]*?)\s+([A-Za-z].*)$")


def split_source(source: str) -> tuple[str, str | None]:
    """``某某研究中心 Center for Something Studies (CSS)`` -> (English name, Chinese name)."""
    match = _BILINGUAL_SOURCE.match(source)
    if match:
        return match.group(2).strip(), match.group(1).strip()
    return source, None


def compose(brief: Brief, glossary: Glossary, language: str | None, date_text: str) -> str:
    """The title made from the brief's keywords, source and date (``date_text``, as the
    language writes it), with its part: "Gray Zone, Deterrence: War on the Rocks,
    November 9, 2023", "灰色地帶、嚇阻：岩石上的戰爭，2023年11月9日"."""
    chinese = (language or "en").startswith("zh")
    between, before_source, before_date, part = _PUNCTUATION["zh" if chinese else "en"]
    if chinese:
        subjects = [glossary.term("keywords", k).name(language) for k in brief.keywords]
        known = glossary.find("sources", brief.source) if brief.source else None
        source = (known.name(language) if known else split_source(brief.source)[1] or brief.source) \
            if brief.source else "摘要"
    else:
        # English: the glossary's English keys; a keyword known only in Chinese is left out.
        subjects = [k for k in (glossary.term("keywords", k).key for k in brief.keywords) if not is_chinese(k)]
        source = split_source(brief.source)[0] if brief.source else "Brief"
    title = f"{between.join(subjects)}{before_source}{source}{before_date}{date_text}" if subjects \
        else f"{source}{before_date}{date_text}"
    return title + part.format(part=brief.part) if brief.part else title


def is_composed(heading: str, brief: Brief, glossary: Glossary) -> bool:
    """The heading is the English composition, with its part or (as the importer writes
    it, so that a part numbered later leaves it as it is) without."""
    date_text = brief.date_text or ""
    return heading in (compose(brief, glossary, "en", date_text), compose(replace(brief, part=None), glossary, "en",
                                                                          date_text))
