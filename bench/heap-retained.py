#!/usr/bin/env python3
"""What one connection alone keeps alive, and under which of its objects and fields, from a heap dump at N idle
connections (bench/idle-heap.sh with DUMP=) and the histogram difference of that run (bench/results/idle-heap/*-diff.txt):

  bench/heap-retained.py DUMP.hprof DIFF.txt START_CLASS      e.g. org.glassfish.grizzly.nio.transport.TCPNIOConnection

From one instance of START_CLASS it walks to the instances of the classes the difference counts about once or more
per connection (through small JDK objects only, so not into another connection through a registry's map), computes
which objects become unreachable from the GC roots without them (the connection's own), and prints their dominator
tree and, for each, the field of the first non-chunk object holding it. Needs numpy, scipy and networkx. Built on the
reader of bench/heap-owners.py; sizes assume compressed references, like it."""
import importlib.util
import os
import struct
import sys
from collections import Counter

import networkx as nx
import numpy as np
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import breadth_first_order

_spec = importlib.util.spec_from_file_location('heap_owners', os.path.join(os.path.dirname(__file__), 'heap-owners.py'))
ho = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(ho)
JDK = ('java.', 'jdk.', 'sun.', '[')
CHUNKS = ('org.glassfish.grizzly.http.util.',) + JDK  # climbed through when naming a holder


def graph(path):
    """Every object (class, size) and reference (from, to, field), the GC roots and class statics as references."""
    d = ho.Dump(path)
    m, fb = d.m, ho.FIELD_BYTES
    cls, size, ids, src, dst, field, names, roots = [], [], [], [], [], [], {}, []

    def visit(kind, oid, cid, data, n):
        i = len(ids)
        ids.append(oid)
        if kind == 'i':
            cls.append(d.classname.get(cid, '?'))
            size.append((12 + sum(4 if t == 2 else fb[t] for _, t in d.layout(cid)) + 7) // 8 * 8)
        elif kind == 'o':
            cls.append(d.classname.get(cid, '?') + '[]')
            size.append((16 + 4 * n + 7) // 8 * 8)
        else:
            cls.append('%s[%d]' % (ho.PRIMITIVES[cid][0], n))
            size.append((16 + ho.PRIMITIVES[cid][1] * n + 7) // 8 * 8)
        for name, ref in d.references(kind, cid, data, n):
            if ref:
                src.append(i)
                dst.append(ref)
                field.append(names.setdefault(name, len(names)))

    statics = {}
    for start, end in d.segments:  # roots and static fields
        p = start
        while p < end:
            sub = m[p]
            p += 1
            if sub in (0xff, 0x05, 0x07):
                roots.append(struct.unpack('>Q', m[p:p + 8])[0])
                p += 8
            elif sub in (0x01, 0x02, 0x03, 0x08):
                roots.append(struct.unpack('>Q', m[p:p + 8])[0])
                p += 16
            elif sub in (0x04, 0x06):
                roots.append(struct.unpack('>Q', m[p:p + 8])[0])
                p += 12
            elif sub == 0x20:
                cid = struct.unpack('>Q', m[p:p + 8])[0]
                q = p + 8 + 4 + 8 * 6 + 4
                count = struct.unpack('>H', m[q:q + 2])[0]
                q += 2
                for _ in range(count):
                    q += 3 + fb[m[q + 2]]
                count = struct.unpack('>H', m[q:q + 2])[0]
                q += 2
                refs = []
                for _ in range(count):
                    if m[q + 8] == 2:
                        refs.append(struct.unpack('>Q', m[q + 9:q + 17])[0])
                    q += 9 + fb[m[q + 8]]
                statics[cid] = refs
                p = d.read_class(p)
            elif sub == 0x21:
                p += 24 + struct.unpack('>I', m[p + 20:p + 24])[0]
            elif sub == 0x22:
                p += 24 + 8 * struct.unpack('>I', m[p + 12:p + 16])[0]
            elif sub == 0x23:
                p += 17 + fb[m[p + 16]] * struct.unpack('>I', m[p + 12:p + 16])[0]
            else:
                raise SystemExit('unknown heap record %x' % sub)
    d.walk(visit)
    static = names.setdefault('(static)', len(names))
    for cid, refs in statics.items():
        roots.append(cid)
        i = len(ids)
        ids.append(cid)
        cls.append('class ' + d.classname.get(cid, '?'))
        size.append(0)
        for ref in refs:
            if ref:
                src.append(i)
                dst.append(ref)
                field.append(static)
    ids = np.array(ids, dtype=np.int64)
    order = np.argsort(ids)
    sorted_ids = ids[order]

    def index(refs):
        refs = np.array(refs, dtype=np.int64)
        at = np.minimum(np.searchsorted(sorted_ids, refs), len(ids) - 1)
        found = sorted_ids[at] == refs
        return order[at], found

    dst, found = index(dst)
    root_index, root_found = index(roots)
    return dict(cls=cls, size=np.array(size), src=np.array(src)[found], dst=dst[found],
                field=np.array(field)[found], names={v: k for k, v in names.items()},
                roots=np.unique(root_index[root_found]))


def main(dump, diff, start):
    g = graph(dump)
    cls, size, src, dst, fields, names = g['cls'], g['size'], g['src'], g['dst'], g['field'], g['names']
    n = len(cls)
    all_src = np.concatenate([src, np.full(len(g['roots']), n)])
    all_dst = np.concatenate([dst, g['roots']])

    def reachable(keep):
        s, t = all_src[keep], all_dst[keep]
        order = breadth_first_order(csr_matrix((np.ones(len(s), np.int8), (s, t)), shape=(n + 1, n + 1)), n,
                                    return_predecessors=False)
        r = np.zeros(n + 1, dtype=bool)
        r[order] = True
        return r

    live = reachable(np.ones(len(all_src), dtype=bool))
    per_connection = set()
    for line in open(diff):
        parts = line.split()
        if len(parts) == 3 and parts[0].replace('.', '', 1).isdigit() and float(parts[0]) >= 0.9:
            if not parts[2].startswith(JDK):
                per_connection.add(parts[2])
    o = np.argsort(src, kind='stable')
    ptr = np.searchsorted(src[o], np.arange(n + 1))
    out = dst[o]
    starts = [i for i, c in enumerate(cls) if c == start and live[i]]
    if not starts:
        raise SystemExit('no live ' + start)
    seed = starts[len(starts) // 2]
    members, seen, stack = set(), {seed}, [(seed, 0)]
    while stack:
        v, jdk_hops = stack.pop()
        if cls[v] in per_connection:
            members.add(v)
            jdk_hops = 0
        for w in out[ptr[v]:ptr[v + 1]].tolist():
            if w in seen:
                continue
            if cls[w] in per_connection or (cls[w].startswith(JDK) and jdk_hops < 4 and size[w] <= 400):
                seen.add(w)
                stack.append((w, 0 if cls[w] in per_connection else jdk_hops + 1))
    own = np.nonzero(live & ~reachable(~np.isin(all_dst, list(members))))[0]
    own = own[own < n]
    print(f'{start}: {len(starts)} live; one connection: {len(members)} objects of per-connection classes, '
          f'{len(own)} objects and {int(size[own].sum())} bytes its own')
    mine = set(own.tolist())
    tree = nx.DiGraph()
    for v in members & mine:
        tree.add_edge(-1, v)
    inner = np.nonzero(np.isin(src, own) & np.isin(dst, own))[0]
    holder = {}
    for a, b, f in zip(src[inner].tolist(), dst[inner].tolist(), fields[inner].tolist()):
        tree.add_edge(a, b, field=names[f])
    into = np.nonzero(np.isin(dst, own))[0]
    for a, b, f in zip(src[into].tolist(), dst[into].tolist(), fields[into].tolist()):
        holder.setdefault(b, (a, names[f]))
    idom = nx.immediate_dominators(tree, -1)
    kids = {}
    for v, d in idom.items():
        if v != d:
            kids.setdefault(d, []).append(v)
    retained = {}
    for v in reversed(list(nx.dfs_preorder_nodes(tree, -1))):
        retained[v] = (int(size[v]) if v >= 0 else 0) + sum(retained.get(k, 0) for k in kids.get(v, []))
    minimum = int(os.environ.get('MINB', '300'))

    def show(v, depth):
        for k in sorted(kids.get(v, []), key=lambda k: -retained[k]):
            if retained[k] >= minimum:
                via = tree.edges[idom[k], k].get('field', '') if idom[k] >= 0 else ''
                print('  ' * depth + f'{retained[k]:7d}  {("." + via + " ") if via else ""}{cls[k]}')
                show(k, depth + 1)

    print('dominator tree (MINB=%d):' % minimum)
    show(-1, 1)
    by_holder = Counter()
    for v in mine:
        at = v
        for _ in range(12):
            if at not in holder:
                by_holder['(root)'] += int(size[v])
                break
            a, f = holder[at]
            if not cls[a].startswith(CHUNKS):
                by_holder[f'{cls[a]}.{f}'] += int(size[v])
                break
            at = a
    print('by holder field (the first holder that is not a chunk or JDK object):')
    for name, b in by_holder.most_common(40):
        print(f'{b:7d}  {name}')


if __name__ == '__main__':
    if len(sys.argv) != 4:
        raise SystemExit(__doc__)
    main(*sys.argv[1:])
