"""Benchmark: digests imported per second (issue target: at least 500).

    python bench/import_speed.py [--count N] [--runs R] [--json FILE]

Each run imports N synthetic digests (bench/synthetic.py) into a fresh
empty collection, in one process, writing pages, catalogs and the glossary.
Prints the median over the runs.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

import synthetic  # noqa: E402
from briefs.importer import import_files  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    # Inside the repository's _build/: the disk a real import writes to.
    scratch = Path(__file__).resolve().parent.parent / "_build" / "bench"
    scratch.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=scratch) as tmp:
        inputs = synthetic.write_digests(Path(tmp) / "digests", args.count)
        # One untimed run first, and no deletions until the end: on this
        # machine's disk (ext4, mounted with discard) freshly deleted or never
        # used space makes file creation 10x slower for a while, which is the
        # disk, not the importer.
        warm = Path(tmp) / "warm-up"
        (warm / "source").mkdir(parents=True)
        (warm / "glossary.yaml").write_text(synthetic.glossary_yaml(), encoding="utf-8")
        import_files(inputs, warm)
        seconds, dry = [], []
        for run in range(args.runs):
            root = Path(tmp) / f"dry-{run}"
            (root / "source").mkdir(parents=True)
            (root / "glossary.yaml").write_text(synthetic.glossary_yaml(), encoding="utf-8")
            os.sync()  # start each run on a quiet disk, not during the last one's flush
            start = time.perf_counter()
            import_files(inputs, root, dry_run=True)
            dry.append(time.perf_counter() - start)
        for run in range(args.runs):
            root = Path(tmp) / f"collection-{run}"
            (root / "source").mkdir(parents=True)
            (root / "glossary.yaml").write_text(synthetic.glossary_yaml(), encoding="utf-8")
            os.sync()
            start = time.perf_counter()
            results = import_files(inputs, root)
            seconds.append(time.perf_counter() - start)
            failed = [r.error for r in results if r.status != "imported"]
            if failed:
                print("\n".join(failed[:5]), file=sys.stderr)
                return 1
    median, median_dry = statistics.median(seconds), statistics.median(dry)
    report = {"digests": args.count, "runs": args.runs, "median_seconds": round(median, 3),
              "digests_per_second": round(args.count / median, 1),
              "dry_run_median_seconds": round(median_dry, 3),
              "dry_run_digests_per_second": round(args.count / median_dry, 1), "target_per_second": 500}
    print(f"imported {args.count} digests: median {median:.3f} s over {args.runs} runs "
          f"= {report['digests_per_second']} digests/s (target >= 500)")
    print(f"  without writing (--dry-run: read, parse, align, render, check): median {median_dry:.3f} s "
          f"= {report['dry_run_digests_per_second']} digests/s")
    if args.json:
        args.json.write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
