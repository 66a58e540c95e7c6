"""Producing the next item of a slow iterator in a background thread while the caller works
on the current one: reading and checking a batch file (Python) overlaps with PostgreSQL
loading the previous chunk, so both cores of a worker are busy."""

from __future__ import annotations

import queue
import threading
from collections.abc import Generator, Iterator
from typing import TypeVar

from django.db import connections

T = TypeVar("T")
_DONE = object()


def read_ahead(items: Iterator[T], *, depth: int = 1) -> Generator[T, None, None]:
    """The items of ``items`` in order, at most ``depth`` of them produced ahead (bounding
    memory). An exception of the producer is raised in the caller; a caller that stops early
    stops the producer. Database work of the producer (progress reports) runs on its own
    connection, which is closed when it ends."""
    handoff: queue.Queue[object] = queue.Queue(maxsize=depth)
    stopped = threading.Event()

    def offer(item: object) -> bool:
        while not stopped.is_set():
            try:
                handoff.put(item, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    def produce() -> None:
        try:
            for item in items:
                if not offer(item):
                    return
            offer(_DONE)
        except BaseException as exc:  # handed to the caller, who raises it
            offer(exc)
        finally:
            connections.close_all()

    producer = threading.Thread(target=produce, name="read-ahead", daemon=True)
    producer.start()
    try:
        while True:
            item = handoff.get()
            if item is _DONE:
                return
            if isinstance(item, BaseException):
                raise item
            yield item  # type: ignore[misc]
    finally:
        stopped.set()
        producer.join()
