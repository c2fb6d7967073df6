"""``make bench``: its synthetic digests are shaped like the real one, and the
bench itself runs and reports its targets (on a collection of 5 briefs)."""

from __future__ import annotations

import functools
import http.server
import json
import re
import statistics
import subprocess
import sys
import threading
from pathlib import Path

import pytest
import rjieba
from briefs import digest
from conftest import REPO
from test_browser import _QuietHandler, chromium  # noqa: F401 - the browser fixture

sys.path.insert(0, str(REPO / "bench"))

import synthetic  # noqa: E402
import vocabulary  # noqa: E402

SEED = REPO / "tests" / "data" / "seeds" / "000_f235fc45aa42949a.txt"
_CJK = re.compile(r"[\u4e00-\u9fff]")


def parts(text: str) -> dict[str, list[digest.Block]]:
    """The blocks of a digest read by the project's parser, by language."""
    blocks = digest.read(text).blocks
    return {lang: [b for b in blocks if b.lang == lang] for lang in ("zh", "en")}


def bullet_lengths(text: str) -> tuple[list[int], list[int]]:
    """(Chinese characters, English words) of each bullet."""
    by_lang = parts(text)
    return ([len(_CJK.findall(b.text)) for b in by_lang["zh"] if b.kind == "bullet"],
            [len(b.text.split()) for b in by_lang["en"] if b.kind == "bullet"])


@pytest.fixture(scope="module")
def digests(tmp_path_factory) -> list[str]:
    folder = tmp_path_factory.mktemp("digests")
    return [path.read_text(encoding="utf-8") for path in synthetic.write_digests(folder, 60)]


def test_the_same_seed_gives_the_same_digests(digests: list[str], tmp_path: Path) -> None:
    again = [p.read_text(encoding="utf-8") for p in synthetic.write_digests(tmp_path, 60)]
    assert again == digests


def test_digests_have_the_shape_of_the_issue_and_the_seed(digests: list[str]) -> None:
    pool = {english for english, _chinese in synthetic.keyword_pool()}
    assert len(pool) == 200
    for text in digests:
        by_lang = parts(text)
        for lang, blocks in by_lang.items():
            headings = [b for b in blocks if b.kind == "heading"]
            bullets = [b for b in blocks if b.kind == "bullet"]
            assert 2 <= len(headings) <= 4, (lang, text)
            assert 8 <= len(bullets) <= 15, (lang, text)
        keywords = re.search(r"^關鍵字/Keywords: (.*)$", text, re.M).group(1).split(", ")
        assert set(keywords) <= pool
    # Every tenth article is a series of two parts, one after the other, by the same authors.
    firsts = [i for i, t in enumerate(digests) if t.splitlines()[0].endswith("(Part 1)")]
    articles = len(digests) - len(firsts)
    assert len(firsts) == articles // 10
    for i in firsts:
        assert digests[i + 1].splitlines()[0].endswith("(Part 2)")
        assert digests[i].splitlines()[1] == digests[i + 1].splitlines()[1]


def test_bullets_are_as_long_as_the_seed_digests(digests: list[str]) -> None:
    seed_zh, seed_en = bullet_lengths(SEED.read_text(encoding="utf-8"))
    zh = [n for text in digests for n in bullet_lengths(text)[0]]
    en = [n for text in digests for n in bullet_lengths(text)[1]]
    # The seed: 20-91 words (median 62), 41-176 characters, about two a word.
    assert min(seed_en) * 0.9 <= min(en) and max(en) <= max(seed_en) * 1.1
    assert 0.7 <= statistics.median(en) / statistics.median(seed_en) <= 1.3
    assert 0.7 <= (sum(zh) / sum(en)) / (sum(seed_zh) / sum(seed_en)) <= 1.3


def test_each_word_has_one_rank() -> None:
    """A word listed twice would be drawn at two ranks: more often than Zipf's law says."""
    for ranked in (vocabulary.EN_RANKED, vocabulary.ZH_RANKED):
        assert len(ranked) == len(set(ranked))


def bullet_words(text: str, lang: str) -> list[str]:
    """The words of a digest's bullets in ``lang``: English split at spaces and
    marks, lower-cased; Chinese cut by jieba (as the search index cuts it)."""
    bullets = [block.text for block in parts(text)[lang] if block.kind == "bullet"]
    if lang == "en":
        return [word.lower() for text in bullets for word in re.findall(r"[A-Za-z][A-Za-z0-9']*", text)]
    return [word for text in bullets for word in rjieba.cut(text) if _CJK.search(word)]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_bullets_use_as_many_different_words_as_the_seed(digests: list[str], lang: str) -> None:
    """What a page gives the search index depends on how many different words it has."""
    seed = bullet_words(SEED.read_text(encoding="utf-8"), lang)
    # The seed: 191 different English words in 355, 216 Chinese in 346.  Synthetic
    # bullets are longer on the whole: compare digests of about the seed's length.
    similar = [len(set(words)) for text in digests
               if 0.75 * len(seed) <= len(words := bullet_words(text, lang)) <= 1.25 * len(seed)]
    assert len(similar) >= 10
    assert 0.85 <= statistics.median(similar) / len(set(seed)) <= 1.15
    # Not a few words repeated: the collection keeps meeting new ones.
    assert len({word for text in digests for word in bullet_words(text, lang)}) >= 400


def test_the_bench_runs_and_reports_its_targets(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, str(REPO / "bench" / "run.py"), "--sizes", "5", "--repeat", "1", "--language-repeat", "2",
         "--work", str(tmp_path)], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr[-3000:]
    report = json.loads((tmp_path / "results.json").read_text())
    (measured,) = report["results"]
    assert measured["briefs"] == 5
    assert measured["incremental_en"]["edit_text"]["equals_clean_build"] is True
    # Two rounds of the languages, the second in the reverse order; the baselines
    # ran once; three edits, each with an incremental build, right after each clean English build.
    edits = ["en edit"] * 3
    assert measured["clean_build_order"] == [["en", *edits, "zh_TW", "baseline-furo", "baseline-basic"],
                                             ["zh_TW", "en", *edits]]
    beside = measured["incremental_en"]["edit_text_beside_clean"]
    assert len(beside["samples"]) == 6 and beside["warnings"] == 0
    ratios = measured["ratios"]
    assert ratios["edit_text_over_clean_en"] == round(beside["seconds"] / measured["clean"]["en"]["seconds"], 3)
    assert ratios["edit_text_over_clean_en_each_round"] == [
        round(statistics.median(beside["samples"][3 * at:3 * at + 3]) / clean, 3)
        for at, clean in enumerate(measured["clean"]["en"]["samples"])]
    for lang in ("en", "zh_TW"):
        assert measured["clean"][lang]["seconds"] > 0
        assert len(measured["clean"][lang]["cpu_samples"]) == 2
        assert 0 < measured["clean"][lang]["cpu_seconds"] <= 2 * max(measured["clean"][lang]["samples"])
        assert measured["clean"][lang]["warnings"] == 0
        assert measured["search_index_bytes"][lang] > 0
    assert set(report["targets"]) >= {"N=5: zh_TW time <= 1.3x en", "N=5: furo+extension <= 1.5x basic"}
    for name, met in report["targets"].items():
        assert f"{'PASS' if met else 'FAIL'}  {name}" in result.stdout
    assert (tmp_path / "n5" / "collection" / "conf.py").is_file()  # built where --work says


def test_the_speedups_bench_reports_each_module_against_every_speedup_and_none(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, str(REPO / "bench" / "speedups.py"), "--count", "5", "--rounds", "2", "--only", "gc",
         "--work", str(tmp_path), "--json", str(tmp_path / "speedups.json")],
        capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr[-3000:]
    report = json.loads((tmp_path / "speedups.json").read_text())
    rows = report["configurations"]
    assert list(rows) == ["-gc", "none"]
    for row in rows.values():
        for lang in ("en", "zh_TW"):
            assert len(row[lang]["samples"]) == 2 and row[lang]["seconds"] > 0  # two pairs
    pairs = rows["-gc"]["zh_TW"]["samples"]
    assert rows["-gc"]["zh_TW"]["gain"] == round(statistics.median(w / e - 1 for w, e in pairs), 4)
    assert rows["-gc"]["earns_its_place"] == any(rows["-gc"][lang]["gain"] >= 0.03 for lang in ("en", "zh_TW"))
    assert "| gc |" in result.stdout and "(briefs.speedups off)" in result.stdout


@pytest.mark.browser
def run_bench(script: str, count: int, work: Path, *options: str) -> tuple[subprocess.CompletedProcess, dict]:
    """A bench of ``bench/`` on ``count`` briefs in ``work``: its output and its JSON report."""
    result = subprocess.run([sys.executable, str(REPO / "bench" / script), "--count", str(count), "--work",
                             str(work), "--json", str(work / "report.json"), *options],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr[-3000:]
    return result, json.loads((work / "report.json").read_text())


def test_the_search_bench_builds_the_collection_and_times_each_query(chromium, tmp_path: Path) -> None:  # noqa: F811
    result, report = run_bench("search_scale.py", 30, tmp_path)
    for built in report["builds"].values():
        assert 0 < built["index_s"] < built["build_s"] and built["index_files"] > 30
    assert {q["language"] for q in report["queries"]} == {"en", "zh_TW"}
    for query in report["queries"]:
        assert query["errors"] == [], query
        number = re.search(r"\d+", query["summary"])
        found = int(number.group()) if number else 1 if "one brief" in query["summary"] else 0
        assert query["listed"] == min(found, 20), query
        assert query["kb"] > 0 and query["done_ms"] > 0, query
    assert "| zh_TW | 成員國 |" in result.stdout
    # The first page lists 20; "Show more results" lists the rest, with no failed request.
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0),
                                            functools.partial(_QuietHandler, directory=str(tmp_path / "site")))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        page = chromium.new_page()
        failed: list[str] = []
        page.on("requestfailed", lambda r: failed.append(r.url))
        page.goto(f"http://127.0.0.1:{httpd.server_address[1]}/en/html/search.html?q=the")
        page.wait_for_selector("#search-results[aria-busy='false']", state="attached")
        assert page.locator("ul.search li").count() == 20
        page.click("button.briefs-search-more")
        page.wait_for_function("document.querySelectorAll('ul.search li').length === 30")
        assert page.locator("button.briefs-search-more").is_hidden() and failed == []
        page.close()
    finally:
        httpd.shutdown()


def test_the_page_weight_bench_weighs_a_brief_page_beside_furo(chromium, tmp_path: Path) -> None:  # noqa: F811
    result, report = run_bench("page_weight.py", 6, tmp_path)
    assert set(report["languages"]) == {"en", "zh_TW"}
    for weights in report["languages"].values():
        for build in ("briefs", "furo"):
            assert {"html", "css", "js"} <= set(weights[build]), weights[build]
            assert all(entry["bytes"] >= entry["gzip"] > 0 for entry in weights[build].values())
        # The extension's stylesheet is fetched, and only on top of furo's.
        assert weights["briefs"]["css"]["requests"] == weights["furo"]["css"]["requests"] + 1
    assert "target: the extension adds at most 10%" in result.stdout


def test_the_interrupted_bench_kills_builds_and_reports_the_healed_rebuild(tmp_path: Path) -> None:
    result, report = run_bench("interrupted.py", 40, tmp_path, "--kill-at", "0.8", "1.6")
    assert "target: every rebuild exits 0 and equals the clean build: met" in result.stdout
    assert [run["kill_at"] for run in report["runs"]] == [0.8, 1.6]
    assert all(run["differing_files"] == 0 and run["exit_codes"] == [0, 0] for run in report["runs"])
