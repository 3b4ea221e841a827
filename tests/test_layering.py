"""The package's layering: the import-linter contracts of pyproject.toml hold, and no import
cycle exists outside ``TYPE_CHECKING`` blocks (function-level imports count)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import grimp
import networkx as nx

ROOT = Path(__file__).resolve().parents[1]


def test_import_linter_contracts_hold():
    lint = Path(sys.executable).with_name("lint-imports")
    done = subprocess.run([str(lint), "--no-cache"], cwd=ROOT, capture_output=True, text=True,
                          check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "0 broken" in done.stdout


def test_no_import_cycles():
    graph = grimp.build_graph("neopat", exclude_type_checking_imports=True, cache_dir=None)
    edges = nx.DiGraph()
    for module in graph.modules:
        for imported in graph.find_modules_directly_imported_by(module):
            edges.add_edge(module, imported)
    cycles = [sorted(c) for c in nx.strongly_connected_components(edges) if len(c) > 1]
    assert not cycles, cycles


def test_tiers_are_packages():
    model = ROOT / "src" / "neopat" / "model"
    for tier in ("informal", "formal", "electorate"):
        assert (model / tier / "__init__.py").is_file(), tier
    assert sorted(p.name for p in model.glob("*.py")) == [
        "__init__.py", "agents.py", "events.py", "indicators.py", "model.py", "population.py",
        "schedule.py"]
