"""A distributed executor on Dask (``dask.distributed``), behind build's executor interface.

``DaskExecutor(...).run(func, tasks)`` yields ``(task, result)`` as tasks complete, like
:class:`generator.build.ProcessExecutor`, so ``build`` keeps its manifest, its skipping and its
resumption unchanged: the manifest is kept by the build process (the Dask client) alone.

* **Content, not paths.**  For ``build_unit`` tasks the client reads the input, the files of
  its ``previous`` chain and every scheme folder (``--templates``, the build folder's schemes,
  the built-in templates) and ships them as bytes; a worker writes them into a temporary
  folder of its own and renders from there, so workers need no access to the input folder.
  The scheme folders are scattered once per build and materialised once per worker process
  (warm workers: they import the program once and render many units).  A worker running a
  different program (another version or code) refuses the unit: its output would not match
  the manifest's key.
* **Outputs.**  By default a worker returns the files it rendered and the build process writes
  them into ``--out`` atomically (all formats of a unit renamed together), so no shared storage
  is needed.  With ``shared_out=True`` (``--shared-out``) each worker writes into ``--out``
  itself, atomically (temporary file in the target folder, then rename), which assumes that
  ``--out`` is the same path on shared storage on every worker (NFS and the like: rename in
  one folder is atomic there).  See docs/scale.md.
* **Isolation.**  At most as many units are in flight as the cluster has threads, so a worker
  holds only the unit it runs; a worker that dies (killed, out of memory) loses only that unit,
  which fails with BUILD-WORKER (on a cluster this executor started the scheduler's
  ``allowed-failures`` is 0; a scheduler of one's own retries a unit on another worker up to its
  ``distributed.scheduler.allowed-failures`` before failing it).  A unit over ``timeout``
  seconds fails with BUILD-TIMEOUT and its worker is restarted.
"""

import copy
import hashlib
import os
import shutil
import tempfile
import threading
import time
from contextlib import ExitStack
from pathlib import Path

from generator.i18n import N_


class DaskUnavailable(Exception):
    """dask.distributed is missing, or the scheduler cannot be reached."""


DEFAULT_CONNECT_TIMEOUT = 30


#: What a build's workers should run with: no sampling profiler (it samples every thread's
#: stack every 10 ms and keeps the samples), the system monitor every 2 s instead of 0.5 s,
#: without disk counters, and the event loop's tick watch every 100 ms.  ``local_cluster`` sets
#: it; a cluster's ``dask worker`` processes take it from the environment (docs/scale.md).
WORKER_CONFIG = {"distributed.worker.profile.enabled": False, "distributed.admin.system-monitor.interval": "2s",
                 "distributed.admin.system-monitor.disk": False, "distributed.admin.tick.interval": "100ms"}


def local_cluster(workers=None, processes=True, threads=1, memory_limit=0):
    """A ``LocalCluster`` for a build: one thread per worker process (WeasyPrint is CPU-bound
    and holds the GIL), its HTTP server on a free port of 127.0.0.1 only (two builds on one
    machine do not meet on 8787), a unit whose worker dies fails at once, and the workers' own
    monitors quieter (``WORKER_CONFIG``: measured, 4 % more reports a minute and 13 MiB less
    per worker)."""
    import dask
    from dask.distributed import LocalCluster

    workers = workers or os.cpu_count() or 1
    with dask.config.set({"distributed.scheduler.allowed-failures": 0, **WORKER_CONFIG}):
        # the settings also go with each nanny (a whole config: a nanny merges it shallowly),
        # which hands them to every worker process it starts — also one that replaces a worker
        # that died, started when this block is long left
        own = {"config": copy.deepcopy(dask.config.config)} if processes else {}
        return LocalCluster(n_workers=workers, threads_per_worker=threads, processes=processes,
                            dashboard_address="127.0.0.1:0", memory_limit=memory_limit, silence_logs=40, **own)


class DaskExecutor:
    """Runs build tasks on a Dask cluster: ``address`` (``tcp://HOST:PORT``) of a running
    scheduler, else a ``client`` given, else a ``LocalCluster`` of ``workers`` processes
    started here (and closed by :meth:`shutdown`)."""

    def __init__(self, address=None, workers=None, timeout=None, shared_out=False, client=None,
                 processes=True):
        try:
            import distributed  # noqa: F401
        except ImportError as exc:
            raise DaskUnavailable(f"{exc} (pip install 'dask[distributed]')") from exc
        self.address, self.workers, self.processes = address, workers, processes
        self.timeout = timeout if timeout and timeout > 0 else None
        self.shared_out = shared_out
        self.client, self._own_client, self.cluster = client, False, None

    # -------------------------------------------------------------- connection

    def connect(self):
        from dask.distributed import Client

        if self.client is None:
            try:
                if self.address:
                    self.client = Client(self.address, timeout=DEFAULT_CONNECT_TIMEOUT)
                else:
                    self.cluster = local_cluster(self.workers, self.processes)
                    self.client = Client(self.cluster)
            except (OSError, TimeoutError) as exc:
                raise DaskUnavailable(str(exc)) from exc
            self._own_client = True
        self.client.wait_for_workers(1, timeout=DEFAULT_CONNECT_TIMEOUT)
        return self.client

    def slots(self):
        return max(1, sum(self.client.nthreads().values()))

    def shutdown(self):
        if self._own_client and self.client is not None:
            self.client.close()
            self.client = None
        if self.cluster is not None:
            self.cluster.close()
            self.cluster = None

    # -------------------------------------------------------------- running

    def run(self, func, tasks):
        from dask.distributed import as_completed

        from generator.build import build_unit, program_hash

        tasks = list(tasks)
        if not tasks:
            return
        client = self.connect()
        if func is build_unit:                      # ship contents; the worker renders from bytes
            bundle = scheme_bundle(tasks[0][3])
            # a list of one: a dict would be scattered value by value, under its keys as task keys
            [bundle_future] = client.scatter([bundle], broadcast=True, hash=False)
            program_hash.cache_clear()               # the program as it is now, on both sides
            program = program_hash()

            def submit(task):
                return client.submit(render_shipped, payload(task), bundle_future, program,
                                     self.shared_out, pure=False)

            finish = self._finish
        else:                                       # any other function: its tasks as they are
            def submit(task):
                return client.submit(func, *task, pure=False)

            def finish(task, value):
                return value
        queue = tasks[::-1]
        running = {}                                # future -> (task, started)
        pending = as_completed()

        def refill():
            slots = self.slots() if queue else 0
            while queue and len(running) < slots:
                task = queue.pop()
                future = submit(task)
                running[future] = (task, time.monotonic())
                pending.add(future)

        try:
            while queue or running:
                refill()
                done = [(future, running.pop(future)[0]) for future in self._ready(pending, running)]
                refill()                            # the freed workers start again before results are handled
                for future, task in done:
                    yield task, self._outcome(future, task, finish)
                for future, (task, started) in list(running.items()):
                    if self.timeout and time.monotonic() - started > self.timeout:
                        running.pop(future)
                        self._stop(future)
                        yield task, _failed(task, "BUILD-TIMEOUT",
                                            N_("stopped after {seconds} s: the time limit of one unit (--timeout)"),
                                            {"seconds": f"{self.timeout:g}"})
        finally:
            if running:                             # interrupted: nothing more is computed
                client.cancel(list(running))

    def _ready(self, pending, running):
        """The futures done now, waiting at most a second (so time limits are watched)."""
        end = time.monotonic() + 1.0
        done = []
        while not done and running and time.monotonic() < end:
            done = [f for f in pending.next_batch(block=False) if f in running]
            if not done:
                time.sleep(0.005)
        return done

    def _outcome(self, future, task, finish):
        from distributed import KilledWorker

        try:
            return finish(task, future.result())
        except KilledWorker:
            return _failed(task, "BUILD-WORKER", N_("a worker process died while rendering it"), {})
        except Exception as exc:                    # noqa: BLE001 - the task's failure, not the build's
            return _failed(task, "BUILD-WORKER", N_("the worker raised {error}"),
                           {"error": f"{type(exc).__name__}: {exc}"})

    def _stop(self, future):
        """Cancel a unit over its time limit and restart the worker running it (a thread cannot
        be stopped otherwise)."""
        try:
            worker = self.client.run_on_scheduler(_processing_on, future.key)
            self.client.cancel([future], force=True)
        except Exception:                           # noqa: BLE001 - the unit has failed anyway
            return
        if worker:                                  # its process ends at once; its nanny starts another
            threading.Thread(target=self._end_worker, args=(worker,), daemon=True).start()

    def _end_worker(self, worker):
        try:
            self.client.run(_exit_now, workers=[worker], on_error="ignore")
        except Exception:                           # noqa: BLE001 - the connection dies with it
            pass

    def _finish(self, task, value):
        """A shipped unit's result in the build's terms: paths of the build, files written."""
        from generator.oserrors import os_error_finding
        from generator.render import atomic_path

        result, files = value
        if files:
            target = Path(task[1])
            try:
                with ExitStack() as stack:          # every file of the unit renamed together
                    for name, data in files.items():
                        stack.enter_context(_write_atomic(atomic_path(target / name), data))
                result.outputs = [str(target / name) for name in files]
            except OSError as exc:
                finding = os_error_finding(exc, task[0])
                result.status, result.outputs = "failed", []
                result.findings.append(finding.line(task[4]))
                result.records.append(finding.as_dict(task[4]))
                result.errors += 1
        return result


class _write_atomic:
    """Enter ``atomic_path(...)`` and write ``data`` into its temporary file."""

    def __init__(self, context, data):
        self.context, self.data = context, data

    def __enter__(self):
        tmp = self.context.__enter__()
        tmp.write_bytes(self.data)
        return tmp

    def __exit__(self, *exc):
        return self.context.__exit__(*exc)


def _exit_now():
    os._exit(75)                                    # a worker thread cannot be stopped otherwise


def _processing_on(key, dask_scheduler=None):
    state = dask_scheduler.tasks.get(key)
    return state.processing_on.address if state is not None and state.processing_on is not None else None


def _failed(task, rule, message, params):
    from generator.build import _failed as failed

    return failed(task, rule, message, params)


# ------------------------------------------------------------------ what is shipped

def _folder_files(folder):
    folder = Path(folder)
    files = {}
    if not folder.is_dir():
        return files
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder)
        if path.is_file() and not any(part.startswith(".") or part == "__pycache__" for part in rel.parts):
            files[rel.as_posix()] = path.read_bytes()
    return files


def scheme_bundle(search):
    """Every scheme folder a build searches (its ``search`` then the built-in templates) as
    ``{"id": content hash, "folders": [{relative path: bytes}, ...], "digests": [content hash
    of each], "paths": [the client's paths]}``; the built-in templates are the last folder."""
    from generator.scheme import TEMPLATES_DIR

    paths = [str(folder) for folder in tuple(search) + (str(TEMPLATES_DIR),)]
    folders = [_folder_files(folder) for folder in paths]
    digests = [_files_digest(files) for files in folders]
    return {"id": hashlib.sha256("|".join(digests).encode()).hexdigest(), "folders": folders, "digests": digests,
            "paths": paths}


def _files_digest(files):
    digest = hashlib.sha256()
    for name, data in files.items():
        digest.update(name.encode() + b"\0" + hashlib.sha256(data).digest())
    return digest.hexdigest()


def _own_templates_digest():
    """This worker's built-in templates as they are now (read once per bundle it receives)."""
    from generator.scheme import TEMPLATES_DIR

    return _files_digest(_folder_files(TEMPLATES_DIR))


def payload(task):
    """One unit as data: its input and the files of its previous chain, relative to the build
    folder, with the formats and language (``task`` as build makes it)."""
    from generator.previous import chain_paths

    input_path, target, formats, _search, lang, root = task[:6]
    base = Path(root).resolve()
    source = Path(input_path).resolve()
    rel = source.relative_to(base).as_posix()
    files = {rel: source.read_bytes()}
    try:
        chain = chain_paths(input_path, root)
    except Exception:                               # noqa: BLE001 - check reports a broken link itself
        chain = []
    for path in chain:
        try:
            files[Path(path).resolve().relative_to(base).as_posix()] = Path(path).read_bytes()
        except (OSError, ValueError):
            pass
    return {"input": rel, "files": files, "formats": tuple(formats), "lang": lang,
            "display": {"input": input_path, "root": str(root), "target": target}}


# ------------------------------------------------------------------ on the worker

_MATERIALISED = {}                                  # bundle id -> folders (per worker process)


def materialise_bundle(bundle):
    """The bundle's scheme folders on this worker (written once per worker process).  The
    built-in templates, when the worker's own are the very same files, are used where they
    are: they are then the program's own code, which runs unsandboxed
    (generator.scheme.template_folders); shipped copies always run in the sandbox."""
    from generator.scheme import TEMPLATES_DIR

    folders = _MATERIALISED.get(bundle["id"])
    if folders is None or not all(Path(f).is_dir() for f in folders):
        top = Path(tempfile.mkdtemp(prefix="disclosure-schemes-"))
        folders = []
        last = len(bundle["folders"]) - 1
        for index, files in enumerate(bundle["folders"]):
            if index == last and bundle["digests"][index] == _own_templates_digest():
                folders.append(str(TEMPLATES_DIR))
                continue
            folder = top / f"s{index}"
            folder.mkdir()
            for name, data in files.items():
                path = folder / name
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(data)
            folders.append(str(folder))
        _MATERIALISED[bundle["id"]] = folders = tuple(folders)
    return folders


def _replace(value, pairs):
    if isinstance(value, str):
        for old, new in pairs:
            value = value.replace(old, new)
        return value
    if isinstance(value, list):
        return [_replace(v, pairs) for v in value]
    if isinstance(value, dict):
        return {k: _replace(v, pairs) for k, v in value.items()}
    return value


def render_shipped(unit, bundle, program, shared_out=False):
    """Render one shipped unit on a worker: (UnitResult, {file name: bytes}) — the files are
    empty with ``shared_out`` (the worker wrote them into the build's output folder)."""
    from generator.build import UnitResult, build_unit, program_hash
    from generator.findings import ERROR

    display = unit["display"]
    if program != program_hash():
        program_hash.cache_clear()                  # files changed since this worker hashed them?
    if program != program_hash():
        message = "this worker runs a different version of the program; install the same on every worker"
        return UnitResult(input=display["input"], status="failed", findings=[f"{display['input']}: {message}"],
                          records=[{"rule": "BUILD-WORKER", "severity": ERROR, "file": display["input"], "line": 0,
                                    "column": 0, "path": "", "message": message}], errors=1), {}
    search = materialise_bundle(bundle)
    work = Path(tempfile.mkdtemp(prefix="disclosure-unit-"))
    try:
        root = work / "in"
        for name, data in unit["files"].items():
            path = root / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        out = Path(display["target"]) if shared_out else work / "out"
        source = root / unit["input"]
        result = build_unit(str(source), str(out), unit["formats"], search, unit["lang"], str(root))
        files = {}
        if not shared_out and result.status == "rendered":
            files = {Path(p).name: Path(p).read_bytes() for p in result.outputs}
        pairs = [(str(source), display["input"]), (str(out), display["target"]),
                 (str(root), display["root"])] + list(zip(search, bundle["paths"]))
        for name in ("input", "findings", "records", "overview", "outputs"):
            setattr(result, name, _replace(getattr(result, name), pairs))
        return result, files
    finally:
        shutil.rmtree(work, ignore_errors=True)
