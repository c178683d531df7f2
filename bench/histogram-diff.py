#!/usr/bin/env python3
"""The difference of two `jcmd GC.class_histogram` outputs, per connection: bench/histogram-diff.py BEFORE AFTER N.

First line: the total bytes per connection; then the bytes per connection by whose classes they are (JDK types such
as arrays, strings and collections are counted apart: who holds them takes a heap dump to tell); then one line per
class, largest first, with instances and bytes per connection (classes that changed by less than 0.05 instances per
connection are left out)."""
import re
import sys

LINE = re.compile(r"^\s*\d+:\s+(\d+)\s+(\d+)\s+(\S+)")


def histogram(path):
    classes = {}
    with open(path) as f:
        for line in f:
            m = LINE.match(line)
            if m:
                classes[m.group(3)] = (int(m.group(1)), int(m.group(2)))
    return classes


before, after, n = histogram(sys.argv[1]), histogram(sys.argv[2]), int(sys.argv[3])
rows = []
for name in set(before) | set(after):
    b, a = before.get(name, (0, 0)), after.get(name, (0, 0))
    rows.append(((a[0] - b[0]) / n, (a[1] - b[1]) / n, name))
total = sum(r[1] for r in rows)
print(f"total bytes per connection: {total:.0f} = KB {total / 1024:.1f}")
OWNERS = [
    ("Tidings", ("io.tidings.",)),
    ("Grizzly", ("org.glassfish.grizzly.",)),
    ("Payara web container", ("org.apache.catalina.", "com.sun.enterprise.", "org.glassfish.web.")),
    ("Payara concurrency", ("org.glassfish.enterprise.concurrent.", "org.glassfish.concurrent.")),
    ("Tyrus", ("org.glassfish.tyrus.",)),
    ("Undertow", ("io.undertow.",)),
    ("XNIO", ("org.xnio.",)),
    ("Weld", ("org.jboss.weld.",)),
    ("socket (JDK)", ("sun.nio.", "java.net.", "java.io.FileDescriptor")),
]
by_owner = {}
for instances, size, name in rows:
    owner = next((o for o, prefixes in OWNERS if name.startswith(prefixes)), "JDK types (arrays, strings, collections)")
    by_owner[owner] = by_owner.get(owner, 0) + size
for owner, size in sorted(by_owner.items(), key=lambda kv: -kv[1]):
    print(f"  {size:8.0f}  {owner}")
print(f"{'instances':>10} {'bytes':>8}  class")
for instances, size, name in sorted(rows, key=lambda r: -abs(r[1])):
    if abs(instances) >= 0.05:
        print(f"{instances:10.2f} {size:8.0f}  {name}")
