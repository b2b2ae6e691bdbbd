"""The Dask engine (an I/O edge): batches of documents analysed on a dask.distributed cluster.

The client keeps the edges of the local engine: the readers read where the files are, and the single
writer stores every batch (`pipeline.ingest_documents`). Workers run only `analyse_guarded`, the
function the local engine runs, and send back plain records. A worker loads the spaCy pipeline
once, for its first batch: `load_pipeline` is cached per process.

Batches are written in input order, not as they finish: the writer keeps an actor's first-seen name
and spellings, so in finishing order the store would depend on which worker was quicker.
"""

from __future__ import annotations

import gc
import logging
from collections import deque
from collections.abc import Iterator
from contextlib import contextmanager
from itertools import chain

from dossier.errors import DossierError, MissingDependency
from dossier.pipeline import analyse_guarded
from dossier.records import Analysis, Document, Outcome
from dossier.settings import Settings

try:
    import dask
    from distributed import Client, Future, LocalCluster
    from distributed.comm.addressing import get_address_host_port
except ImportError as error:  # an optional extra
    raise MissingDependency("engine dask needs dask.distributed: pip install 'dossier[dask]'") from error

LOGGER = logging.getLogger(__name__)

# A worker samples its own stack every 10 ms by default, for the dashboard's profile: it takes the
# GIL from the parse, and on two cores it cost the Dask engine about 6% of its time against
# `--workers 2` (measured with and without, alternating). A nanny also starts its worker with
# MALLOC_TRIM_THRESHOLD_=65536, so that glibc hands freed memory back to the system at once: the parse
# frees and allocates its arrays batch after batch, and every page handed back faults in again (ten
# times the page faults, 12% more CPU time in all, on the bench corpus). None unsets it. Set both so
# on a real cluster's workers too (README, "On a Dask cluster").
WORKER_CONFIG = {"distributed.worker.profile.enabled": False,
                 "distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": None}
IN_FLIGHT_PER_THREAD = 2  # batches sent ahead per worker thread: no worker waits, memory stays flat
JOIN_SECONDS = 60  # how long a scheduler may be without workers before the run gives up


def analysed_batches(batches: Iterator[list[Document]], settings: Settings
                     ) -> Iterator[list[Analysis | Outcome]]:
    """Batches of `analyse_guarded` results in input order, each analysed on a worker of the
    cluster at `settings.scheduler` (or of a local cluster of `settings.workers` processes).
    A run with nothing new to analyse starts no cluster."""
    first = next(batches, None)
    if first is None:
        return
    with _client(settings) as client:
        pending: deque[Future] = deque()
        for batch in chain([first], batches):
            pending.append(client.submit(analyse_guarded, batch, settings, pure=False))
            if len(pending) >= _in_flight(client):
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()


def local_cluster(workers: int) -> LocalCluster:
    """A cluster on this machine: `workers` processes of one thread each, everything listening on
    localhost only, no dashboard, the scheduler's HTTP server on a free port (two runs never
    contend for Dask's 8787), and workers without the statistical profiler or the memory trimming
    their nannies ask of glibc (`WORKER_CONFIG`)."""
    with dask.config.set(WORKER_CONFIG):  # the nannies hand the config of their making to their workers
        return LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None,
                            scheduler_kwargs={"dashboard_address": "127.0.0.1:0"})


@contextmanager
def _client(settings: Settings) -> Iterator[Client]:
    """A client of the scheduler named in the settings, or of a local cluster made for this run."""
    if not settings.scheduler:
        with local_cluster(settings.workers) as cluster, Client(cluster) as client:
            yield client
        return
    try:
        get_address_host_port(settings.scheduler)  # a malformed address makes no client at all
        client = Client(settings.scheduler)
    except (OSError, ValueError) as error:
        # A client that failed half-way is closed by its finaliser; let that run now, not when the
        # garbage collector happens to fire inside the next client's start, where distributed
        # deadlocks on its loop runner's lock (seen in the test suite on a loaded machine).
        gc.collect()
        raise DossierError(f"cannot reach the Dask scheduler at {settings.scheduler}: {error}") from error
    with client:
        try:
            client.wait_for_workers(1, timeout=JOIN_SECONDS)
        except TimeoutError as error:
            raise DossierError(f"no Dask worker joined the scheduler at {settings.scheduler} within "
                               f"{JOIN_SECONDS} s; start some with `dask worker {settings.scheduler} "
                               f"--nthreads 1`") from error
        threaded = sorted(address for address, n in client.nthreads().items() if n > 1)
        if threaded:
            LOGGER.warning("Dask workers %s run several threads: they share one spaCy pipeline and "
                           "the GIL, so start workers with --nthreads 1 instead",
                           ", ".join(threaded))
        yield client


def _in_flight(client: Client) -> int:
    """Batches to keep sent ahead, asked each time: workers may join or leave during a run."""
    return IN_FLIGHT_PER_THREAD * max(1, sum(client.nthreads().values()))
