"""The benchmark reads wrk's report correctly (units, percentiles, errors)."""

import importlib.util
from pathlib import Path

import pytest

SPEC = importlib.util.spec_from_file_location(
    "bench_script", Path(__file__).resolve().parents[2] / "bench" / "pages.py"
)
bench = importlib.util.module_from_spec(SPEC)
SPEC.loader.exec_module(bench)

WRK_REPORT = """Running 5s test @ http://127.0.0.1:8901/bench/trivial/
  2 threads and 8 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     1.50ms  323.74us   1.84s    60.00%
  Latency Distribution
     50%  850.00us
     75%    1.77ms
     90%    1.84ms
     99%    1.20s
  5 requests in 2.01s, 332.94KB read
  Socket errors: connect 0, read 2, write 0, timeout 1
  Non-2xx or 3xx responses: 4
Requests/sec:   2481.52
Transfer/sec:    165.36KB
""".replace("1.20s", "1.20s ")  # wrk pads some figures with a trailing space


def test_wrk_report_is_read_in_milliseconds_with_errors_counted():
    figures = bench.parse_wrk(WRK_REPORT)
    assert figures == {"rps": 2481.52, "p50": 0.85, "p99": 1200.0, "errors": 7}


def test_unreadable_wrk_report_stops_the_benchmark():
    with pytest.raises(SystemExit, match="Could not read"):
        bench.parse_wrk("wrk: connection refused")
