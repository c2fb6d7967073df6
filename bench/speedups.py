"""``make bench-speedups``: what each module of ``briefs.speedups`` saves.

    python bench/speedups.py [--count 1000] [--rounds 2] [--only gc,myst] [--work DIR] [--json FILE]

On a synthetic collection of N briefs (bench/collection.py), clean builds of
each language (-j 1, from nothing, as in ``make bench``): with each module
turned off alone (``-D briefs_speedups_disabled=NAME``) and with no speedup
(``-D extensions=myst_parser,briefs``), each right beside a build with every
speedup, the two in the other order every other round.  This machine's
speed drifts by a third within minutes; two builds side by side in time see
the same machine, so a configuration's gain is the median, over the rounds,
of each pair's ratio: the time its absence adds, as a share of the build
with every speedup (wall time; CPU time beside).  A module that gains less
than 3% in both languages has to go (README, "The speed layer").
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "ext"))

import collection  # noqa: E402
from briefs.speedups import MODULES  # noqa: E402
from run import WORK, Build, build, uncompile_catalogs  # noqa: E402

LANGUAGES = ("en", "zh_TW")
#: The share of a clean build a speedup must save, in one language at least, to stay.
THRESHOLD = 0.03


def configurations(only: list[str]) -> dict[str, list[str]]:
    """Name -> the sphinx-build options of that configuration (each is paired with "all")."""
    found = {f"-{name}": ["-D", f"briefs_speedups_disabled={name}"] for name in only}
    found["none"] = ["-D", "extensions=myst_parser,briefs"]
    return found


def clean_build(project: Path, out: Path, language: str, options: list[str]) -> Build:
    shutil.rmtree(out, ignore_errors=True)
    uncompile_catalogs(project)
    return build(project, language, out, *options)


def measure(project: Path, out: Path, rounds: int, only: list[str]) -> dict[str, dict[str, list[tuple[Build, Build]]]]:
    """Name -> language -> (build without it, build with every speedup beside it), one pair a round."""
    configs = configurations(only)
    pairs: dict[str, dict[str, list[tuple[Build, Build]]]] = {name: {lang: [] for lang in LANGUAGES} for name in configs}
    for number in range(rounds):
        for name, options in configs.items():
            for language in LANGUAGES:
                if number % 2 == 0:
                    without, every = clean_build(project, out, language, options), clean_build(project, out, language, [])
                else:
                    every, without = clean_build(project, out, language, []), clean_build(project, out, language, options)
                pairs[name][language].append((without, every))
                print(f"  round {number + 1}: {name:>14} {language:5} {without.seconds:7.2f} s beside "
                      f"{every.seconds:7.2f} s ({without.seconds / every.seconds - 1:+.1%})", flush=True)
    return pairs


def summary(pairs: dict[str, dict[str, list[tuple[Build, Build]]]]) -> dict:
    rows = {}
    for name, by_language in pairs.items():
        row: dict = {}
        for language, samples in by_language.items():
            row[language] = {
                "seconds": round(statistics.median(w.seconds for w, _ in samples), 2),
                "beside_seconds": round(statistics.median(e.seconds for _, e in samples), 2),
                "samples": [[w.seconds, e.seconds] for w, e in samples],
                "cpu_samples": [[w.cpu_seconds, e.cpu_seconds] for w, e in samples],
                "gain": round(statistics.median(w.seconds / e.seconds - 1 for w, e in samples), 4),
                "cpu_gain": round(statistics.median(w.cpu_seconds / e.cpu_seconds - 1 for w, e in samples), 4),
            }
        if name.startswith("-"):
            row["earns_its_place"] = any(row[lang]["gain"] >= THRESHOLD for lang in LANGUAGES)
        rows[name] = row
    return rows


def table(rows: dict) -> str:
    lines = ["| without | en s (every speedup s) | en gain | en CPU gain "
             "| zh_TW s (every speedup s) | zh_TW gain | zh_TW CPU gain | >= 3% |",
             "|---|---:|---:|---:|---:|---:|---:|---|"]
    for name, row in rows.items():
        en, zh = row["en"], row["zh_TW"]
        verdict = {True: "yes", False: "**no**"}.get(row.get("earns_its_place"), "")
        label = "(briefs.speedups off)" if name == "none" else name[1:]
        lines.append(f"| {label} | {en['seconds']:.2f} ({en['beside_seconds']:.2f}) | {en['gain']:+.1%} | "
                     f"{en['cpu_gain']:+.1%} | {zh['seconds']:.2f} ({zh['beside_seconds']:.2f}) | {zh['gain']:+.1%} | "
                     f"{zh['cpu_gain']:+.1%} | {verdict} |")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description="Measure each speedup's gain on clean builds.")
    parser.add_argument("--count", type=int, default=1000, help="briefs in the collection (default 1000)")
    parser.add_argument("--rounds", type=int, default=2, help="pairs of builds per configuration and language")
    parser.add_argument("--only", default=",".join(MODULES), help="the modules to turn off one by one")
    parser.add_argument("--work", type=Path, default=WORK)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    only = [name for name in args.only.split(",") if name]
    project = args.work / f"speedups-n{args.count}"
    if not (project / "conf.py").is_file():
        collection.make(project, args.count)
    rows = summary(measure(project, args.work / f"speedups-n{args.count}-out", args.rounds, only))
    print(table(rows))
    json_path = args.json or args.work / "speedups.json"
    json_path.parent.mkdir(parents=True, exist_ok=True)
    json_path.write_text(json.dumps({"briefs": args.count, "rounds": args.rounds, "threshold": THRESHOLD,
                                     "configurations": rows}, indent=1) + "\n")
    print(f"JSON: {json_path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
