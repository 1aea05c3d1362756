"""The worker: claims queued jobs one at a time and runs them until it is told to stop."""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Callable

from fleksjob.jobs.runner import claim, recover_stale, refresh_connections, run_claimed


class Worker:
    """``batch``: exit when the queue is empty; ``once``: exit after one job. SIGTERM or SIGINT
    lets the running job finish and then stops (a second signal stops at once; the job's claim
    is then recovered by the next worker)."""

    def __init__(
        self,
        *,
        batch: bool = False,
        once: bool = False,
        interval: float = 1.0,
        parent: int | None = None,
        say: Callable[[str], None] = lambda line: None,
    ) -> None:
        self.batch, self.once, self.interval, self.say = batch, once, interval, say
        self.parent = parent  # stop when this process is gone (a worker started by the demo)
        self.stopping = False
        self.ran = self.failed = 0

    def _stop(self, signum, frame) -> None:
        self.stopping = True
        signal.signal(signum, signal.SIG_DFL)  # a second signal ends the process

    def install_signals(self) -> None:
        signal.signal(signal.SIGTERM, self._stop)
        signal.signal(signal.SIGINT, self._stop)

    def run(self) -> int:
        """Process jobs; 1 if any job failed, else 0."""
        while not self.stopping:
            if self.parent is not None and os.getppid() != self.parent:
                break
            refresh_connections()
            if recovered := recover_stale():
                self.say(f"{recovered} afbrudt(e) job sat i kø igen")
            result = claim()
            if result is None:
                if self.batch or self.once:
                    break
                self._sleep()
                continue
            ok = run_claimed(result)
            self.ran += 1
            self.failed += not ok
            self.say(f"{result.task_name}: {'færdig' if ok else 'fejlet'}")
            if self.once:
                break
        return 1 if self.failed else 0

    def _sleep(self) -> None:
        deadline = time.monotonic() + self.interval
        while not self.stopping and time.monotonic() < deadline:
            time.sleep(min(0.1, self.interval))
