#!/usr/bin/python3
"""Independent reference for DatasetSplit + StableHash, re-implemented from their documentation.

Usage: /usr/bin/python3 split_reference.py FILE TEXT_COLUMN LABEL_COLUMN FRACTION SEED [--normalize-br]
Prints, sorted, one line per validation record: the 16-hex FNV-1a64 of its split key (StableHash.ContentId).
Key = the text (with --normalize-br: <br />, <br/>, <br> replaced by "\n", as ImdbText.Normalize);
hash = mix64(fnv1a64(utf8(key)) ^ mix64(seed)); per label, order by (hash, key), take the first
round-half-away-from-zero(fraction * n), and extend the cut past records with an equal key.
Pure Python on purpose (no numpy): imdb_train.csv takes a few CPU seconds.
"""
import csv
import sys
from decimal import Decimal, ROUND_HALF_UP

M = (1 << 64) - 1


def fnv1a64(data):
    h = 14695981039346656037
    for b in data:
        h = ((h ^ b) * 1099511628211) & M
    return h


def mix64(x):
    x = (x + 0x9E3779B97F4A7C15) & M
    x = ((x ^ (x >> 30)) * 0xBF58476D1CE4E5B9) & M
    x = ((x ^ (x >> 27)) * 0x94D049BB133111EB) & M
    return x ^ (x >> 31)


def normalize(text):
    for tag in ("<br />", "<br/>", "<br>"):
        text = text.replace(tag, "\n")
    return text


path, text_column, label_column = sys.argv[1], sys.argv[2], sys.argv[3]
fraction, seed = Decimal(sys.argv[4]), int(sys.argv[5])
normalize_br = "--normalize-br" in sys.argv[6:]
csv.field_size_limit(sys.maxsize)
strata = {}
with open(path, newline="", encoding="utf-8") as f:
    for row in csv.DictReader(f, strict=True):
        key = normalize(row[text_column]) if normalize_br else row[text_column]
        content = fnv1a64(key.encode("utf-8"))
        strata.setdefault(row[label_column], []).append((mix64(content ^ mix64(seed)), key, "%016x" % content))
ids = []
for records in strata.values():
    records.sort(key=lambda r: (r[0], r[1]))
    cut = int((fraction * len(records)).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    while 0 < cut < len(records) and records[cut][1] == records[cut - 1][1]:
        cut += 1
    ids.extend(r[2] for r in records[:cut])
print("\n".join(sorted(ids)))
