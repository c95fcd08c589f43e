#!/usr/bin/env python3
"""What objects of a class keep alive on their own, read from a heap dump.

    jmap -dump:live,format=b,file=heap.hprof <pid>      # e.g. with 15,000 idle connections open (chat-bench connections)
    bench/heap-owners.py heap.hprof org.apache.tomcat.websocket.server.WsFrameServer io.chatplatform.ws.session.ClientSession

For each class named, up to --samples of its instances: the bytes reachable from the instance that nothing outside
that set refers to (a retained size, approximated: the walk does not enter objects with more than --max-referrers
referrers, which are shared), and how those bytes divide among the instance's fields. Sizes assume a 64-bit JVM with
compressed references (12-byte headers, 4-byte references, 8-byte alignment), the default below 32 GB of heap.
Reads the whole dump into memory (about 10x its size); a 300 MB dump takes a minute.
"""
import argparse
import collections
import struct

SIZES = {2: 8, 4: 1, 5: 2, 6: 4, 7: 8, 8: 1, 9: 2, 10: 4, 11: 8}  # HPROF basic types; 2 = object reference (id)


def read(path):
    data = open(path, 'rb').read()
    i = data.index(b'\0') + 1
    if struct.unpack('>I', data[i:i + 4])[0] != 8:
        raise SystemExit('only dumps with 8-byte identifiers are read')
    i += 12
    u4 = lambda at: struct.unpack('>I', data[at:at + 4])[0]
    u8 = lambda at: struct.unpack('>Q', data[at:at + 8])[0]
    names, class_name, fields, supers = {}, {}, {}, {}
    kind = {}          # object id -> class id, or ('prim', type, length) or ('objarr', length)
    instances = []     # (object id, class id, offset of its field values)
    refs = []          # (from, to, field name)

    def sub(i, end):
        while i < end:
            tag = data[i]
            i += 1
            if tag == 0xff:
                i += 8
            elif tag in (1, 2, 3, 8):
                i += 16
            elif tag in (4, 6):
                i += 12
            elif tag in (5, 7):
                i += 8
            elif tag == 0x20:  # class dump
                cid, sup = u8(i), u8(i + 12)
                i += 8 + 4 + 8 * 6 + 4
                for key in (2, 8):  # constant pool entries (u2 index), static fields (name id); then type, value
                    n = struct.unpack('>H', data[i:i + 2])[0]
                    i += 2
                    for _ in range(n):
                        t = data[i + key]
                        i += key + 1 + SIZES[t]
                n = struct.unpack('>H', data[i:i + 2])[0]
                i += 2
                fields[cid] = [(u8(i + 9 * k), data[i + 9 * k + 8]) for k in range(n)]
                supers[cid] = sup
                i += 9 * n
            elif tag == 0x21:  # instance
                oid, cid, length = u8(i), u8(i + 12), u4(i + 20)
                kind[oid] = cid
                instances.append((oid, cid, i + 24))
                i += 24 + length
            elif tag == 0x22:  # object array
                oid, n = u8(i), u4(i + 12)
                kind[oid] = ('objarr', n)
                base = i + 24
                for k in range(n):
                    to = u8(base + 8 * k)
                    if to:
                        refs.append((oid, to, '[]'))
                i = base + 8 * n
            elif tag == 0x23:  # primitive array
                oid, n, t = u8(i), u4(i + 12), data[i + 16]
                kind[oid] = ('prim', t, n)
                i += 17 + n * SIZES[t]
            else:
                raise SystemExit('unknown heap dump sub-record %#x' % tag)

    while i < len(data):
        tag, length = data[i], u4(i + 5)
        i += 9
        if tag == 0x01:
            names[u8(i)] = data[i + 8:i + length].decode('utf8', 'replace')
        elif tag == 0x02:
            class_name[u8(i + 4)] = names.get(u8(i + 16), '?').replace('/', '.')
        elif tag in (0x0c, 0x1c):
            sub(i, i + length)
        i += length

    layouts = {}

    def layout(cid):
        if cid not in layouts:
            own = fields.get(cid, [])
            layouts[cid] = own + (layout(supers[cid]) if supers.get(cid) else [])
        return layouts[cid]

    for oid, cid, at in instances:
        for name_id, t in layout(cid):
            if t == 2:
                to = u8(at)
                if to:
                    refs.append((oid, to, names.get(name_id, '?')))
            at += SIZES[t]
    shallow_of = {}
    for cid in fields:
        shallow_of[cid] = (12 + sum(4 if t == 2 else SIZES[t] for _, t in layout(cid)) + 7) // 8 * 8

    def shallow(oid):
        k = kind.get(oid)
        if k is None:
            return 0
        if isinstance(k, tuple):
            body = k[2] * SIZES[k[1]] if k[0] == 'prim' else 4 * k[1]
            return (16 + body + 7) // 8 * 8
        return shallow_of.get(k, 16)

    def name(oid):
        k = kind.get(oid)
        if isinstance(k, tuple):
            return 'primitive array' if k[0] == 'prim' else 'object array'
        return class_name.get(k, '?')

    return kind, refs, set(class_name), class_name, shallow, name


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('dump')
    parser.add_argument('classes', nargs='+', help='fully qualified class names')
    parser.add_argument('--samples', type=int, default=20)
    parser.add_argument('--max-referrers', type=int, default=3)
    args = parser.parse_args()
    kind, refs, class_ids, class_name, shallow, name = read(args.dump)
    out, into = collections.defaultdict(list), collections.defaultdict(list)
    for frm, to, field in refs:
        out[frm].append((to, field))
        into[to].append(frm)

    def retained(root):
        members, stack = {root}, [root]
        while stack:
            for to, _ in out.get(stack.pop(), ()):
                if (to not in members and to not in class_ids and to in kind
                        and len(into.get(to, ())) <= args.max_referrers):
                    members.add(to)
                    stack.append(to)
        while True:  # drop what is also referred to from outside, and what only those kept alive
            shared = {o for o in members if o != root and any(r not in members for r in into.get(o, ()))}
            if not shared:
                return members
            kept, stack = {root}, [root]
            while stack:
                for to, _ in out.get(stack.pop(), ()):
                    if to in members and to not in kept and to not in shared:
                        kept.add(to)
                        stack.append(to)
            if kept == members:
                return members
            members = kept

    wanted = set(args.classes)
    samples = collections.defaultdict(list)
    for oid, k in kind.items():
        if not isinstance(k, tuple) and class_name.get(k) in wanted and len(samples[class_name[k]]) < args.samples:
            samples[class_name[k]].append(oid)
    for cls in args.classes:
        objs = samples.get(cls)
        if not objs:
            print('==', cls, 'no instances')
            continue
        total, by_field = 0, collections.Counter()
        for oid in objs:
            members = retained(oid)
            total += sum(shallow(o) for o in members)
            for to, field in out.get(oid, ()):
                if to in members and to != oid:
                    by_field[field + ': ' + name(to)] += sum(shallow(o) for o in retained(to) & members)
        print('== %s: retains %.0f bytes on average (itself %d)' % (cls, total / len(objs), shallow(objs[0])))
        for field, size in by_field.most_common(12):
            print('   %7.0f  %s' % (size / len(objs), field))


if __name__ == '__main__':
    main()
