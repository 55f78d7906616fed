"""A forked child process holding one item's state and answering calls on it through a pipe."""

from __future__ import annotations

import contextlib
import os
import signal
import stat
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

if TYPE_CHECKING:
    from multiprocessing.connection import Connection
    from multiprocessing.process import BaseProcess


# Answers are pickled straight into the pipe and unpickled straight from it, a buffer at a time:
# a share's reports run to hundreds of MB, and Connection.send and recv would each hold them
# once more as one bytes object, at both ends at once.
_BUFFER = 1024 * 1024


class Lost(Exception):
    """A child that died, or sent something that could not be read."""


class Child:
    """A child forked to make the state `setup(item)` and answer calls `func(state, arg)` on
    it; this process's handle on it. `siblings` are the children forked before it: the new
    child closes what it inherits of theirs."""

    line: Connection[Any, Any]  # to the child: calls go down, answers come up
    process: BaseProcess
    pipes: list[int]  # those multiprocessing keeps open here for the child

    def __init__(
        self, setup: Callable[[Any], object], item: object, siblings: Sequence[Child]
    ) -> None:
        import multiprocessing  # here, not at the top: `vendorctl --help` never needs it

        context = multiprocessing.get_context("fork")
        here, there = context.Pipe()  # a socket pair: one open file at each end
        inherited = [fd for sibling in siblings for fd in sibling.pipes]
        before = open_files()
        process = context.Process(
            target=_live,
            args=(setup, item, there, [here, *(s.line for s in siblings)], inherited),
            # Never joined at exit: should this process leave without closing it,
            # multiprocessing ends it rather than wait for it.
            daemon=True,
        )
        try:
            process.start()
        except OSError:
            here.close()
            # os.fork failed after multiprocessing made its pipes to the child, which it then
            # leaves open: close them (the pipes made meanwhile; nothing else makes any).
            for fd in open_files() - before:
                with contextlib.suppress(OSError):
                    if stat.S_ISFIFO(os.fstat(fd).st_mode):
                        os.close(fd)
            raise
        except BaseException:  # Ctrl-C, say, while forking: no child is left behind
            here.close()
            if process.pid is not None:
                process.kill()
                process.join()
            raise
        finally:
            there.close()  # the child's end: the child's death then reads as the end of the pipe
        self.line = here
        self.process = process
        # A later sibling inherits these with `line`, and closes them.
        self.pipes = sorted(open_files() - before)

    def call(self, func: Callable[[Any, Any], object], arg: object, last: bool) -> None:
        """Send a call (the `last`: the child lets go of its state before it answers, then
        leaves); its answer comes with `answer`. Lost if the child is gone."""
        try:
            self.line.send((func, arg, last))
        except OSError as exc:  # a broken pipe: the child died
            raise Lost from exc

    def answer(self) -> Any:
        """The answer to the call sent; any exception if the child died (EOFError, OSError) or
        sent what does not unpickle here."""
        import pickle  # here, not at the top: a run with one process never needs it

        # The unpickler reads no byte past the answer's end, and the child sends nothing more
        # before the next call: nothing is lost with the buffer.
        with open(self.line.fileno(), "rb", buffering=_BUFFER, closefd=False) as stream:
            return pickle.load(stream)

    def stop(self) -> None:
        """Hang up, end the child at once (it may be busy with an answer no one will read) and
        wait for it, so that nothing is left for multiprocessing to join or warn about at exit."""
        self.line.close()
        self.process.kill()
        self.process.join()
        self.process.close()


def open_files() -> set[int]:
    """The file descriptors open in this process, on Linux (where alone children are forked);
    without the one that listing them took. Empty where /proc cannot tell."""
    try:
        listed = [int(path.name) for path in Path("/proc/self/fd").iterdir()]
    except OSError:
        return set()
    found = set()
    for fd in listed:
        with contextlib.suppress(OSError):  # the listing's own, closed by now
            os.fstat(fd)
            found.add(fd)
    return found


def _live(
    setup: Callable[[Any], object],
    item: object,
    line: Connection[Any, Any],
    others: list[Connection[Any, Any]],
    inherited: list[int],
) -> NoReturn:
    """A child's life: cut loose, make its state, answer calls until this process hangs up or a
    last call is answered; then leave at once, with none of the parent's cleanup (atexit
    handlers, multiprocessing's finalizers, flushing buffers the parent will flush itself)."""
    status = 1
    try:
        _detach(others, inherited)
        _serve(setup, item, line)
        status = 0
    except BaseException:  # the parent makes the state again and redoes the call, meeting any error
        pass
    finally:
        os._exit(status)


def _detach(others: list[Connection[Any, Any]], inherited: list[int]) -> None:
    """Let go of what the child inherited but must not hold: the parent's end of its own pipe
    and the open files of its siblings (each would keep the others alive, and use up open
    files), and the parent's terminal or pipes (it never prints; a caller reading the parent's
    output sees it end when the parent does). Ctrl-C ends it at once, running none of the
    parent's code."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    for other in others:
        other.close()
    for fd in inherited:
        with contextlib.suppress(OSError):
            os.close(fd)
    null = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(null, fd)
    os.close(null)
    # New streams: a lock the parent's streams held at the fork (another thread writing) would
    # never be released in the child.
    sys.stdin = Path(os.devnull).open(encoding="utf-8")  # noqa: SIM115
    sys.stdout = sys.stderr = Path(os.devnull).open("w", encoding="utf-8")  # noqa: SIM115


def _serve(setup: Callable[[Any], object], item: object, line: Connection[Any, Any]) -> None:
    """Make the state, then answer each call until the parent hangs up or a last call."""
    state: object = setup(item)
    while True:
        try:
            func, arg, last = line.recv()
        except EOFError:
            return
        answer = func(state, arg)
        if last:
            state = None  # let the data go before the answer is pickled: never both at once
        _send(line, answer)
        if last:
            return


def _send(line: Connection[Any, Any], answer: object) -> None:
    """Pickle an answer into the pipe as multiprocessing would, without the bytes of it whole."""
    from multiprocessing.reduction import ForkingPickler

    with open(line.fileno(), "wb", buffering=_BUFFER, closefd=False) as stream:
        ForkingPickler(stream).dump(answer)
