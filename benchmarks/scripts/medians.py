#!/usr/bin/env python3
"""Prints the median (and min-max) of each JMH benchmark's measurement iterations from a
JMH JSON result file (-rf json): the figure docs/benchmarks.md quotes on this noisy machine."""
import json
import statistics
import sys

for r in json.load(open(sys.argv[1])):
    params = ",".join(f"{k}={v}" for k, v in (r.get("params") or {}).items())
    name = r["benchmark"].rsplit(".", 2)[-2] + "." + r["benchmark"].rsplit(".", 1)[-1]
    rows = [("", r["primaryMetric"])]
    for key in ("gc.alloc.rate.norm",):
        if key in r.get("secondaryMetrics", {}):
            rows.append((":" + key, r["secondaryMetrics"][key]))
    for suffix, m in rows:
        values = [v for fork in m["rawData"] for v in fork]
        print(f"{name}{suffix}\t{params}\tmedian={statistics.median(values):.1f}\t"
              f"min={min(values):.1f}\tmax={max(values):.1f}\t{m['scoreUnit']}")
