"""The read-ahead thread that overlaps reading a batch file with loading it."""

from __future__ import annotations

import threading

import pytest

from tkpk.readahead import read_ahead


def test_items_arrive_in_order_and_are_made_in_another_thread():
    makers: list[str] = []

    def numbers():
        for number in range(5):
            makers.append(threading.current_thread().name)
            yield number

    assert list(read_ahead(numbers())) == [0, 1, 2, 3, 4]
    assert set(makers) == {"read-ahead"}


def test_a_failure_while_producing_reaches_the_caller_after_the_items_before_it():
    def failing():
        yield "first chunk"
        raise ValueError("baris 3 rusak")

    received = []
    with pytest.raises(ValueError, match="baris 3 rusak"):
        for item in read_ahead(failing()):
            received.append(item)
    assert received == ["first chunk"]


def test_a_caller_that_stops_early_stops_the_producer():
    produced: list[int] = []

    def endless():
        number = 0
        while True:
            produced.append(number)
            yield number
            number += 1

    items = read_ahead(endless(), depth=1)
    assert next(items) == 0
    items.close()  # what a failing COPY does to the loop that consumes the items
    assert len(produced) <= 3  # the item taken, the one queued, the one being offered
    assert not any(t.name == "read-ahead" for t in threading.enumerate())
