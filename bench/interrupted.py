"""What an interrupted build costs the next one, and whether it heals (issue 29).

    python bench/interrupted.py [--count 1000] [--kill-at 2 9 14] [--work DIR] [--json FILE]

A synthetic collection of ``--count`` briefs is built clean, both languages
side by side (as ``make html`` builds them); then, for each ``--kill-at``
second, the same build is started afresh, its process group killed with
SIGKILL at that second, and built again.  Each line reports the pages the
dead build had written, the rebuild's seconds and exit codes, and how many
files differ from the clean build (the target: 0, at no more than a clean
build's time).
"""

from __future__ import annotations

import argparse
import filecmp
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import collection

LANGUAGES = ("en", "zh_TW")


def commands(project: Path, out: Path) -> list[list[str]]:
    return [[sys.executable, "-m", "sphinx", "-q", "-W", "--keep-going", "-b", "html", "-D", f"language={language}",
             "-c", str(project), "-d", str(out / "doctrees" / language), str(project / "source"),
             str(out / "html" / language)] for language in LANGUAGES]


def build(project: Path, out: Path, kill_at: float | None = None) -> tuple[float, list[int]]:
    """Both languages side by side; killed (the process groups) after ``kill_at`` seconds."""
    start = time.monotonic()
    processes = [subprocess.Popen(c, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
                 for c in commands(project, out)]
    while kill_at is not None and time.monotonic() - start < kill_at and any(p.poll() is None for p in processes):
        time.sleep(0.01)
    for process in processes if kill_at is not None else ():
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
    codes = [process.wait() for process in processes]
    return time.monotonic() - start, codes


def differing(expected: Path, actual: Path) -> list[str]:
    """Files that are not the same, byte for byte (``.buildinfo`` aside: it names the doctree path)."""
    found = []
    for path in sorted(expected.rglob("*")):
        if path.is_file() and path.name != ".buildinfo":
            other = actual / path.relative_to(expected)
            if not other.is_file() or not filecmp.cmp(path, other, shallow=False):
                found.append(str(path.relative_to(expected)))
    extra = {p.relative_to(actual) for p in actual.rglob("*") if p.is_file()} - \
            {p.relative_to(expected) for p in expected.rglob("*") if p.is_file()}
    return found + sorted(str(p) for p in extra)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--kill-at", type=float, nargs="+", default=[2.0, 9.0, 14.0])
    parser.add_argument("--work", type=Path, default=Path("_build/bench/interrupted"))
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    args.work = args.work.resolve()
    project = args.work / "project"
    collection.make(project, args.count)
    clean_out = args.work / "clean"
    shutil.rmtree(clean_out, ignore_errors=True)
    clean_seconds, codes = build(project, clean_out)
    assert codes == [0, 0], f"the clean build failed: {codes}"
    print(f"{args.count} briefs, both languages side by side: clean build {clean_seconds:.1f} s")
    rows = []
    for kill_at in args.kill_at:
        out = args.work / "killed"
        shutil.rmtree(out, ignore_errors=True)
        build(project, out, kill_at)
        written = sum(1 for _ in (out / "html").rglob("*.html")) if (out / "html").exists() else 0
        seconds, codes = build(project, out)
        differ = differing(clean_out / "html", out / "html")
        rows.append({"kill_at": kill_at, "pages_written": written, "rebuild_seconds": round(seconds, 1),
                     "exit_codes": codes, "differing_files": len(differ)})
        print(f"killed at {kill_at:4.1f} s ({written:5} pages written): rebuilt in {seconds:5.1f} s "
              f"({seconds / clean_seconds:.2f} of a clean build), exit {codes}, {len(differ)} files differ"
              + (f": {', '.join(differ[:3])}" if differ else ""))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps({"count": args.count, "clean_seconds": round(clean_seconds, 1),
                                         "runs": rows}, indent=1) + "\n", encoding="utf-8")
    healed = all(r["exit_codes"] == [0, 0] and r["differing_files"] == 0 for r in rows)
    print("target: every rebuild exits 0 and equals the clean build: " + ("met" if healed else "MISSED"))
    return 0 if healed else 1


if __name__ == "__main__":
    sys.exit(main())
