#!/usr/bin/env python3
"""Recall and false findings of `jixiao audit` on a labelled folder (fixtures/audit-corpus/FORMAT.md).

Usage: scripts/audit-accuracy.py DIR   (uses $JIXIAO, default target/debug/jixiao; build it first)
A diagnostic (error or warning) matches a labelled inconsistency when its span or a related span
overlaps the label's text on its line (or an `also` place). Unmatched errors are false errors.
Single-file checks only (--no-batch). A measurement aid until the Rust accuracy test exists.
"""
import json, subprocess, sys, glob, os, tomllib
d = sys.argv[1]
txts = sorted(glob.glob(os.path.join(d, '*.txt')))
txts = [t for t in txts if os.path.exists(t[:-4] + '.labels.toml')]
out = subprocess.run([os.environ.get('JIXIAO', 'target/debug/jixiao'), 'audit', *txts, '--format', 'json', '--no-progress', '--no-batch'], capture_output=True)
v = json.loads(out.stdout)
total = found = ferr = fwarn = 0
for f in v['files']:
    lab = tomllib.load(open(f['file'][:-4] + '.labels.toml', 'rb'))
    lines = open(f['file'], encoding='utf-8').read().split('\n')
    incs = lab.get('inconsistency', [])
    def places(x):
        ps = [(x['line'], x['text'])] + [(a['line'], a['text']) for a in x.get('also', [])]
        return ps
    def hit(span, ps):
        for (ln, t) in ps:
            if span['line'] != ln and span.get('end_line', span['line']) != ln: continue
            L = lines[ln-1]; i = L.find(t)
            if i < 0: continue
            a, b = i, i + len(t)
            c0 = span['column'] - 1 if span['line'] == ln else 0
            c1 = (span['end_column'] - 1) if span.get('end_line') == ln else len(L)
            if c0 < b and c1 > a: return True
        return False
    matched = set()
    for dg in f['diagnostics']:
        if dg['severity'] not in ('error', 'warning'): continue
        spans = [dg['span']] + [r['span'] for r in dg['related']]
        m = [k for k, x in enumerate(incs) if any(hit(s, places(x)) for s in spans)]
        if m: matched.update(m)
        elif dg['severity'] == 'error': ferr += 1; print('FALSE ERR', os.path.basename(f['file']), dg['span']['line'], dg['code'], dg['message'][:80])
        else: fwarn += 1
    total += len(incs); found += len(matched)
    for k, x in enumerate(incs):
        if k not in matched: print('MISS', os.path.basename(f['file']), x['line'], x['text'], x.get('pattern'))
print(f'texts={len(v["files"])} inconsistencies={total} found={found} recall={found/max(total,1):.0%} false_errors={ferr} false_warnings={fwarn}')
