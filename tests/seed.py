"""What the seed digest says, read straight from the file (nothing typed in twice)."""

from __future__ import annotations

import re
from pathlib import Path

SEED = Path(__file__).parent / "data" / "seeds" / "000_f235fc45aa42949a.txt"
_CJK = re.compile(r"[\u3400-\u9fff]")


def _lines() -> list[str]:
    return [line.strip() for line in SEED.read_text(encoding="utf-8").splitlines()]


def bullets(chinese: bool) -> list[str]:
    """The text of each bullet of the seed's Chinese or English part."""
    found = [line.lstrip("•").strip() for line in _lines() if line.startswith("•")]
    return [text for text in found if bool(_CJK.search(text)) == chinese]


def english_headings() -> list[str]:
    """Bare lines after the title fragment that are not bullets, labels or Chinese."""
    lines = [line for line in _lines() if line][1:]
    return [line for line in lines if not line.startswith("•") and ":" not in line and not _CJK.search(line)]


def normalize(text: str) -> str:
    """Fold whitespace, so that wrapping in HTML does not matter."""
    return re.sub(r"\s+", " ", text).strip()
