"""Deterministic synthetic digests shaped like the real ones.

Each digest has the 2023-2025 header, a Chinese part and an English part of
2-4 headings and 8-15 bullets, keywords from a pool of 200; every tenth
article is split into a two-part series.  Bullets are as long as the real
digest's (``tests/data/seeds/``: 20-91 English words, about two Chinese
characters a word), their words drawn as often as in real text
(``vocabulary.py``).  The same seed gives the same bytes.
"""

from __future__ import annotations

import random
from pathlib import Path

import vocabulary

# Keywords are made of these words and their translations (a pool of 200).
EN_WORDS = ("alliance security deterrence trade policy energy supply chain strategy region power "
            "economic military technology diplomacy sanctions market growth risk cooperation border "
            "nuclear maritime cyber climate finance investment industry labor election reform").split()
ZH_CHARS = "安全同盟嚇阻貿易政策能源供應鏈戰略區域權力經濟軍事科技外交制裁市場成長風險合作邊境核海洋網路氣候金融投資產業勞動選舉改革"
SURNAMES = ("Smith Chen Lee Wang Garcia Kim Nguyen Ito Brown Lin Park Singh Muller Rossi Novak "
            "Cohen Haddad Silva Okafor Larsen").split()
GIVEN = "Ann Bo Carl Dana Eli Fay Gus Hana Ivo Jun Kai Lia Max Nia Oto Pia".split()
SOURCES = ["Foreign Affairs", "Foreign Policy", "War on the Rocks", "The Diplomat", "Survival",
           "Center for Strategic and International Studies (CSIS)", "RAND Corporation", "Brookings Institution",
           "Chatham House", "Lowy Institute", "Some Quarterly Vol. 51, No. 4", "Parameters"]
MONTHS = "January February March April May June July August September October November December".split()


def keyword_pool(size: int = 200) -> list[tuple[str, str]]:
    """(English, Chinese) keyword pairs, the same for every run."""
    rng = random.Random(200)
    pool, seen = [], set()
    while len(pool) < size:
        english = " ".join(rng.choice(EN_WORDS).capitalize() for _ in range(rng.randint(1, 3)))
        if english in seen:
            continue
        seen.add(english)
        pool.append((english, "".join(rng.choice(ZH_CHARS) for _ in range(rng.randint(2, 5)))))
    return pool


def _sentence(rng: random.Random, words: int) -> str:
    text = " ".join(rng.choices(vocabulary.EN_RANKED, cum_weights=vocabulary.EN_WEIGHTS, k=words))
    return text[0].upper() + text[1:] + "."


def _chinese(rng: random.Random, chars: int) -> str:
    """A sentence of about ``chars`` characters, a comma every few words.

    Made of words, not of random characters: a search index of random
    characters holds every pair of them as a word, which real text does not."""
    text = ""
    while len(text) < chars:
        text += rng.choices(vocabulary.ZH_RANKED, cum_weights=vocabulary.ZH_WEIGHTS)[0]
        text += "，" if rng.random() < 0.12 else ""
    return text.rstrip("，") + "。"


def _bullet_length(rng: random.Random) -> tuple[int, int]:
    """(Chinese characters, English words) of one bullet and its translation."""
    words = rng.randint(20, 90)
    return words * 2 + rng.randint(-5, 5), words


def digest(index: int, pool: list[tuple[str, str]], part: int | None = None, base: int | None = None) -> str:
    rng = random.Random(base if base is not None else index)
    authors = " and ".join(f"{rng.choice(GIVEN)} {rng.choice(SURNAMES)}" for _ in range(rng.randint(1, 2)))
    source = rng.choice(SOURCES)
    year = rng.randint(2021, 2025)
    date = f"{MONTHS[rng.randrange(12)]} {rng.randint(1, 28)}, {year}"
    keywords = ", ".join(k for k, _z in rng.sample(pool, rng.randint(1, 4)))
    rng = random.Random(index * 7919 + 1)
    sections = [rng.randint(2, 4) for _ in range(rng.randint(2, 4))]
    while sum(sections) < 8:
        sections[rng.randrange(len(sections))] += 1
    headings_en = [_sentence(rng, rng.randint(2, 5)).rstrip(".") for _ in sections]
    bullets = [[_bullet_length(rng) for _ in range(n)] for n in sections]
    title = f"FA:{_chinese(rng, 6).rstrip('。')}(Part {part})" if part else _sentence(rng, 6).rstrip(".")
    lines = [title, f"作者/Author(s): {authors} ", f"網站來源/Source: {source} ", f"日期/Date: {date} ",
             f"關鍵字/Keywords: {keywords}", ""]
    for heading, group in zip(headings_en, bullets, strict=False):
        lines.append(heading[:8] + "等議題")
        lines.extend(f"  • {_chinese(random.Random(index * 31 + i * 7 + j), c)}" for j, (c, _w) in enumerate(group)
                     for i in [len(lines)])
    for s, (heading, group) in enumerate(zip(headings_en, bullets, strict=False)):
        lines.append(heading)
        lines.extend(f"  • {_sentence(random.Random(index * 997 + s * 50 + j), w)} " for j, (_c, w) in enumerate(group))
    return "\n".join(lines) + "\n"


def write_digests(folder: Path, count: int) -> list[Path]:
    """``count`` digests; every tenth article comes as two parts of one series."""
    folder.mkdir(parents=True, exist_ok=True)
    pool = keyword_pool()
    paths = []
    index = 0
    while len(paths) < count:
        if index % 10 == 9 and len(paths) + 2 <= count:
            texts = [digest(index * 2 + p, pool, part=p, base=index) for p in (1, 2)]
        else:
            texts = [digest(index, pool)]
        for text in texts:
            path = folder / f"digest-{len(paths):05d}.txt"
            path.write_text(text, encoding="utf-8")
            paths.append(path)
        index += 1
    return paths


def glossary_yaml(pool: list[tuple[str, str]] | None = None) -> str:
    lines = ["keywords:"]
    for english, chinese in pool or keyword_pool():
        lines += [f"  {english}:", f"    zh_TW: {chinese}"]
    lines.append("sources:")
    for source in SOURCES:
        lines += [f"  {source}:", "    zh_TW: " + source + "（中文名）"]
    return "\n".join(lines) + "\n"
