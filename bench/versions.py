"""``make bench-versions``: what ``briefs versions`` costs, and what its cache saves.

    python bench/versions.py [--count 100] [--formats html] [--work DIR] [--json FILE]

A synthetic collection of N briefs (bench/collection.py), with the project's
extension and scripts, committed in a scratch git repository with three
editions: v2026.01, v2026.02 (one page changed) and main (changed again).
Three runs of ``briefs versions``, one each: from nothing (every edition,
every language), again with nothing changed, and after one more commit to
main.  The last should cost about one edition: a third of the first.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "ext"))
sys.path.insert(0, str(HERE.parent / "tests"))

import collection  # noqa: E402
import versioned  # noqa: E402
from run import WORK  # noqa: E402


def scratch_repository(root: Path, count: int) -> Path:
    collection.make(root, count)
    for name in versioned.project_files():
        if name.startswith(("ext/", "scripts/")):
            (root / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(versioned.REPO / name, root / name)
    (root / ".gitignore").write_text("_build/\n*.mo\n__pycache__/\n", encoding="utf-8")
    versioned.git(root, "init", "-q", "-b", "main")
    versioned.commit(root, "The collection", tag="v2026.01")
    change_main(root, "The second edition")
    versioned.git(root, "tag", "-a", "v2026.02", "-m", "Edition v2026.02")
    change_main(root, "Main moves on")
    return root


def change_main(root: Path, message: str) -> None:
    index = root / "source" / "index.md"
    index.write_text(index.read_text(encoding="utf-8") + f"\n{message}.\n", encoding="utf-8")
    versioned.commit(root, message)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=100)
    parser.add_argument("--formats", default="html")
    parser.add_argument("--work", type=Path, default=WORK / "versions")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    shutil.rmtree(args.work, ignore_errors=True)
    repo = scratch_repository(args.work / "repo", args.count)
    runs = {}

    def run(name: str) -> None:
        start = time.perf_counter()
        result = versioned.versions(repo, "--formats", args.formats)
        seconds = time.perf_counter() - start
        if result.returncode != 0:
            sys.exit(f"bench-versions: {name} failed:\n{result.stdout}{result.stderr}")
        runs[name] = {"seconds": round(seconds, 2), "summary": result.stdout.strip().splitlines()[-1].split(";")[0]}
        print(f"{name:22} {seconds:7.1f} s   {runs[name]['summary']}", flush=True)

    print(f"briefs versions: {args.count} briefs, 3 editions x 2 languages, formats {args.formats}")
    run("from nothing")
    run("nothing changed")
    change_main(repo, "One more commit")
    run("one commit to main")
    ratio = runs["one commit to main"]["seconds"] / runs["from nothing"]["seconds"]
    print(f"one commit to main / from nothing: {ratio:.2f} (one edition of three: 0.33)")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps({"count": args.count, "formats": args.formats, "runs": runs,
                                         "ratio": round(ratio, 3)}, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
