"""``python -m benchmarks [--quick] [--only NAME ...] [--json]``: run the benchmarks, print the table."""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import sys
from importlib import import_module

from benchmarks.core import Row, markdown, print_table

BENCHMARKS = ("vote_vs_mesa", "election", "seats", "scenario", "ensemble")
ON_REQUEST = ("society",)  # run only with --only


def machine() -> str:
    return (f"{platform.machine()} {os.cpu_count()} cores, {platform.system()}, "
            f"Python {platform.python_version()}")


def run(names=BENCHMARKS, quick: bool = False, progress=None, ensemble_runs: int | None = None
        ) -> list[Row]:
    """Run the named benchmarks in order; ``progress(name)`` is called before each."""
    rows: list[Row] = []
    for name in names:
        if progress is not None:
            progress(name)
        extra = {"runs": ensemble_runs} if name == "ensemble" and ensemble_runs else {}
        rows.extend(import_module(f"benchmarks.{name}").run(quick=quick, **extra))
    return rows


def report(rows: list[Row], quick: bool, as_json: bool, as_markdown: bool = False) -> int:
    """Print the rows (Rich table, JSON or Markdown); exit status 1 if a ratio goal fails."""
    if as_markdown:
        print(f"Machine: {machine()}{' (quick)' if quick else ''}\n")
        print(markdown([r.as_dict() for r in rows]))
    elif as_json:
        finite = [{k: None if isinstance(v, float) and not math.isfinite(v) else v
                   for k, v in r.as_dict().items()} for r in rows]  # JSON has no NaN or Infinity
        print(json.dumps({"machine": machine(), "quick": quick, "rows": finite}, indent=2,
                         ensure_ascii=False, allow_nan=False))
    else:
        print_table(rows, f"neopat benchmarks{' (quick)' if quick else ''} — {machine()}")
    return 1 if any(r.status == "FAIL" for r in rows) else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="tiny sizes (proves the benchmarks run)")
    parser.add_argument("--only", action="append", choices=BENCHMARKS + ON_REQUEST,
                        help="run only this one (repeatable)")
    parser.add_argument("--json", action="store_true", help="print the rows as JSON")
    parser.add_argument("--markdown", action="store_true", help="print a Markdown table")
    parser.add_argument("--runs", "--ensemble-runs", dest="ensemble_runs", type=int,
                        default=None, help="runs in the ensemble benchmark (default 1000)")
    args = parser.parse_args(argv)
    rows = run(args.only or BENCHMARKS, args.quick, ensemble_runs=args.ensemble_runs,
               progress=lambda n: print(f"running {n} ...", file=sys.stderr))
    return report(rows, args.quick, args.json, args.markdown)


if __name__ == "__main__":
    sys.exit(main())
