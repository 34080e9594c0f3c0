"""
What deciding the browser class costs per request, in microseconds.

    DEBUG=1 .venv/bin/python bench/browser_classification.py

"cold" parses a User-Agent never seen before (the memo is emptied before every call);
"memoized" is every later request from the same browser build. Each figure is the
median over the test corpus of real User-Agent strings, each string timed many times.
"""

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
os.environ.setdefault("DEBUG", "1")

import django

django.setup()

from articles import browsers  # noqa: E402
from tests.reader.test_browser_notice import CORPUS  # noqa: E402

COLD_ROUNDS = 200
WARM_CALLS = 20_000


def cold_microseconds(user_agent):
    timings = []
    for _ in range(COLD_ROUNDS):
        browsers._classify.cache_clear()
        start = time.perf_counter_ns()
        browsers.classify(user_agent)
        timings.append(time.perf_counter_ns() - start)
    return statistics.median(timings) / 1000


def memoized_microseconds(user_agent):
    browsers.classify(user_agent)
    start = time.perf_counter_ns()
    for _ in range(WARM_CALLS):
        browsers.classify(user_agent)
    return (time.perf_counter_ns() - start) / WARM_CALLS / 1000


def main():
    browsers.classify("warm up the parser")  # the rule set loads once per process
    rows = [(name, cold_microseconds(ua), memoized_microseconds(ua)) for name, ua, _ in CORPUS]
    width = max(len(name) for name, _, _ in rows)
    print(f"{'user agent':<{width}}  {'cold µs':>9}  {'memoized µs':>11}")
    for name, cold, warm in rows:
        print(f"{name:<{width}}  {cold:>9.1f}  {warm:>11.2f}")
    colds, warms = [r[1] for r in rows], [r[2] for r in rows]
    median_cold, median_warm = statistics.median(colds), statistics.median(warms)
    print(f"{'median':<{width}}  {median_cold:>9.1f}  {median_warm:>11.2f}")
    print(f"{'worst':<{width}}  {max(colds):>9.1f}  {max(warms):>11.2f}")
    print(f"{len(rows)} User-Agents; Python {sys.version.split()[0]}; {os.cpu_count()} CPUs")


if __name__ == "__main__":
    main()
