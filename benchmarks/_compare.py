"""Timing ours against scikit-learn fairly on a noisy machine: one run, interleaved, medians."""

from __future__ import annotations

import statistics
from collections.abc import Callable


def interleaved_medians(timers: dict[str, Callable[[], float]], repeats: int) -> dict[str, float]:
    """Median of each timer's seconds over `repeats` rounds, after one untimed warm-up each.

    The order alternates every round (ours first, then scikit-learn first), so a burst of load
    from another process falls on both sides rather than on one.
    """
    for timer in timers.values():
        timer()  # warm-up: imports, caches, BLAS threads
    samples: dict[str, list[float]] = {key: [] for key in timers}
    for repeat in range(repeats):
        order = list(timers) if repeat % 2 == 0 else list(reversed(timers))
        for key in order:
            samples[key].append(timers[key]())
    return {key: statistics.median(values) for key, values in samples.items()}
