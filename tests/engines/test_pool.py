"""The worker pool: results in task order, a worker's exception raised again, a dead worker costing
only the task it ran, and results read ahead so a long task does not leave the other workers idle."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from jianghua.engines import pool as pool_module
from jianghua.engines.pool import Pool, WorkerCrashed


def _square_after(n: int, pause: float) -> int:
    time.sleep(pause)
    return n * n


def _fail_on(n: int, bad: int) -> int:
    if n == bad:
        raise ValueError(f"bad task {n}")
    return n


def _exit_on(n: int, bad: int) -> int:
    if n == bad:
        os._exit(3)  # the way a crash in a C extension or the out-of-memory killer ends a worker
    return n


def _wait_for(n: int, folder: str, marker: int) -> str:
    """Task 0 waits until task ``marker`` has run; every other task leaves its marker file."""
    if n == 0:
        deadline = time.monotonic() + 20
        while not (Path(folder) / str(marker)).exists():
            if time.monotonic() > deadline:
                return "timed out"
            time.sleep(0.01)
        return "saw it"
    (Path(folder) / str(n)).touch()
    return "done"


def _pid(_n: int) -> int:
    return os.getpid()


@pytest.mark.parametrize("workers", [1, 2, 3])
def test_results_come_in_task_order_whatever_order_the_workers_finish_in(workers):
    pauses = [0.02 if n % 3 == 0 else 0.0 for n in range(60)]
    pool = Pool(workers)
    try:
        assert list(pool.map(_square_after, [(n, pauses[n]) for n in range(60)])) == [n * n for n in range(60)]
    finally:
        pool.close()


@pytest.mark.parametrize("method", ["spawn", "forkserver"])
def test_workers_started_without_fork_work_the_same(method):
    # macOS and Windows start workers by spawning a fresh interpreter: the loop and the task must pickle
    pool = Pool(2, start_method=method)
    try:
        results = list(pool.map(_exit_on, [(n, 3) for n in range(8)], on_crash=lambda args, why: ("crashed", args[0])))
    finally:
        pool.close()
    assert results == [0, 1, 2, ("crashed", 3), 4, 5, 6, 7]


def test_the_tasks_run_in_the_worker_processes():
    pool = Pool(2)
    try:
        pids = set(pool.map(_pid, [(n,) for n in range(40)]))
    finally:
        pool.close()
    assert os.getpid() not in pids and 1 <= len(pids) <= 2


def test_an_exception_in_a_task_is_raised_again_in_the_caller():
    pool = Pool(2)
    try:
        results = pool.map(_fail_on, [(n, 5) for n in range(10)])
        assert [next(results) for _ in range(5)] == [0, 1, 2, 3, 4]
        with pytest.raises(ValueError, match="bad task 5"):
            next(results)
    finally:
        pool.close()


def test_a_dead_worker_costs_only_its_task_and_a_new_worker_runs_the_others():
    pool = Pool(2)
    try:
        results = list(pool.map(_exit_on, [(n, 7) for n in range(30)], on_crash=lambda args, why: ("crashed", args, why)))
        # replies still in the dead worker's sender thread are lost with it, so the task it ran is found by
        # running the first unanswered one alone: the culprit crashes a second worker, alone this time
        assert pool.crashes >= 2
        assert results[:7] == list(range(7)) and results[8:] == list(range(8, 30))
        assert results[7] == ("crashed", (7, 7), "the worker process ended (exit code 3)")
        assert list(pool.map(_square_after, [(n, 0.0) for n in range(10)])) == [n * n for n in range(10)]  # still two workers
    finally:
        pool.close()


def test_without_on_crash_a_dead_worker_is_an_error_that_names_the_task():
    pool = Pool(2)
    try:
        with pytest.raises(WorkerCrashed, match=r"_exit_on\(4, 4\): the worker process ended \(exit code 3\)"):
            list(pool.map(_exit_on, [(n, 4) for n in range(10)]))
    finally:
        pool.close()


def test_a_long_task_at_the_head_does_not_stop_the_other_workers(tmp_path, monkeypatch):
    # with 2 tasks a worker in flight, task 0 holds one worker while the other must run task 12: only
    # possible if the pool keeps handing out tasks (and reading their results) while task 0 runs
    monkeypatch.setattr(pool_module, "IN_FLIGHT_PER_WORKER", 2)
    pool = Pool(2)
    try:
        results = list(pool.map(_wait_for, [(n, str(tmp_path), 12) for n in range(16)]))
    finally:
        pool.close()
    assert results == ["saw it"] + ["done"] * 15


def test_close_stops_busy_workers_at_once():
    pool = Pool(2)
    results = pool.map(_square_after, [(n, 0.0 if n == 0 else 30.0) for n in range(4)])
    assert next(results) == 0  # the other tasks are running or waiting
    processes = [w.process for w in pool.workers]
    started = time.monotonic()
    pool.close()
    assert time.monotonic() - started < 5 and not any(p.is_alive() for p in processes)


def test_a_worker_whose_main_process_is_gone_does_not_wait_for_room_to_reply(monkeypatch):
    # the sender thread cannot send (the pipe is broken): put() must not wait for the outbox to drain
    import threading

    class Broken:
        def send_bytes(self, _data):
            raise BrokenPipeError

    monkeypatch.setattr(pool_module, "OUTBOX_BYTES", 10)
    outbox = pool_module._Outbox(Broken())
    done = threading.Event()

    def reply_three_times():
        for _ in range(3):
            outbox.put(b"x" * 8)
        outbox.close()
        done.set()

    threading.Thread(target=reply_three_times, daemon=True).start()
    assert done.wait(5)


def _failing_initializer() -> None:
    raise OSError("the dictionary cannot be read")


def test_workers_that_cannot_start_stop_the_pool_with_a_clear_error():
    # every replacement would fail the same way: no task is blamed, the map stops at once
    pool = Pool(2, initializer=_failing_initializer)
    try:
        with pytest.raises(WorkerCrashed, match="could not start"):
            list(pool.map(_square_after, [(n, 0.0) for n in range(10)], on_crash=lambda args, why: None))
    finally:
        pool.close()


class _Unpicklable(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.log = lambda: None  # as lxml's ParserError holds its error log


class _NeedsTwo(Exception):
    def __init__(self, a: str, b: str):  # unpickling calls __init__ with the message alone
        super().__init__(f"{a} {b}")


def _raise_odd(n: int) -> int:
    if n == 1:
        raise _Unpicklable("cannot cross")
    if n == 3:
        raise _NeedsTwo("cannot", "come back")
    return n


@pytest.mark.parametrize("n, message", [(1, "_Unpicklable: cannot cross"), (3, "_NeedsTwo: cannot come back")])
def test_an_exception_that_cannot_cross_the_pipe_comes_back_as_a_runtime_error(n, message):
    pool = Pool(2)
    try:
        results = pool.map(_raise_odd, [(0,), (2,), (n,), (4,)])
        assert [next(results), next(results)] == [0, 2]
        with pytest.raises(RuntimeError, match=message):
            next(results)
    finally:
        pool.close()


_MAIN = """
import sys, time
from jianghua.engines.pool import Pool
if sys.argv[1] == "without-prctl":  # only the closed pipe ends are left to end the workers
    import ctypes
    def no_libc(*args, **kwargs):
        raise OSError("no libc")
    ctypes.CDLL = no_libc
pool = Pool(3)
print(" ".join(str(w.process.pid) for w in pool.workers), flush=True)
if sys.argv[2] == "busy":
    list(pool.map(time.sleep, [(2.0,)] * 30))
time.sleep(600)
"""


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as handle:
            return handle.read().rsplit(")", 1)[1].split()[0] != "Z"  # a zombie has ended
    except FileNotFoundError:
        return False


@pytest.mark.skipif(not os.path.isdir("/proc"), reason="counts processes through /proc")
@pytest.mark.parametrize("prctl", ["with-prctl", "without-prctl"])
@pytest.mark.parametrize("state", ["idle", "busy"])
def test_workers_die_with_a_killed_main_process(prctl, state):
    """kill -9 of the main process: no worker outlives it (each used to hold both ends of its own pipe
    and stay, about 190 MB each, for minutes). With prctl the kernel ends them at once; without it, a
    worker sees its pipe close when it next reads (idle) or replies (after its task: 2 s here)."""
    import signal
    import subprocess
    import sys

    main = subprocess.Popen([sys.executable, "-c", _MAIN, prctl, state], stdout=subprocess.PIPE, text=True)
    try:
        workers = [int(pid) for pid in main.stdout.readline().split()]
        assert len(workers) == 3 and all(_alive(pid) for pid in workers)
        time.sleep(0.5)  # the busy ones are inside their first task
        main.send_signal(signal.SIGKILL)
        main.wait(10)
        deadline = time.monotonic() + 10
        while any(_alive(pid) for pid in workers) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert [pid for pid in workers if _alive(pid)] == []
    finally:
        main.kill()
