"""``make bench``: build times, sizes and memory of a synthetic collection.

    python bench/run.py [--sizes 100 1000 10000] [--repeat R] [--language-repeat L]
                        [--work DIR] [--json FILE] [--no-baselines] [--equality-up-to N]

For each size N it makes a collection of N briefs (bench/collection.py) and
measures, on this machine:

* clean builds of each language with -j 1 (R times, the languages taking
  turns, in the reverse order every other round; each from nothing: output
  removed and the translation catalogs uncompiled, as in a fresh clone),
  and of both languages side by side (two processes); seconds per brief;
  each build's CPU time beside its wall time;
* baselines on the same pages without the briefs extension (metadata as a
  plain list): with furo, and with Sphinx's basic theme;
* the edit of one brief's text, in each round of the clean builds: three
  incremental English builds, each after an edit, right after the round's
  clean English build, which is what they are compared with (the target
  reads these);
* incremental English builds, R times each, after the clean builds: after
  editing one brief's text, changing one brief's keywords and adding a brief;
  that the edit's output equals a clean build's (up to --equality-up-to
  briefs); and the floor: a rebuild with nothing changed, with the extension
  and on the basic-theme baseline (what Sphinx itself costs to start, load
  and finish);
* the HTML bytes of one brief page and of the whole output, doctree bytes,
  search index bytes, and each build's peak memory (max RSS);
* once per run, the start-up floor: a rebuild with nothing changed in a
  collection of 5 briefs (what every rebuild costs before the collection's
  size counts).

Times are medians of the R runs (every sample is in the JSON); R defaults to
5 up to 1,000 briefs and 1 above, where each language's clean build still
runs L = 5 times (a single pair of builds of 2 minutes each gave zh_TW/en
anywhere from 1.19 to 1.47 on the same code; with 3 rounds, the ratio of the
medians moved from 1.26 to 1.38 between two runs of the same code).  Each
timed build starts once the output of the build before it is on disk
(``os.sync()``), so that no build pays for writing back another's pages.
It prints a table and writes JSON (default ``_build/bench/results.json``).

Why the edit is timed in the rounds: it takes about the start-up floor
(about 1 s, mostly imports), and the short builds swing the most with the
machine's speed.  Timed minutes after the clean builds, the same code gave
3.4% of a clean build in one run and 5.2% in the next, in a slower spell of
the machine; next to the clean build it is divided by, both meet the same
spell.  The edits timed after the clean builds are still reported beside.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import collection  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
WORK = REPO / "_build" / "bench"
#: Edits timed right after each clean English build, one after the other.
#: An edit is a build of about a second, which the machine's speed moves
#: the most (0.9 to 1.4 s within minutes on the same code); its median is
#: taken of three times as many samples as the clean build's.
EDITS_PER_ROUND = 3


@dataclass
class Build:
    seconds: float
    max_rss_mib: float
    warnings: int
    cpu_seconds: float
    """User and system time of the build process (wait4's rusage)."""
    samples: list[float] = field(default_factory=list)
    cpu_samples: list[float] = field(default_factory=list)


def median(builds: list[Build]) -> Build:
    """One measure from repeated runs: median times, highest memory, every sample."""
    seconds, cpu = [b.seconds for b in builds], [b.cpu_seconds for b in builds]
    return Build(round(statistics.median(seconds), 2), max(b.max_rss_mib for b in builds),
                 max(b.warnings for b in builds), round(statistics.median(cpu), 2), seconds, cpu)


def uncompile_catalogs(project: Path) -> None:
    """Remove the .mo files Sphinx compiled, so a clean build compiles them as in a fresh clone."""
    for path in (project / "locale").rglob("*.mo"):
        path.unlink()


def sphinx(project: Path, language: str, out: Path, *extra: str) -> subprocess.Popen:
    command = [sys.executable, "-m", "sphinx", "--no-color", "-q", "-b", "html", "-c", str(project), "-D", f"language={language}",
               "-d", str(out / "doctrees"), *extra, str(project / "source"), str(out / "html")]
    return subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)


def finish(process: subprocess.Popen, start: float) -> Build:
    """Wait for one build; its own peak memory comes from wait4's rusage."""
    stderr = process.stderr.read() if process.stderr else ""
    _pid, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.perf_counter() - start
    if process.returncode != 0:
        raise RuntimeError(f"build failed:\n{stderr[-3000:]}")
    return Build(round(seconds, 2), round(usage.ru_maxrss / 1024, 1), stderr.count("WARNING"),
                 round(usage.ru_utime + usage.ru_stime, 2))


def build(project: Path, language: str, out: Path, *extra: str) -> Build:
    os.sync()  # the previous build's output and the removed trees written back, outside the timing
    start = time.perf_counter()
    return finish(sphinx(project, language, out, *extra), start)


def side_by_side(project: Path, out: Path) -> tuple[float, list[Build]]:
    os.sync()
    start = time.perf_counter()
    processes = [sphinx(project, lang, out / lang) for lang in ("en", "zh_TW")]
    builds = [finish(p, start) for p in processes]
    return round(time.perf_counter() - start, 2), builds


def size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def outputs(html: Path) -> dict[str, bytes]:
    return {str(p.relative_to(html)): p.read_bytes() for p in sorted(html.rglob("*"))
            if p.is_file() and p.name != ".buildinfo"}


def edit_text(project: Path, page: str, run: int) -> None:
    path = project / "source" / f"{page}.md"
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r"^- (.*)$", rf"- \1 (edited {run})", text, count=1, flags=re.M), encoding="utf-8")


def change_keywords(project: Path, page: str, run: int) -> None:
    path = project / "source" / f"{page}.md"
    text = path.read_text(encoding="utf-8")
    keywords = ("Security", "Security, Trade", "Trade")[run % 3]
    path.write_text(re.sub(r"^keywords: .*$", f"keywords: {keywords}", text, count=1, flags=re.M), encoding="utf-8")


def add_brief(project: Path, page: str, run: int) -> None:
    year = page.split("/")[1]
    (project / "source" / "briefs" / year / f"bench-added-brief-{run}.md").write_text(
        f"# An Added Brief {run}\n\n```{{brief}}\nauthors: Ann Smith\nsource: Foreign Affairs\ndate: 2025-01-02\n"
        "keywords: Security\n```\n\n- A new point.\n", encoding="utf-8")


def nothing(project: Path, page: str, run: int) -> None:
    """No change: what a rebuild costs before it does any work."""


def clean_builds(project: Path, base: Path, repeat: int, baselines: bool, language_repeat: int,
                 edited_page: str) -> tuple[dict[str, Build], list[list[str]]]:
    """Clean -j 1 builds of each language and of the baselines, taking turns
    round after round, so that a slow spell of the machine hits all alike;
    every other round runs them in the reverse order, so that a machine
    slowing down (or speeding up) within a round does not always fall on the
    same build.  The languages run ``language_repeat`` rounds, the baselines
    ``repeat``.  Right after each clean English build, ``edited_page``'s text
    is edited and English built again (``en edit``, an incremental build),
    :data:`EDITS_PER_ROUND` times.
    Returns the medians (the edit's as ``edit_text``) and the order of each
    round."""
    builds: dict[str, tuple[Path, str, Path]] = {
        "en": (project, "en", base / "serial" / "en"),
        "zh_TW": (project, "zh_TW", base / "serial" / "zh_TW"),
    }
    if baselines:
        for theme in ("furo", "basic"):
            other = base / f"baseline-{theme}"
            collection.baseline(project, other, theme)
            builds[f"baseline-{theme}"] = (other, "en", other / "_out")
    runs: dict[str, list[Build]] = {name: [] for name in [*builds, "edit_text"]}
    orders: list[list[str]] = []
    for round_ in range(max(repeat, language_repeat)):
        names = [name for name in builds
                 if round_ < (repeat if name.startswith("baseline") else language_repeat)]
        order: list[str] = []
        for name in names if round_ % 2 == 0 else names[::-1]:
            source, lang, out = builds[name]
            if out.exists():
                shutil.rmtree(out)
            uncompile_catalogs(source)
            runs[name].append(build(source, lang, out, "-j", "1"))
            order.append(name)
            if name == "en":
                for edit in range(EDITS_PER_ROUND):
                    edit_text(project, edited_page, round_ * EDITS_PER_ROUND + edit)
                    runs["edit_text"].append(build(source, lang, out, "-j", "1"))
                    order.append("en edit")
        orders.append(order)
    return {name: median(samples) for name, samples in runs.items()}, orders


def measure(work: Path, count: int, baselines: bool, equality_up_to: int, repeat: int, language_repeat: int) -> dict:
    base = work / f"n{count}"
    if base.exists():
        shutil.rmtree(base)
    project = base / "collection"
    started = time.perf_counter()
    pages = collection.make(project, count)
    result: dict = {"briefs": count, "repeat": repeat, "language_repeat": language_repeat,
                    "generate_seconds": round(time.perf_counter() - started, 1)}
    sample, edited_in_rounds = [p for p in pages if "part" not in p][:2]  # the sample page's size is measured unedited

    clean, result["clean_build_order"] = clean_builds(project, base, repeat, baselines, language_repeat,
                                                      edited_in_rounds)
    result["clean"] = {lang: asdict(clean[lang]) for lang in ("en", "zh_TW")}
    result["seconds_per_brief"] = {lang: round(clean[lang].seconds / count, 4) for lang in ("en", "zh_TW")}
    uncompile_catalogs(project)
    wall, builds = side_by_side(project, base / "side-by-side")
    result["side_by_side_seconds"] = wall
    result["side_by_side"] = [asdict(b) for b in builds]
    for lang in ("en", "zh_TW"):
        out = base / "serial" / lang
        result.setdefault("html_bytes_one_brief", {})[lang] = (out / "html" / f"{sample}.html").stat().st_size
        result.setdefault("html_bytes_total", {})[lang] = size(out / "html")
        result.setdefault("doctree_bytes", {})[lang] = size(out / "doctrees")
        result.setdefault("search_index_bytes", {})[lang] = (out / "html" / "searchindex.js").stat().st_size
    result["sample_page"] = f"{sample}.html"

    if baselines:
        result["baseline_en"] = {theme: asdict(clean[f"baseline-{theme}"]) for theme in ("furo", "basic")}
        other = base / "baseline-basic"
        result["baseline_en"]["basic_nothing_changed"] = asdict(
            median([build(other, "en", other / "_out", "-j", "1") for _ in range(repeat)]))

    incremental: dict = {"edit_text_beside_clean": asdict(clean["edit_text"])}
    out = base / "serial" / "en"
    changes = (("nothing_changed", nothing), ("edit_text", edit_text), ("change_keywords", change_keywords),
               ("add_brief", add_brief))
    for name, change in changes:
        runs = []
        for run in range(repeat):
            change(project, sample if name != "change_keywords" else pages[1], run)
            runs.append(build(project, "en", out, "-j", "1"))
        incremental[name] = asdict(median(runs))
        if name == "edit_text" and count <= equality_up_to:
            fresh = base / "clean-after-edit"
            build(project, "en", fresh, "-j", "1")
            same = outputs(out / "html") == outputs(fresh / "html")
            incremental[name]["equals_clean_build"] = same
            shutil.rmtree(fresh)
    result["incremental_en"] = incremental

    en, zh = clean["en"], clean["zh_TW"]
    # Each round builds both languages one after the other: the ratio within a
    # round is the one least moved by the machine's drift (the target reads
    # the medians).  CPU time leaves out what a build waits for; it still
    # moves with the machine's speed.
    pairs = [round(z / e, 2) for e, z in zip(en.samples, zh.samples, strict=False)]
    result["ratios"] = {
        "zh_TW_over_en_time": round(zh.seconds / en.seconds, 2),
        "zh_TW_over_en_cpu_time": round(zh.cpu_seconds / en.cpu_seconds, 2),
        "zh_TW_over_en_time_each_round": pairs,
        "zh_TW_over_en_time_median_of_rounds": round(statistics.median(pairs), 2),
        "zh_TW_over_en_doctrees": round(result["doctree_bytes"]["zh_TW"] / result["doctree_bytes"]["en"], 2),
        # The edits timed in the rounds, next to the clean builds (the target);
        # and those timed after all the clean builds (the only ones before the
        # run of 2026-11-27 at 15:00).
        "edit_text_over_clean_en": round(clean["edit_text"].seconds / en.seconds, 3),
        "edit_text_over_clean_en_each_round": [
            round(statistics.median(clean["edit_text"].samples[at * EDITS_PER_ROUND:(at + 1) * EDITS_PER_ROUND])
                  / clean_en, 3) for at, clean_en in enumerate(en.samples)],
        "edit_text_after_clean_builds_over_clean_en": round(incremental["edit_text"]["seconds"] / en.seconds, 3),
        "nothing_changed_over_clean_en": round(incremental["nothing_changed"]["seconds"] / en.seconds, 3),
    }
    if baselines:
        result["ratios"]["furo_with_extension_over_basic"] = round(
            en.seconds / result["baseline_en"]["basic"]["seconds"], 2)
        result["ratios"]["furo_with_extension_over_furo_without"] = round(
            en.seconds / result["baseline_en"]["furo"]["seconds"], 2)
        result["ratios"]["basic_nothing_changed_over_clean_en"] = round(
            result["baseline_en"]["basic_nothing_changed"]["seconds"] / en.seconds, 3)
    return result


def start_up(work: Path, repeat: int, count: int = 5) -> dict:
    """The floor of any rebuild: nothing changed in a collection of 5 briefs.

    Starting Python, importing Sphinx (with every builtin builder), furo,
    MyST and the extension, loading the environment and finishing; what a
    rebuild of a large collection costs on top of it is what grows with N.
    """
    base = work / f"n{count}"
    if base.exists():
        shutil.rmtree(base)
    project = base / "collection"
    collection.make(project, count)
    out = base / "serial" / "en"
    build(project, "en", out, "-j", "1")
    return {"briefs": count, "nothing_changed": asdict(median([build(project, "en", out, "-j", "1")
                                                                 for _ in range(repeat)]))}


def targets(results: list[dict]) -> dict[str, bool | None]:
    by_n = {r["briefs"]: r for r in results}
    checks: dict[str, bool | None] = {}
    if 100 in by_n and 10000 in by_n:
        checks["page size 100 -> 10,000 <= 1.1x"] = (
            by_n[10000]["html_bytes_one_brief"]["en"] <= 1.1 * by_n[100]["html_bytes_one_brief"]["en"])
    if 1000 in by_n and 10000 in by_n:
        checks["time per brief 10,000 <= 1.2x 1,000"] = (
            by_n[10000]["seconds_per_brief"]["en"] <= 1.2 * by_n[1000]["seconds_per_brief"]["en"])
    for n, r in by_n.items():
        ratios = r["ratios"]
        if "furo_with_extension_over_basic" in ratios:
            checks[f"N={n}: furo+extension <= 1.5x basic"] = ratios["furo_with_extension_over_basic"] <= 1.5
        checks[f"N={n}: zh_TW time <= 1.3x en"] = ratios["zh_TW_over_en_time"] <= 1.3
        checks[f"N={n}: zh_TW doctrees <= 1.2x en"] = ratios["zh_TW_over_en_doctrees"] <= 1.2
        if n == 1000:
            checks["N=1000: edit one brief <= 5% of clean"] = ratios["edit_text_over_clean_en"] <= 0.05
            checks["N=1000: edited output equals clean"] = r["incremental_en"]["edit_text"].get("equals_clean_build")
        peak = max(b["max_rss_mib"] for b in [*r["clean"].values(), *r["side_by_side"]])
        if n == 10000:
            checks["N=10,000: peak memory <= 2 GiB per build"] = peak <= 2048
            checks["N=10,000: both languages side by side < 15 min"] = r["side_by_side_seconds"] < 900
    return checks


def _runs(result: dict) -> str:
    """R, or R/L when each language's clean build ran L times."""
    repeat, language_repeat = result["repeat"], result.get("language_repeat", result["repeat"])
    return str(repeat) if repeat == language_repeat else f"{repeat}/{language_repeat}"


def table(results: list[dict]) -> str:
    rows = [("briefs", "runs", "en s", "zh_TW s", "both side by side s", "s/brief en", "basic s", "furo-noext s",
             "no change s", "basic no change s", "edit s", "edit later s", "keywords s", "add s", "page KiB", "output MiB en",
             "doctrees MiB en/zh", "search index KiB en/zh", "peak MiB")]
    for r in results:
        base = r.get("baseline_en", {})
        inc = r["incremental_en"]
        rows.append((
            str(r["briefs"]), _runs(r), str(r["clean"]["en"]["seconds"]), str(r["clean"]["zh_TW"]["seconds"]),
            str(r["side_by_side_seconds"]), str(r["seconds_per_brief"]["en"]),
            str(base.get("basic", {}).get("seconds", "-")), str(base.get("furo", {}).get("seconds", "-")),
            str(inc["nothing_changed"]["seconds"]), str(base.get("basic_nothing_changed", {}).get("seconds", "-")),
            str(inc["edit_text_beside_clean"]["seconds"]), str(inc["edit_text"]["seconds"]),
            str(inc["change_keywords"]["seconds"]), str(inc["add_brief"]["seconds"]),
            f"{r['html_bytes_one_brief']['en'] / 1024:.1f}", f"{r['html_bytes_total']['en'] / 2**20:.1f}",
            f"{r['doctree_bytes']['en'] / 2**20:.1f}/{r['doctree_bytes']['zh_TW'] / 2**20:.1f}",
            f"{r['search_index_bytes']['en'] / 1024:.0f}/{r['search_index_bytes']['zh_TW'] / 1024:.0f}",
            str(max(b["max_rss_mib"] for b in [*r["clean"].values(), *r["side_by_side"]])),
        ))
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    return "\n".join("  ".join(cell.rjust(w) for cell, w in zip(row, widths, strict=False)) for row in rows)


def main() -> int:
    parser = argparse.ArgumentParser(description="Benchmark the collection's builds.")
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 10000])
    parser.add_argument("--repeat", type=int, help="runs of each timed build (default: 5 up to 1,000 briefs, else 1)")
    parser.add_argument("--language-repeat", type=int,
                        help="runs of each language's clean build (default: --repeat up to 1,000 briefs, else 5)")
    parser.add_argument("--work", type=Path, default=WORK, help=f"where the collections are built (default: {WORK})")
    parser.add_argument("--json", type=Path, help="where the results go (default: WORK/results.json)")
    parser.add_argument("--no-baselines", action="store_true")
    parser.add_argument("--equality-up-to", type=int, default=1000)
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    args.json = args.json or args.work / "results.json"
    results = []
    floor = start_up(args.work, args.repeat or 5)
    for count in args.sizes:
        print(f"N={count} ...", flush=True)
        repeat = args.repeat or (5 if count <= 1000 else 1)
        language_repeat = args.language_repeat or (repeat if count <= 1000 or args.repeat else 5)
        results.append(measure(args.work, count, not args.no_baselines, args.equality_up_to, repeat, language_repeat))
        args.json.write_text(json.dumps({"results": results, "start_up": floor, "targets": targets(results)},
                                        indent=1) + "\n")
    print(table(results))
    for name, ok in targets(results).items():
        print(f"  {'PASS' if ok else 'FAIL' if ok is False else '----'}  {name}")
    floor_seconds = floor["nothing_changed"]["seconds"]
    for r in results:
        ratios = r["ratios"]
        clean_en = r["clean"]["en"]["seconds"]
        print(f"  N={r['briefs']}: zh_TW/en {ratios['zh_TW_over_en_time']} by the medians, "
              f"{ratios['zh_TW_over_en_time_each_round']} round by round, "
              f"{ratios['zh_TW_over_en_cpu_time']} in CPU time")
        print(f"  N={r['briefs']}: editing one brief takes {ratios['edit_text_over_clean_en']:.1%} of a clean build"
              f" timed in the same rounds ({', '.join(f'{x:.1%}' for x in ratios['edit_text_over_clean_en_each_round'])}"
              f" round by round), {ratios['edit_text_after_clean_builds_over_clean_en']:.1%} timed after them")
        if "basic_nothing_changed_over_clean_en" in ratios:
            print(f"  N={r['briefs']}: a rebuild with nothing changed takes {ratios['nothing_changed_over_clean_en']:.1%}"
                  f" of a clean build; on the basic-theme baseline, {ratios['basic_nothing_changed_over_clean_en']:.1%}")
        print(f"  N={r['briefs']}: the start-up floor ({floor_seconds} s: nothing changed in {floor['briefs']} briefs)"
              f" is {floor_seconds / clean_en:.1%} of a clean English build")
    print(f"JSON: {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
