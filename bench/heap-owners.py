#!/usr/bin/env python3
"""Who holds the heap of each connection, from two heap dumps (`jcmd PID GC.heap_dump`, as bench/idle-heap.sh takes
with DUMP=): every object is charged to its first holder that is not a JDK type (an array, string or map goes to the
object that refers to it first, climbing through JDK objects), and the difference between the dumps is divided by N.

  bench/heap-owners.py BEFORE.hprof AFTER.hprof N      bytes per connection by part of the runtime, then by holder
  bench/heap-owners.py DUMP.hprof refs CLASS...        which class and field refer to instances of CLASS
                                                       ('[char:1024' = the char[] of that length)

A small reader of HPROF 1.0.2 with 8-byte ids; sizes assume compressed references (a 64-bit JVM below 32 GB)."""
import mmap
import struct
import sys
from collections import Counter

PRIMITIVES = {4: ('boolean', 1), 5: ('char', 2), 6: ('float', 4), 7: ('double', 8), 8: ('byte', 1), 9: ('short', 2),
              10: ('int', 4), 11: ('long', 8)}
FIELD_BYTES = {2: 8, 4: 1, 5: 2, 6: 4, 7: 8, 8: 1, 9: 2, 10: 4, 11: 8}  # as stored in the dump
JDK = ('java.', 'javax.', 'jdk.', 'sun.', 'com.sun.org.', '[')
PARTS = [
    ("Tidings", ("io.tidings.",)),
    ("Grizzly (the HTTP request kept after the upgrade)", ("org.glassfish.grizzly.",)),
    ("Payara's servlet container (Catalina)", ("org.apache.catalina.", "com.sun.enterprise.web", "org.glassfish.web.")),
    ("Tyrus", ("org.glassfish.tyrus.",)),
    ("Payara's invocation context (concurrency, Weld)",
     ("org.glassfish.enterprise.concurrent", "org.glassfish.concurrent", "org.jboss.weld", "com.sun.enterprise.")),
    ("Undertow WebSocket (channel, session, handlers)", ("io.undertow.websockets",)),
    ("Undertow HTTP connection (kept after the upgrade)", ("io.undertow.",)),
    ("XNIO", ("org.xnio.",)),
]


class Dump:
    def __init__(self, path):
        f = open(path, 'rb')
        self.m = m = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
        end = m.find(b'\0') + 1
        if struct.unpack('>I', m[end:end + 4])[0] != 8:
            raise SystemExit('only dumps with 8-byte ids')
        self.strings, self.classname, self.fields, self.segments, self.layouts = {}, {}, {}, [], {}
        pos = end + 12
        while pos < len(m):
            tag = m[pos]
            length = struct.unpack('>I', m[pos + 5:pos + 9])[0]
            body = pos + 9
            if tag == 0x01:
                self.strings[struct.unpack('>Q', m[body:body + 8])[0]] = m[body + 8:body + length].decode('utf-8',
                                                                                                        'replace')
            elif tag == 0x02:
                _, cid, _, nid = struct.unpack('>IQIQ', m[body:body + 24])
                self.classname[cid] = self.strings.get(nid, '?').replace('/', '.')
            elif tag in (0x0c, 0x1c):
                self.segments.append((body, body + length))
            pos = body + length

    def walk(self, visit):
        """Calls visit(kind, id, class or element type, data offset, length) for every object: kind 'i' (instance),
        'o' (object array) or 'p' (primitive array); reads the class layouts on the way."""
        m = self.m
        skip = {0xff: 8, 0x01: 16, 0x02: 16, 0x03: 16, 0x04: 12, 0x05: 8, 0x07: 8, 0x06: 12, 0x08: 16}
        for start, end in self.segments:
            p = start
            while p < end:
                sub = m[p]
                p += 1
                if sub in skip:
                    p += skip[sub]
                elif sub == 0x20:
                    p = self.read_class(p)
                elif sub == 0x21:
                    oid, _, cid, n = struct.unpack('>QIQI', m[p:p + 24])
                    visit('i', oid, cid, p + 24, n)
                    p += 24 + n
                elif sub == 0x22:
                    oid, _, n, cid = struct.unpack('>QIIQ', m[p:p + 24])
                    visit('o', oid, cid, p + 24, n)
                    p += 24 + 8 * n
                elif sub == 0x23:
                    oid, _, n, t = struct.unpack('>QIIB', m[p:p + 17])
                    visit('p', oid, t, p + 17, n)
                    p += 17 + FIELD_BYTES[t] * n
                else:
                    raise SystemExit('unknown heap record %x at %d' % (sub, p))

    def read_class(self, p):
        m = self.m
        cid = struct.unpack('>Q', m[p:p + 8])[0]
        parent = struct.unpack('>Q', m[p + 12:p + 20])[0]
        q = p + 8 + 4 + 8 * 6 + 4
        count = struct.unpack('>H', m[q:q + 2])[0]
        q += 2
        for _ in range(count):  # constant pool
            q += 3 + FIELD_BYTES[m[q + 2]]
        count = struct.unpack('>H', m[q:q + 2])[0]
        q += 2
        for _ in range(count):  # static fields
            q += 9 + FIELD_BYTES[m[q + 8]]
        count = struct.unpack('>H', m[q:q + 2])[0]
        q += 2
        own = []
        for _ in range(count):
            own.append((self.strings.get(struct.unpack('>Q', m[q:q + 8])[0], '?'), m[q + 8]))
            q += 9
        self.fields[cid] = (parent, own)
        return q

    def layout(self, cid):
        if cid not in self.layouts:
            out, c = [], cid
            while c in self.fields:
                parent, own = self.fields[c]
                out.extend(own)
                c = parent
            self.layouts[cid] = out
        return self.layouts[cid]

    def references(self, kind, cid, data, n):
        m = self.m
        if kind == 'i':
            q = data
            for name, t in self.layout(cid):
                if t == 2:
                    yield name, struct.unpack('>Q', m[q:q + 8])[0]
                q += FIELD_BYTES[t]
        elif kind == 'o':
            for i in range(n):
                yield '[]', struct.unpack('>Q', m[data + 8 * i:data + 8 * i + 8])[0]

    def owners(self):
        """Bytes by holder class: each object charged to its first non-JDK holder."""
        klass, size, holder = {}, {}, {}

        def visit(kind, oid, cid, data, n):
            if kind == 'i':
                klass[oid] = self.classname.get(cid, '?')
                size[oid] = (12 + sum(4 if t == 2 else FIELD_BYTES[t] for _, t in self.layout(cid)) + 7) // 8 * 8
            elif kind == 'o':
                klass[oid] = '[' + self.classname.get(cid, '?')
                size[oid] = (16 + 4 * n + 7) // 8 * 8
            else:
                klass[oid] = '[' + PRIMITIVES[cid][0]
                size[oid] = (16 + PRIMITIVES[cid][1] * n + 7) // 8 * 8
            for _, ref in self.references(kind, cid, data, n):
                if ref and ref not in holder:
                    holder[ref] = oid

        self.walk(visit)
        totals = Counter()
        for oid, name in klass.items():
            owner, at = name, oid
            for _ in range(30):
                if not owner.startswith(JDK):
                    break
                at = holder.get(at)
                if at is None:
                    break
                owner = klass.get(at, '?')
            totals[owner] += size[oid]
        return totals

    def referrers(self, wanted):
        targets = set()

        def find(kind, oid, cid, data, n):
            for w in wanted:
                if kind == 'i' and w == self.classname.get(cid):
                    targets.add(oid)
                elif kind == 'p' and w.startswith('[') and w[1:] == '%s:%d' % (PRIMITIVES[cid][0], n):
                    targets.add(oid)

        self.walk(find)
        found = Counter()

        def refer(kind, oid, cid, data, n):
            for name, ref in self.references(kind, cid, data, n):
                if ref in targets:
                    found[(self.classname.get(cid, '?'), name)] += 1

        self.walk(refer)
        return len(targets), found


def main(args):
    if len(args) >= 3 and args[1] == 'refs':
        count, found = Dump(args[0]).referrers(args[2:])
        print(f'{count} instances, referred to by:')
        for (holder, field), k in found.most_common(40):
            print(f'{k:8d}  {holder}.{field}')
        return
    before, after, n = Dump(args[0]).owners(), Dump(args[1]).owners(), int(args[2])
    per = {name: (after.get(name, 0) - before.get(name, 0)) / n for name in set(before) | set(after)}
    parts = Counter()
    for name, b in per.items():
        parts[next((part for part, prefixes in PARTS if name.startswith(prefixes)), 'other (JDK: sockets, ...)')] += b
    print(f'bytes per connection: {sum(per.values()):.0f}')
    for part, b in parts.most_common():
        print(f'{b:8.0f}  {part}')
    print('by holder:')
    for name, b in sorted(per.items(), key=lambda kv: -kv[1])[:60]:
        print(f'{b:8.0f}  {name}')


if __name__ == '__main__':
    main(sys.argv[1:])
