"""The error contract, tested through the console entry point in-process: ``main(args)`` as
``neopat`` runs it, and a guard that fails a test when a simulation or a cluster starts."""

from __future__ import annotations

import contextlib
import io
import os
import sys
from collections.abc import Iterator

import pytest

from neopat.cli import main
from neopat.experiments.executor import DaskExecutor
from neopat.model import NeopatModel


class SimulationStarted(AssertionError):
    """A model was built, a cluster or a server started: bad input reached the compute."""


def _started(*_args, **_kwargs):
    raise SimulationStarted("a simulation, a cluster or a server started")


@contextlib.contextmanager
def no_simulation() -> Iterator[None]:
    """While active, building a model, starting a Dask cluster, exec'ing the dashboard server or
    running a benchmark raises :class:`SimulationStarted`."""
    from neopat.cli import bench

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(NeopatModel, "__init__", _started)
        mp.setattr(DaskExecutor, "__enter__", _started)
        mp.setattr(os, "execv", _started)
        mp.setattr(bench, "_benchmarks", _started)
        yield


def run_main(*args: str) -> tuple[int, str, str]:
    """``neopat ARGS`` in-process through the console entry point: (exit code, stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    argv = sys.argv
    sys.argv = ["neopat", *args]
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            main()
        code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    finally:
        sys.argv = argv
    return code, out.getvalue(), err.getvalue()


def refused(*args: str) -> str:
    """Run ``neopat ARGS`` expecting a refusal before any compute: exit code 2 and one line on
    stderr (``error: ...``, no traceback). Returns that line."""
    with no_simulation():
        code, _, err = run_main(*args)
    lines = err.strip().splitlines()
    assert code == 2, (args, code, err)
    assert len(lines) == 1 and lines[0].startswith("error: "), (args, err)
    assert "Traceback" not in err
    return lines[0]
