#!/usr/bin/env python3
"""xml-order.py: does FILE write its elements in the order of the SAMPLEs?

    python3 tests/xml-order.py FILE SAMPLE...

For every element path (Document/CstmrDrctDbtInitn/PmtInf/..., namespaces
and positions left out), two children that FILE writes one before the
other must never come the other way round in a SAMPLE; BICFI
(pain.008.001.08) counts as BIC (.02).  Prints each pair in the wrong
order and exits 1; prints how many pairs both have and exits 0 when none
is the wrong way round.  Children only one file has are
not compared: the schema, checked apart, decides where they go.
"""
import sys
import xml.etree.ElementTree as ET


def local(tag):
    tag = tag.rsplit('}', 1)[-1]
    return 'BIC' if tag == 'BICFI' else tag


def orders(path):
    """path -> the pairs (a, b) of child names where an a comes before a b
    in some element of that path"""
    out = {}

    def walk(e, p):
        p = p + '/' + local(e.tag)
        pairs = out.setdefault(p, set())
        names = [local(c.tag) for c in e]
        for i, a in enumerate(names):
            for b in names[i + 1:]:
                if a != b:
                    pairs.add((a, b))
        for c in e:
            walk(c, p)
    walk(ET.parse(path).getroot(), '')
    return out


def main():
    if len(sys.argv) < 3:
        sys.exit('usage: xml-order.py FILE SAMPLE...')
    ours = orders(sys.argv[1])
    bad = compared = 0
    for sample in sys.argv[2:]:
        theirs = orders(sample)
        for p, pairs in sorted(ours.items()):
            for a, b in sorted(pairs & {(y, x) for x, y in theirs.get(p, ())}):
                if (a, b) not in theirs[p]:
                    bad += 1
                    print('%s: %s: %s before %s; %s has %s before %s' % (
                        sys.argv[1], p, a, b, sample, b, a))
            compared += len(pairs & theirs.get(p, set()))
    if bad:
        sys.exit(1)
    print('%d pairs of elements compared, same order' % compared)


main()
