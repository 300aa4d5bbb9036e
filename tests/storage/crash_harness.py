"""The SIGKILL harness the crash-safety tests share.

A forkserver keeps the imports of ``crash_worker`` warm, so each round is a fresh process
(a fork, not a Python start-up) that does real work and is killed with SIGKILL at a random
moment. The worker reports on a pipe: first ``b"ready"`` once it is set up, then one small
message per unit of work it has finished (a single atomic pipe write each).
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import random
import signal
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

import pytest

WORKER_MODULE = "tests.storage.crash_worker"


def read_acks(acks: Connection, timeout: float) -> list[bytes]:
    """Messages sent so far (waits up to ``timeout`` for the first)."""
    messages: list[bytes] = []
    wait = timeout
    while acks.poll(wait):
        try:
            messages.append(acks.recv_bytes())
        except (EOFError, OSError):
            break
        wait = 0
    return messages


@dataclass
class Round:
    """What one killed worker said before it died, and whether SIGKILL ended it."""

    messages: list[bytes]
    killed: bool
    exitcode: int | None

    @property
    def done(self) -> list[bytes]:
        """The work units it reported finished (everything after ``ready``)."""
        return self.messages[1:]


class Harness:
    def __init__(self, context: Any, seed: int) -> None:
        self.context = context
        self.rng = random.Random(seed)

    def kill_after(self, target: Callable[..., None], args: tuple[Any, ...], delay: float) -> Round:
        """Start ``target(*args, pipe)``, wait for ``ready``, SIGKILL it ``delay`` s later."""
        receive, send = self.context.Pipe(duplex=False)
        worker = self.context.Process(target=target, args=(*args, send))
        worker.start()
        send.close()
        lines = read_acks(receive, timeout=60)
        assert lines[:1] == [b"ready"], lines
        time.sleep(delay)  # the random moment: real time is what a kill interrupts
        assert worker.pid is not None
        with contextlib.suppress(ProcessLookupError):  # it finished first (and was reaped)
            os.kill(worker.pid, signal.SIGKILL)
        worker.join(30)
        lines += read_acks(receive, timeout=0)
        receive.close()
        return Round(lines, worker.exitcode == -signal.SIGKILL, worker.exitcode)

    def first_unit(self, target: Callable[..., None], args: tuple[Any, ...]) -> float:
        """Seconds from ``ready`` to the first finished unit of work (then it is killed):
        the span the random moments of a test are drawn from."""
        receive, send = self.context.Pipe(duplex=False)
        worker = self.context.Process(target=target, args=(*args, send))
        worker.start()
        send.close()
        assert read_acks(receive, timeout=60)[:1] == [b"ready"]
        started = time.perf_counter()
        assert receive.poll(120), "no unit of work was finished"
        took = time.perf_counter() - started
        assert receive.recv_bytes(), "the worker stopped before finishing a unit of work"
        assert worker.pid is not None
        with contextlib.suppress(ProcessLookupError):
            os.kill(worker.pid, signal.SIGKILL)
        worker.join(30)
        receive.close()
        return took

    def random_delay(self, longest: float) -> float:
        return self.rng.uniform(0.0, longest)

    def run_to_end(self, target: Callable[..., None], args: tuple[Any, ...]) -> Round:
        """Run one worker that is not killed (it must exit by itself)."""
        receive, send = self.context.Pipe(duplex=False)
        worker = self.context.Process(target=target, args=(*args, send))
        worker.start()
        send.close()
        worker.join(300)
        lines = read_acks(receive, timeout=0)
        receive.close()
        return Round(lines, False, worker.exitcode)


@contextmanager
def harness(monkeypatch: pytest.MonkeyPatch, seed: int) -> Iterator[Harness]:
    """A forkserver that has imported ``crash_worker`` once (it starts with this
    environment, so the repository (the tests are a package) is put on its PYTHONPATH)."""
    root = str(Path(__file__).parents[2])
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join([root, os.environ.get("PYTHONPATH", "")]))
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload([WORKER_MODULE])
    yield Harness(context, seed)
