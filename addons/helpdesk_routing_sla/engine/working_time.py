# Copyright 2026 Helpdesk Segments & Routing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Working time of a ``resource.calendar``, for many tickets at once.

The working intervals come from the calendar itself
(``resource.calendar._work_intervals_batch``: its attendances minus its
leaves and the public holidays, i.e. the calendar leaves without resource),
read once for a window of dates that widens on demand, instead of once per
ticket as ``plan_hours`` would. Adding hours walks these intervals the way
``plan_hours`` does.

Datetimes in and out are naive UTC, as Odoo stores them.
"""

import bisect
from datetime import timedelta

import pytz

# first window read, and how far it may grow (a calendar without any working
# hour over two years gives no deadline)
WINDOW = timedelta(days=35)
MAX_WINDOW = timedelta(days=730)


def _aware(value):
    return pytz.utc.localize(value)


def _naive(value):
    return value.astimezone(pytz.utc).replace(tzinfo=None)


class WorkingTime:
    """The working hours of ``calendar`` counted in ``tz`` (a time zone
    name; empty: the calendar's own)."""

    def __init__(self, calendar, tz=None):
        self.calendar = calendar
        self.tz = pytz.timezone(tz) if tz else None
        self.start = self.end = None
        self.starts, self.stops = [], []
        self._memo = {}

    def _load(self, start, end):
        """Make sure the intervals cover [start, end] (one read of the
        calendar when they do not)."""
        if self.start is not None and self.start <= start and end <= self.end:
            return
        if self.start is not None:
            # widened by a whole window at least on the side it misses:
            # tickets met one by one further back (or ahead) in time do not
            # read the calendar again each time
            start = (
                min(start, self.start - WINDOW) if start < self.start else self.start
            )
            end = max(end, self.end + WINDOW) if end > self.end else self.end
        intervals = self.calendar._work_intervals_batch(
            _aware(start), _aware(end), tz=self.tz
        )[False]
        self.starts, self.stops = [], []
        for begin, stop, _meta in intervals:
            self.starts.append(_naive(begin))
            self.stops.append(_naive(stop))
        self.start, self.end = start, end

    def add(self, start, hours):
        """The moment ``hours`` working hours after ``start`` (False when the
        calendar has not enough working time in the next two years)."""
        if not start:
            return False
        if hours <= 0:
            return start
        key = (start, hours)
        if key in self._memo:
            return self._memo[key]
        span = WINDOW
        result = False
        while span <= MAX_WINDOW:
            self._load(start, start + span)
            remaining = hours
            index = bisect.bisect_right(self.stops, start)
            for begin, stop in zip(
                self.starts[index:], self.stops[index:], strict=True
            ):
                if begin >= start + span:
                    break
                begin = max(begin, start)
                available = (stop - begin).total_seconds() / 3600
                if remaining <= available + 1e-9:
                    result = begin + timedelta(hours=remaining)
                    break
                remaining -= available
            else:
                span *= 2
                continue
            if result:
                break
            span *= 2
        self._memo[key] = result
        return result

    def hours_between(self, start, end):
        """Working hours between ``start`` and ``end``."""
        if not start or not end or end <= start:
            return 0.0
        self._load(start, end)
        total = 0.0
        index = bisect.bisect_right(self.stops, start)
        for begin, stop in zip(self.starts[index:], self.stops[index:], strict=True):
            if begin >= end:
                break
            total += (min(stop, end) - max(begin, start)).total_seconds() / 3600
        return total


class WorkingTimes:
    """One :class:`WorkingTime` per (calendar, time zone) of a batch."""

    def __init__(self):
        self._by_key = {}

    def get(self, calendar, tz=None):
        key = (calendar.id, tz or "")
        if key not in self._by_key:
            self._by_key[key] = WorkingTime(calendar, tz)
        return self._by_key[key]
