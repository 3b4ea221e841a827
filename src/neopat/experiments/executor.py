"""Run many model evaluations on Dask distributed: an embedded LocalCluster on loopback, or a
remote scheduler. Workers compute; results come back to the client, which alone writes."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from typing import Any

from neopat.errors import InputError

LOOPBACK = "127.0.0.1"


class DaskExecutor:
    """A Dask client for one command. ``workers`` worker processes (one thread each) on a
    LocalCluster bound to 127.0.0.1 (its HTTP/dashboard endpoint too, on a free port), or the
    scheduler at ``scheduler``.
    ``processes=False`` runs the workers as threads of this process (tests)."""

    def __init__(self, workers: int = 2, scheduler: str | None = None, *, processes: bool = True):
        if scheduler is None and workers < 1:
            raise InputError(f"needs at least one worker, got {workers}", where="--workers")
        self.workers, self.scheduler, self.processes = workers, scheduler, processes
        self.cluster = self.client = None

    def __enter__(self) -> DaskExecutor:
        from dask.distributed import Client, LocalCluster

        if self.scheduler:
            try:
                self.client = Client(self.scheduler, timeout="10s")
            except (OSError, TimeoutError, ValueError) as exc:
                raise InputError(f"cannot reach the Dask scheduler: {exc}",
                                 where=f"--scheduler {self.scheduler}") from exc
        else:
            self.cluster = LocalCluster(
                n_workers=self.workers, threads_per_worker=1, processes=self.processes,
                host=LOOPBACK, protocol="tcp://", dashboard_address=f"{LOOPBACK}:0",
                silence_logs=logging.ERROR)
            self.client = Client(self.cluster)
        return self

    def __exit__(self, *exc: object) -> None:
        if self.client is not None:
            self.client.close()
        if self.cluster is not None:
            self.cluster.close()

    def map(self, fn: Callable[..., Any], calls: Sequence[tuple], on_done: Callable[[int, Any], None]
            ) -> None:
        """Call ``fn(*args)`` for each tuple in ``calls`` on the workers; ``on_done(index,
        result)`` runs in this process as each finishes (in completion order)."""
        from dask.distributed import as_completed

        futures = {self.client.submit(fn, *args, pure=False): i for i, args in enumerate(calls)}
        for future in as_completed(futures):
            on_done(futures[future], future.result())
            future.release()
