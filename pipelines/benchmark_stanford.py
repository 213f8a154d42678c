"""StanForD benchmark: reading big harvester and forwarder files against a bare streaming XML parse.

    python -m pipelines.benchmark_stanford [--mb 50] [--repeats 3] [--write-docs]

Machine files can be tens of MB. From the real NIBIO samples in tests/fixtures/stanford2010 it writes
a forwarder file and a harvester file of about `--mb` MB each (the samples' <Load> and <Stem> elements
repeated under new keys), then, each in a fresh child process so peak memory is per step:
  (a) baseline: `xml.etree.ElementTree.iterparse` over the file, clearing each element — the least a
      streaming reader of that XML can cost in Python;
  (b) sidestream: what ingestion does with the file — `fpr_table` (one row per partial load), or
      `hpr_table` plus the harvest plots from the stem coordinates (two passes).
It reports the times, the ratio b/a and each process's peak resident memory next to the file size.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from pathlib import Path

from pipelines.benchmark import _median, _peak_mb, _write_docs
from pipelines.core.settings import REPO_ROOT, Settings

SAMPLES = REPO_ROOT / "tests" / "fixtures" / "stanford2010"
KINDS = {  # kind -> (sample, repeated element, its key element)
    "fpr": (SAMPLES / "FPR_V0301_PonsseOpti4G_04761.fpr", "Load", "LoadKey"),
    "hpr": (SAMPLES / "HPR_V0300_TimberMaticH_020125_20210211.hpr", "Stem", "StemKey"),
}


def make_big(kind: str, target_mb: float, out: Path) -> None:
    """Repeat the sample's elements under fresh keys until the file reaches about target_mb."""
    sample, element, key = KINDS[kind]
    text = sample.read_text(encoding="utf-8-sig")
    start, end = text.index(f"<{element}>"), text.rindex(f"</{element}>") + len(f"</{element}>")
    head, block, tail = text[:start], text[start:end], text[end:]
    copies = max(1, int(target_mb * 1e6 / len(block.encode())))
    pattern = re.compile(rf"<({key}|PartialLoadKey)>(\d+)</\1>")
    with out.open("w", encoding="utf-8") as f:
        f.write(head)
        for i in range(copies):
            offset = i * 10_000_000
            f.write(pattern.sub(lambda m, o=offset: f"<{m[1]}>{int(m[2]) + o}</{m[1]}>", block))
        f.write(tail)


def run_step(step: str, path: Path) -> dict:
    from pipelines.core.stanford import fpr_table, hpr_table, plots, read_hpr

    started = time.perf_counter()
    if step == "xml":
        rows = sum(1 for _, el in ET.iterparse(path, events=("end",)) if el.clear() is None)  # clear each
    elif step == "fpr":
        rows = fpr_table(path).num_rows
    else:
        rows = hpr_table(path).num_rows + len(plots(read_hpr(path)))
    return {"seconds": time.perf_counter() - started, "rows": rows}


def _child(step: str, path: Path) -> dict:
    cmd = [sys.executable, "-m", "pipelines.benchmark_stanford", "--step", step, "--file", str(path)]
    proc = subprocess.run(cmd, stdout=subprocess.PIPE, cwd=REPO_ROOT, check=False)
    if proc.returncode:
        raise SystemExit(f"benchmark step {step} on {path.name} failed with exit code {proc.returncode}")
    return json.loads(proc.stdout.decode().strip().splitlines()[-1])


def measure(kind: str, target_mb: float, work: Path, repeats: int) -> dict:
    path = work / f"big.{kind}"
    make_big(kind, target_mb, path)
    runs = [(_child("xml", path), _child(kind, path)) for _ in range(repeats)]
    baseline, ours = _median([b for b, _ in runs]), _median([o for _, o in runs])
    return {"kind": kind, "file_mb": round(path.stat().st_size / 1e6, 1), "repeats": repeats,
            "baseline_s": round(baseline["seconds"], 2), "baseline_peak_mb": baseline["peak_mb"],
            "sidestream_s": round(ours["seconds"], 2), "sidestream_peak_mb": ours["peak_mb"],
            "rows": ours["rows"], "ratio": round(ours["seconds"] / baseline["seconds"], 2)}


def markdown(results: list[dict]) -> str:
    what = {"fpr": "forwarder → partial-load rows", "hpr": "harvester → production rows + plots"}
    lines = ["| file | MB | runs | (a) iterparse s | (a) peak MB | (b) sidestream s | (b) peak MB | rows out "
             "| ratio b/a |", "|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
    lines += [f"| {what[r['kind']]} | {r['file_mb']} | {r['repeats']} | {r['baseline_s']} | "
              f"{r['baseline_peak_mb']:.0f} | {r['sidestream_s']} | {r['sidestream_peak_mb']:.0f} | {r['rows']:,} "
              f"| **{r['ratio']}** |" for r in results]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mb", type=float, default=50, help="size of each generated file (default 50 MB)")
    parser.add_argument("--repeats", type=int, default=3, help="runs per step; the median is reported")
    parser.add_argument("--work", type=Path, help="scratch folder (default $SIDESTREAM_HOME/bench)")
    parser.add_argument("--write-docs", action="store_true", help="write the table into docs/benchmarks.md")
    parser.add_argument("--step", choices=["xml", "fpr", "hpr"], help=argparse.SUPPRESS)
    parser.add_argument("--file", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.step:
        print(json.dumps({**run_step(args.step, args.file), "peak_mb": _peak_mb()}))
        return 0
    work = (args.work or Settings.from_env().home / "bench").resolve()
    work.mkdir(parents=True, exist_ok=True)
    results = [measure(kind, args.mb, work, args.repeats) for kind in KINDS]
    table = markdown(results)
    print(table)
    if args.write_docs:
        _write_docs("stanford-benchmark", table)
    return 0


if __name__ == "__main__":
    sys.exit(main())
