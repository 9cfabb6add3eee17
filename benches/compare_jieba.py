#!/usr/bin/env python3
"""Segmentation throughput, bole (jieba-rs + domain dictionary) vs Python jieba, on the same real text.

    pip install jieba
    python3 benches/compare_jieba.py [--mb 8] [--jobs ../shared/data/cn_jobs_jobhunting/jobs.csv]

1. Writes titles + descriptions of the real postings (HTML line breaks removed, one posting per line,
   first N MB) to a temporary file.
2. Segments it with Python jieba (`jieba.lcut`, HMM on, same domain dictionary added), single thread.
3. Runs `cargo bench -p bole-benches --bench segment` on the same file (BOLE_SEG_TEXT) and reads its
   `BOLE_SEG` lines.
4. Prints both throughputs and the ratio.
"""
import argparse, csv, os, re, subprocess, sys, tempfile, time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DICT = ROOT / 'engine' / 'data' / 'dict'


def prepare(s):
    # Must match benches/benches/segment.rs `prepare`.
    for a in ('<br>', '<br/>', '_x000d_', '\r', '\n'):
        s = s.replace(a, ' ')
    return s


def extract(jobs, max_bytes, out):
    csv.field_size_limit(1 << 30)
    n = 0
    with open(jobs, encoding='utf-8', newline='') as f, open(out, 'w', encoding='utf-8') as o:
        for row in csv.DictReader(f):
            line = prepare(row['职位'] + ' ' + row['职位描述'])
            o.write(line + '\n')
            n += len(line.encode('utf-8')) + 1
            if n >= max_bytes:
                break
    return n


def domain_words():
    for p in sorted(DICT.glob('*.txt')):
        for line in p.read_text(encoding='utf-8').splitlines():
            line = line.split('#')[0].strip()
            if line:
                parts = line.split()
                yield parts[0], (int(parts[1]) if len(parts) > 1 else None)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--mb', type=float, default=8.0)
    ap.add_argument('--jobs', default=str(ROOT.parent / 'shared/data/cn_jobs_jobhunting/jobs.csv'))
    args = ap.parse_args()
    try:
        import jieba
    except ImportError:
        sys.exit('pip install jieba')
    jieba.setLogLevel(60)
    fd, text_path = tempfile.mkstemp(suffix='.txt', prefix='bole-seg-')
    os.close(fd)
    nbytes = extract(args.jobs, int(args.mb * (1 << 20)), text_path)
    lines = Path(text_path).read_text(encoding='utf-8').splitlines()

    jieba.initialize()
    for w, f in domain_words():
        jieba.add_word(w, freq=f)
    for l in lines[:200]:
        jieba.lcut(l)
    t = time.perf_counter()
    words = 0
    for l in lines:
        words += len(jieba.lcut(l))
    py_secs = time.perf_counter() - t
    py = nbytes / 1e6 / py_secs
    print(f'python jieba {jieba.__version__}: {nbytes/1e6:.1f} MB, {words} tokens, {py_secs:.2f} s, {py:.2f} MB/s')

    env = dict(os.environ, BOLE_SEG_TEXT=text_path)
    cmd = ['cargo', 'bench', '-q', '-p', 'bole-benches', '--bench', 'segment', '--', '--warm-up-time', '1',
           '--measurement-time', '3']
    res = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True)
    os.unlink(text_path)
    if res.returncode != 0:
        sys.exit(res.stdout + res.stderr)
    rust = {}
    for line in res.stdout.splitlines():
        if line.startswith('BOLE_SEG '):
            kv = dict(x.split('=', 1) for x in line.split()[1:])
            rust[kv['mode']] = float(kv['mb_s'])
            print(f"bole {kv['mode']}: {kv['mb_s']} MB/s ({kv['words']} words, {kv['secs']} s)")
    for mode in ('jieba_cut', 'words'):
        if mode in rust:
            print(f'ratio bole {mode} / python jieba: {rust[mode] / py:.1f}x')


if __name__ == '__main__':
    main()
