#!/usr/bin/env python3
"""Kernel CPU per byte of appending to a file through the page cache vs with O_DIRECT.

The file store's writer pattern: appends of one batch at a time, an fdatasync every 10 ms
(witness.batch.linger) until 850 MB are written. Prints wall time, kernel (sys) seconds and
kernel ns per byte. Used for docs/storage-file.md and docs/benchmarks.md §3:

    python3 benchmarks/scripts/page-cache-vs-direct.py buffered 1048576
    python3 benchmarks/scripts/page-cache-vs-direct.py direct 1048576

Run each more than once: on a VM whose freed memory goes back to the host, the first buffered run
lands on fresh pages and shows the cost the writer met; a run right after may reuse warm pages.
The file goes to the current directory (O_DIRECT needs a file system that takes it: not tmpfs).
"""
import mmap
import os
import resource
import sys
import time

mode, chunk = sys.argv[1], int(sys.argv[2])
total = 850 * 1024 * 1024
flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | (os.O_DIRECT if mode == "direct" else 0)
buf = mmap.mmap(-1, chunk)  # page-aligned, as O_DIRECT needs
buf.write(b"x" * chunk)
path = "page-cache-vs-direct.dat"
fd = os.open(path, flags)
try:
    r0 = resource.getrusage(resource.RUSAGE_SELF)
    t0 = time.time()
    last = t0
    n = 0
    while n < total:
        os.pwrite(fd, buf, n)
        n += chunk
        if time.time() - last > 0.01:
            os.fdatasync(fd)
            last = time.time()
    os.fdatasync(fd)
    r1 = resource.getrusage(resource.RUSAGE_SELF)
    sys_s = r1.ru_stime - r0.ru_stime
    print(f"{mode} {chunk}-byte writes: wall {time.time() - t0:.2f} s, kernel {sys_s:.2f} s, "
          f"{sys_s * 1e9 / total:.2f} ns per byte")
finally:
    os.close(fd)
    os.unlink(path)
