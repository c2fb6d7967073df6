"""The metadata parser: every published label generation, date and list form."""

from __future__ import annotations

import pytest
import seed
from briefs.metadata import DateError, PartialDate, parse_block, parse_date, split_authors, split_keywords
from hypothesis import given
from hypothesis import strategies as st


def test_seed_header_parses_without_problems() -> None:
    header = "\n".join(seed.SEED.read_text(encoding="utf-8").splitlines()[2:9])
    brief, problems = parse_block(header)
    assert problems == []
    assert brief.authors == ("Thomas Graham",)
    assert brief.source == "Foreign Affairs"
    assert brief.date == PartialDate(2023, 10, 9)
    assert brief.keywords == ("Russian Strategic Autonomy",)


@pytest.mark.parametrize(
    "block",
    [
        "作者/Author(s): A\n原文來源/Source: S\n日期/Date: Winter 2021\n主題/Key Topics: K",
        "作者：A\n來源：S\n日期：2023年10月9日\nkeywords: K",
        "作者/Author(s):\u00a0A \u00a0\n\n\n網站來源/Source: S\u00a0\n日期/Date: 05/20/2025\n關鍵字/Keywords: K",
        "authors: A\nsource: S\ndate: 2024/夏\nkeywords: K",
    ],
)
def test_every_label_generation_is_read(block: str) -> None:
    brief, problems = parse_block(block)
    assert problems == []
    assert (brief.authors, brief.source, brief.keywords) == (("A",), "S", ("K",))


@pytest.mark.parametrize(
    ("text", "expected", "precision"),
    [
        ("October 9, 2023", PartialDate(2023, 10, 9), "day"),
        ("Jun 15, 2023", PartialDate(2023, 6, 15), "day"),
        ("05/20/2025", PartialDate(2025, 5, 20), "day"),
        ("03/04/2022", PartialDate(2022, 3, 4), "day"),  # month/day/year, never day/month
        ("Winter 2021", PartialDate(2021, season="winter"), "season"),
        ("2024/夏", PartialDate(2024, season="summer"), "season"),
        ("2023-10-09", PartialDate(2023, 10, 9), "day"),
        ("2023年10月9日", PartialDate(2023, 10, 9), "day"),
        ("October 2023", PartialDate(2023, 10), "month"),
        ("2023", PartialDate(2023), "year"),
    ],
)
def test_dates_keep_their_precision(text: str, expected: PartialDate, precision: str) -> None:
    assert parse_date(text) == expected
    assert parse_date(text).precision == precision


@pytest.mark.parametrize("text", ["", "soon", "13/45/2020", "2023-02-30", "9"])
def test_bad_dates_are_refused(text: str) -> None:
    with pytest.raises(DateError):
        parse_date(text)


def test_lists_split_on_every_separator() -> None:
    assert split_authors("A and B、C & D, E") == ("A", "B", "C", "D", "E")
    assert split_keywords("  中國、 美國，台灣; x , y") == ("中國", "美國", "台灣", "x", "y")


def test_problems_name_their_line_and_kind() -> None:
    _, problems = parse_block("authors: A\nwho: B\ndate: someday\nurl: ftp://x\nno colon here")
    kinds = {(p.line, p.kind) for p in problems}
    assert {(1, "unknown-label"), (2, "date"), (3, "url"), (4, "syntax")} <= kinds
    missing = sorted(p.message for p in problems if p.kind == "missing")
    assert missing == ["required field 'source' is missing"]
    assert all(p.line is None for p in problems if p.kind == "missing")


@pytest.mark.parametrize(("value", "part"), [("2", 2), ("２", 2), ("¹", None), ("0", None), ("2a", None)])
def test_part_is_a_number_from_one_or_a_problem(value: str, part: int | None) -> None:
    """Decimal digits of any script are a part's number (fullwidth ２ is 2);
    a superscript ¹ is a digit to str.isdigit() but no number to int(): a
    problem of its line, not a crash (found by the property test below)."""
    brief, problems = parse_block(f"authors: A\nsource: B\ndate: 2024\npart: {value}")
    assert brief.part == part
    assert [(p.line, p.kind) for p in problems] == ([] if part else [(3, "part")])


@given(st.text())
def test_parser_never_raises(text: str) -> None:
    parse_block(text)


@given(st.lists(st.sampled_from(["作者/Author(s)", "日期", "來源", "keywords", "date", "url", "part"]), max_size=6),
       st.lists(st.text(max_size=20), min_size=6, max_size=6))
def test_parser_never_raises_on_label_shaped_lines(labels: list[str], values: list[str]) -> None:
    parse_block("\n".join(f"{label}：{value}" for label, value in zip(labels, values, strict=False)))


def test_an_unreadable_date_names_the_forms_accepted_each_of_which_is_read() -> None:
    from briefs.metadata import DATE_FORMS, DateError, parse_date

    for value in ("sometime", "Octember 9, 2023", ""):
        with pytest.raises(DateError, match="a date may be written: October 9, 2023;"):
            parse_date(value)
    for form in DATE_FORMS.split("; "):
        parse_date(form.split(" (")[0])  # every form named is one the parser reads
