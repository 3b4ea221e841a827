"""Dask distributed as a ``concurrent.futures.Executor`` for :func:`neopat.experiments.runner.run`:
an embedded LocalCluster on loopback, or a remote scheduler. Workers compute; results come back
to the client, which alone writes.

The local cluster speaks TLS with credentials made for this command alone
(``distributed.Security.temporary()``): other local processes cannot submit tasks to it or read
its results. A remote ``scheduler`` must be trusted: results arrive pickled, and unpickling runs
code the scheduler's workers choose."""

from __future__ import annotations

import logging
from concurrent.futures import Executor

from neopat.errors import InputError

LOOPBACK = "127.0.0.1"
# Dask settings of the local cluster (measured with `python -m benchmarks --only ensemble`):
# without them a run costs its worker about twice the CPU it costs in process.
LOCAL_CONFIG = {
    # Dask's workers trim freed memory back to the system past 64 KiB, which suits
    # memory-bound dataframes; the model's many short-lived arrays then pay page faults
    "distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": None,  # None: not set
    # the statistical profiler samples every worker thread's stack every 10 ms
    "distributed.worker.profile.enabled": False,
}


class DaskExecutor:
    """A Dask client for one command, entered as a context manager that gives its
    ``concurrent.futures`` executor (``Client.get_executor``). ``workers`` worker processes (one
    thread each) on a LocalCluster bound to 127.0.0.1 (its HTTP/dashboard endpoint too, on a
    free port) with TLS and temporary credentials, or the (trusted) scheduler at ``scheduler``.
    ``processes=False`` runs the workers as threads of this process (tests)."""

    def __init__(self, workers: int = 2, scheduler: str | None = None, *, processes: bool = True):
        if scheduler is None and workers < 1:
            raise InputError(f"needs at least one worker, got {workers}", where="--workers")
        self.workers, self.scheduler, self.processes = workers, scheduler, processes
        self.cluster = self.client = self.config = None

    def __enter__(self) -> Executor:
        from dask.distributed import Client, LocalCluster
        from distributed import Security

        if self.scheduler:
            try:
                self.client = Client(self.scheduler, timeout="10s")
            except (OSError, TimeoutError, ValueError, TypeError) as exc:
                raise InputError(f"cannot reach the Dask scheduler: {exc}",
                                 where=f"--scheduler {self.scheduler}") from exc
        else:
            import dask

            security = Security.temporary()
            self.config = dask.config.set(LOCAL_CONFIG)
            self.cluster = LocalCluster(
                n_workers=self.workers, threads_per_worker=1, processes=self.processes,
                host=LOOPBACK, protocol="tls://", security=security,
                dashboard_address=f"{LOOPBACK}:0", silence_logs=logging.CRITICAL)
            self.client = Client(self.cluster, security=security)
        return self.client.get_executor(pure=False)

    def __exit__(self, *exc: object) -> None:
        if self.client is not None:
            self.client.close()
        if self.cluster is not None:
            self.cluster.close()
        if self.config is not None:
            self.config.__exit__(None, None, None)
