"""CLI: `python -m pipelines.demo --out data/demo [--seed N] [--start YYYY-MM] [--months N] [--replicas N]`."""

from __future__ import annotations

import argparse
from pathlib import Path

from pipelines.demo.generate import generate


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(prog="python -m pipelines.demo", description=__doc__)
    p.add_argument("--out", type=Path, required=True, help="workspace folder to (re)write")
    p.add_argument("--seed", type=int, default=2026)
    p.add_argument("--start", default="2024-11", help="first month, YYYY-MM")
    p.add_argument("--months", type=int, default=24)
    p.add_argument("--replicas", type=int, default=1, help="clones of the cluster, for scale data")
    args = p.parse_args(argv)
    print(generate(args.out, seed=args.seed, start=args.start, months=args.months, replicas=args.replicas))


if __name__ == "__main__":
    main()
