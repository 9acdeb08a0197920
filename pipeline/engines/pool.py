"""Worker processes for ingest: a function mapped over tasks, results in task order, in one thread.

Why not ``concurrent.futures.ProcessPoolExecutor``: its result and feeder threads run in the main
process beside the single writer, and every switch between them goes through the GIL. Profiled on
a quarter of the bench corpus with two workers, the main process was busy all the time and a third
of that was the executor's threads and the writer waiting for the GIL after each system call
(``os.stat`` of an input file took 0.7 ms on average). Here the main thread sends small task
messages and reads results itself, so nothing contends for its GIL:

- a task is a small message (a path, not the file's bytes: the worker reads the file itself), so a
  send never blocks on a worker that is busy writing a result (``MAX_TASK_BYTES`` in flight per
  worker stays far below a pipe's buffer);
- tasks go to the worker with the least work in flight (by the caller's weight, the file size);
- while waiting for the next result in order, results that other workers have ready are read and
  kept, so no worker stalls on a full pipe behind a long task;
- a worker that dies (a crash in a C extension, the out-of-memory killer) costs only the task it
  was running: ``on_crash`` turns that task into a result, a new worker takes over its other tasks;
- workers die with the main process: a forked worker closes the main process's ends of every pipe
  it inherited (else its own pipe never reads EOF when the main process is killed), asks the kernel
  for SIGKILL when its parent dies (``prctl(PR_SET_PDEATHSIG)`` on Linux), and exits when it finds
  its parent already gone;
- an exception raised by a task crosses back only if it survives pickling both ways (an lxml error
  holding its error log does not): otherwise it comes back as a RuntimeError naming it.
"""

from __future__ import annotations

import multiprocessing
import os
import pickle
import signal
import sys
import threading
import traceback
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from multiprocessing.connection import Connection, wait
from typing import Any

from .. import errors

# Tasks a worker has not answered, and weight (input bytes) in flight in all: enough to keep every
# core busy while the writer commits (a commit writes the character index of 2 s of pages at once:
# with 16 a worker ran dry during it), few enough that memory stays flat.
IN_FLIGHT_PER_WORKER = 48
IN_FLIGHT_WEIGHT = 64 * 1024 * 1024
# Answered tasks wait for their turn (results are yielded in order) up to this many times the tasks
# in flight, and up to ``READ_AHEAD_BYTES`` of replies (kept pickled until their turn): a long task at
# the head must not leave the other workers idle.
READ_AHEAD = 4
READ_AHEAD_BYTES = 32 * 1024 * 1024
# Pickled task messages in flight per worker: below a pipe's 64 KiB buffer, so a send never blocks.
MAX_TASK_BYTES = 32 * 1024
# Pickled replies a worker keeps while the main process is busy (one reply is 6-7x its page's size).
OUTBOX_BYTES = 8 * 1024 * 1024
# A worker's exit code when its initializer fails: the pool stops (every new worker would fail the
# same way) instead of blaming, one by one, each task it hands to a replacement.
INIT_FAILED = 75
# What an ``arguments`` iterator of ``Pool.map`` yields when it has no task yet but will have one
# once the caller has handled the next result (a pipeline that makes tasks from results).
LATER = object()


WorkerCrashed = errors.WorkerCrashed  # (S805) defined with the registry; callers catch it here too


# prctl(2) option: the signal a process gets when the thread that created it ends (Linux only)
PR_SET_PDEATHSIG = 1


def die_with_parent(parent: int | None, inherited: tuple[int, ...] = ()) -> None:
    """In a worker process: close ``inherited`` file descriptors (the main process's ends of the pipes,
    which a forked child holds copies of), have the kernel send SIGKILL when the parent dies (where
    ``prctl`` exists), and exit at once if the ``parent`` (None: not known, e.g. a fork server started
    the worker) is already gone (it died before prctl took)."""
    for fd in inherited:
        try:
            os.close(fd)
        except OSError:
            pass
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):  # no libc to call: the closed pipe ends still end the worker
            pass
    if parent is not None and os.getppid() != parent:
        os._exit(1)


def _reply(ok: bool, value: Any) -> bytes:
    """A pickled reply that the main process can read back. A failure whose exception does not survive
    pickling (an lxml ParserError holds an unpicklable error log) or unpickling (an exception class
    whose __init__ takes other arguments) is sent as a RuntimeError naming it."""
    try:
        reply = pickle.dumps((ok, value), protocol=pickle.HIGHEST_PROTOCOL)
        if not ok:
            pickle.loads(reply)
        return reply
    except Exception as exc:
        if ok:
            raise
        failure = RuntimeError(f"{type(value).__name__}: {value} (sent as RuntimeError: {type(exc).__name__})")
        return pickle.dumps((False, failure), protocol=pickle.HIGHEST_PROTOCOL)


def _serve(conn: Connection, initializer: Callable[..., None] | None, initargs: tuple[Any, ...],
           parent: int | None = None, inherited: tuple[int, ...] = ()) -> None:
    """A worker's loop: ``(func, args)`` in, ``(True, result)`` or ``(False, exception)`` out, until None.
    Replies go out through a sender thread (``_Outbox``), so the worker goes on with its next task while
    the main process is busy writing (a reply is often larger than the pipe's buffer: a blocking send
    stalled the workers 40% of the time)."""
    die_with_parent(parent, inherited)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the main process's to handle
    if initializer is not None:
        try:
            initializer(*initargs)
        except BaseException:  # e.g. a dictionary that cannot load: no task could run here
            traceback.print_exc()
            sys.stderr.flush()
            os._exit(INIT_FAILED)
    outbox = _Outbox(conn)
    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError):
            break
        if message is None or outbox.closed or (parent is not None and os.getppid() != parent):
            break  # (tasks sent ahead wait in the pipe: a worker whose main process is gone runs none of them)
        func, args = message
        try:
            reply = _reply(True, func(*args))
        except Exception as exc:  # the caller's function failed (or its result cannot be sent): raised again there
            reply = _reply(False, exc)
        outbox.put(reply)
    outbox.close()


class _Outbox:
    """Pickled replies waiting for the sender thread: at most ``OUTBOX_BYTES`` (then ``put`` waits), so
    a worker ahead of a busy main process does not pile up the replies of all its tasks in memory."""

    def __init__(self, conn: Connection):
        self.conn = conn
        self.queue: deque[bytes] = deque()
        self.bytes = 0
        self.closed = False
        self.ready = threading.Condition()
        self.thread = threading.Thread(target=self._send, daemon=True)
        self.thread.start()

    def put(self, reply: bytes) -> None:
        with self.ready:
            while self.queue and self.bytes + len(reply) > OUTBOX_BYTES and not self.closed:
                self.ready.wait()
            if self.closed:  # the main process is gone (the sender could not send): nobody to reply to
                return
            self.queue.append(reply)
            self.bytes += len(reply)
            self.ready.notify_all()

    def close(self) -> None:
        with self.ready:
            self.closed = True
            self.ready.notify_all()
        self.thread.join()

    def _send(self) -> None:
        while True:
            with self.ready:
                while not self.queue and not self.closed:
                    self.ready.wait()
                if not self.queue:
                    return
                reply = self.queue[0]
            try:
                self.conn.send_bytes(reply)
            except OSError:  # the main process is gone: put() must not wait for room any more
                with self.ready:
                    self.closed = True
                    self.ready.notify_all()
                return
            with self.ready:
                self.queue.popleft()
                self.bytes -= len(reply)
                self.ready.notify_all()


class _Worker:
    """One worker process, the tasks sent to it whose results are not yet consumed (oldest first), and
    the replies read ahead of their turn (the first ``len(results)`` of ``tasks`` have one)."""

    def __init__(self, pool: Pool):
        self.pool = pool
        self.tasks: deque[tuple[tuple[Any, ...], int, bytes]] = deque()  # (args, weight, message)
        self.results: deque[bytes | tuple[None, str]] = deque()  # pickled replies, or (None, crash reason)
        self.weight = 0
        self.message_bytes = 0
        # after a crash: messages kept back while the first unanswered task runs alone (see _restart)
        self.held: list[bytes] | None = None
        self._spawn()

    def _spawn(self) -> None:
        context = self.pool.context
        self.conn, child = context.Pipe(duplex=True)
        # a forked child inherits every descriptor: the main process's ends of its own pipe and of the
        # other workers' pipes must be closed there, or no worker sees EOF when the main process dies
        inherited = () if self.pool.method != "fork" else tuple(sorted(
            {w.conn.fileno() for w in [*self.pool.workers, self] if hasattr(w, "conn") and not w.conn.closed}))
        parent = os.getpid() if self.pool.method in ("fork", "spawn") else None  # a fork server's workers are its
        self.process = context.Process(target=_serve, args=(child, self.pool.initializer, self.pool.initargs,
                                                            parent, inherited), daemon=True)
        self.process.start()
        child.close()

    @property
    def unanswered(self) -> int:
        """Tasks sent to this worker without a reply read yet."""
        return len(self.tasks) - len(self.results)

    def send(self, args: tuple[Any, ...], weight: int, message: bytes) -> None:
        self.tasks.append((args, weight, message))
        self.weight += weight
        self.message_bytes += len(message)
        if self.held is not None:
            self.held.append(message)
        else:
            self._write(message)

    def _write(self, message: bytes) -> None:
        try:
            self.conn.send_bytes(message)
        except OSError:  # the worker is gone: noticed by read() when its results are awaited
            pass

    def read(self) -> None:
        try:
            reply = self.conn.recv_bytes()
        except (EOFError, OSError):
            self._restart()
            return
        self.results.append(reply)
        self.pool.buffered += len(reply)
        if self.held is not None and self.unanswered == len(self.held):  # the suspect task came through
            self._release()

    def _release(self) -> None:
        held, self.held = self.held or [], None
        for message in held:
            self._write(message)

    def _restart(self) -> None:
        """The process ended. Replies still in its sender thread died with it, so the task it was running
        is not known: a new process runs the first unanswered task alone (the others held back). If the
        process ends again with that task alone in flight, that task gets the crash reply."""
        self.process.join(timeout=5)
        reason = f"the worker process ended (exit code {self.process.exitcode})"
        self.conn.close()
        if self.process.exitcode == INIT_FAILED:
            raise errors.S805.error("no_start")
        self.pool.crashes += 1
        self._spawn()
        unanswered = [message for _args, _weight, message in list(self.tasks)[len(self.results):]]
        alone = self.held is not None and self.unanswered - len(self.held) == 1
        self.held = None
        if alone:
            self.results.append((None, reason))
            unanswered = unanswered[1:]
        elif unanswered:
            self.held = unanswered[1:]
            unanswered = unanswered[:1]
        for message in unanswered:
            self._write(message)

    def take(self) -> tuple[tuple[Any, ...], bool | None, Any]:
        """The oldest task's arguments and reply (read first)."""
        args, weight, message = self.tasks.popleft()
        self.weight -= weight
        self.message_bytes -= len(message)
        reply = self.results.popleft()
        if isinstance(reply, tuple):
            return args, None, reply[1]
        self.pool.buffered -= len(reply)
        try:
            ok, value = pickle.loads(reply)
        except Exception as exc:  # _reply checked failures; a result that cannot be read is a failure too
            return args, False, RuntimeError(f"the result of a task cannot be read: {type(exc).__name__}: {exc}")
        return args, ok, value


class Pool:
    """``workers`` processes (or none: ``workers <= 1`` runs every task in this process)."""

    def __init__(self, workers: int, initializer: Callable[..., None] | None = None, initargs: tuple[Any, ...] = (),
                 start_method: str | None = None):
        self.size = max(1, workers)
        self.initializer, self.initargs = initializer, initargs
        self.workers: list[_Worker] = []
        self.crashes = 0
        self.buffered = 0  # bytes of replies read ahead of their turn
        self.method = start_method or ("fork" if sys.platform.startswith("linux") else "spawn")
        if self.size > 1:  # fork on Linux (workers share the loaded modules), spawn elsewhere
            self.context: Any = multiprocessing.get_context(self.method)
            for _ in range(self.size):
                self.workers.append(_Worker(self))  # one by one: each new worker closes the others' ends
        elif initializer is not None:
            initializer(*initargs)

    def map(self, func: Callable[..., Any], arguments: Iterable[tuple[Any, ...]],
            weight: Callable[[tuple[Any, ...]], int] = lambda _args: 0,
            on_crash: Callable[[tuple[Any, ...], str], Any] | None = None) -> Iterator[Any]:
        """``func(*args)`` for each of ``arguments``, yielded in order. ``func`` must be a module-level
        function. Each worker has at most ``IN_FLIGHT_PER_WORKER`` tasks it has not answered; all
        in all at most ``READ_AHEAD`` times that many tasks, ``IN_FLIGHT_WEIGHT`` of ``weight`` and
        ``READ_AHEAD_BYTES`` of pickled replies wait for their turn. ``on_crash(args, reason)``
        stands in for the result of a task whose worker died; without it the pool raises
        ``WorkerCrashed``. ``arguments`` may yield ``LATER``: no task now, ask again after the next
        result (an error when no task is in flight)."""
        if not self.workers:
            for args in arguments:
                if args is LATER:
                    raise RuntimeError("Pool.map: LATER with no task in flight")
                yield func(*args)
            return
        order: deque[_Worker] = deque()  # the worker of each task not yet yielded, oldest first
        cap = self.size * IN_FLIGHT_PER_WORKER * READ_AHEAD
        pending = iter(arguments)
        upcoming: tuple[Any, ...] | None = next(pending, None)
        in_flight = 0
        while True:
            # hand out tasks while some worker is short of work and the read-ahead has room
            while (upcoming is not None and len(order) < cap and (in_flight <= IN_FLIGHT_WEIGHT or not order)
                   and self.buffered <= READ_AHEAD_BYTES):
                if upcoming is LATER:
                    if not order:
                        raise RuntimeError("Pool.map: LATER with no task in flight")
                    break
                worker = min(self.workers, key=lambda w: (w.unanswered, w.weight))
                if worker.unanswered >= IN_FLIGHT_PER_WORKER:
                    break
                message = pickle.dumps((func, upcoming), protocol=pickle.HIGHEST_PROTOCOL)
                if worker.tasks and worker.message_bytes + len(message) > MAX_TASK_BYTES:
                    break  # only with very long paths: wait for room in the pipe
                task_weight = weight(upcoming)
                worker.send(upcoming, task_weight, message)
                order.append(worker)
                in_flight += task_weight
                upcoming = next(pending, None)
            if not order:
                return
            head = order[0]
            if head.results:
                self._read_ready(0)  # a worker that has finished a task must not wait to send it
                order.popleft()
                args, ok, value = head.take()
                in_flight -= weight(args)
                yield self._result(func, args, ok, value, on_crash)
                if upcoming is LATER:
                    upcoming = next(pending, None)
                continue
            self._read_ready(None)

    def _read_ready(self, timeout: float | None) -> None:
        """Read the replies that are ready (waiting up to ``timeout`` seconds, None: until one is)."""
        busy = [w.conn for w in self.workers if w.unanswered]
        if busy:
            ready = wait(busy, timeout)
            for w in self.workers:
                if w.conn in ready:
                    w.read()

    @staticmethod
    def _result(func: Callable[..., Any], args: tuple[Any, ...], ok: bool | None, value: Any,
                on_crash: Callable[[tuple[Any, ...], str], Any] | None) -> Any:
        if ok:
            return value
        if ok is False:
            raise value
        if on_crash is None:
            raise errors.S805.error("crashed", task=f"{getattr(func, '__name__', func)}{args!r}", reason=value)
        return on_crash(args, value)

    def close(self) -> None:
        """Stop the workers: politely when they are idle, at once otherwise."""
        for worker in self.workers:
            try:
                if worker.tasks:
                    worker.process.terminate()
                else:
                    worker.conn.send(None)
            except OSError:
                pass
        for worker in self.workers:
            worker.process.join(timeout=5)
            if worker.process.is_alive():
                worker.process.kill()
                worker.process.join()
            worker.conn.close()
        self.workers = []
