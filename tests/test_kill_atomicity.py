"""Loading one file is atomic: a real process killed mid-load leaves no partial rows, and the next
run converges to the state of an uninterrupted run."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from pipelines.benchmark import MAPPING, generate

ROWS = 300_000
CHILD = """
import sys
from pathlib import Path
from pipelines.core.ingest import ingest_company
from pipelines.core.settings import Settings
from pipelines.core.warehouse import create_schema, load_reference, open_warehouse, reference_codes
from pipelines.core.workspace import load_workspace
home, root = Path(sys.argv[1]), Path(sys.argv[2])
settings = Settings(home=home, workspace=root, memory_limit="1GB")
ws = load_workspace(root, reference_codes())
with open_warehouse(settings) as con:
    create_schema(con)
    load_reference(con, ws)
    print("loading", flush=True)
    results = ingest_company(con, ws, "benchsag", settings)
print("done", [r.status for r in results], flush=True)
"""


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("kill_ws")
    (root / "companies/benchsag").mkdir(parents=True)
    (root / "companies/benchsag/mapping.yaml").write_text(MAPPING, encoding="utf-8")
    generate(root / "inbox/benchsag/utlev_2025.csv", ROWS)
    return root


def run(home: Path, workspace: Path, kill_after: float | None = None) -> str:
    proc = subprocess.Popen([sys.executable, "-c", CHILD, str(home), str(workspace)], stdout=subprocess.PIPE,
                            text=True, cwd=Path(__file__).parents[1])
    assert proc.stdout.readline().strip() == "loading"
    if kill_after is None:
        out = proc.communicate(timeout=120)[0]
        assert proc.returncode == 0
        return out
    time.sleep(kill_after)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    return "killed" if proc.returncode == -signal.SIGKILL else "finished before the kill"


def state(home: Path) -> tuple:
    con = duckdb.connect(str(home / "warehouse.duckdb"))  # read-write: replays the WAL like the next run would
    try:
        return (
            con.execute("SELECT count(*), round(sum(dry_t), 6), count(DISTINCT source_row) FROM shipments").fetchone(),
            con.execute("SELECT file_name, status, rows_read, rows_loaded FROM ingest_files").fetchall(),
            con.execute("SELECT count(*) FROM quarantine_rows").fetchone(),
        )
    finally:
        con.close()


def test_killed_load_leaves_nothing_and_the_rerun_converges(workspace: Path, tmp_path: Path) -> None:
    reference = tmp_path / "uninterrupted"
    run(reference, workspace)
    expected = state(reference)
    assert expected[0][0] == ROWS and expected[1] == [("utlev_2025.csv", "loaded", ROWS, ROWS)]
    killed = 0
    for delay in (0.05, 0.2, 0.35, 0.5, 0.7):
        home = tmp_path / f"killed_{delay}"
        if run(home, workspace, kill_after=delay) != "killed":
            continue
        killed += 1
        after_kill = state(home)
        # either nothing of the file is there, or all of it (the kill came after the commit)
        assert after_kill in [((0, None, 0), [], (0,)), expected], after_kill
        run(home, workspace)
        assert state(home) == expected
    assert killed >= 2, "the load finished before every kill; use a bigger file"
