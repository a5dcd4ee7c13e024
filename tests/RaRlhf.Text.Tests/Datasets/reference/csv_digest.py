#!/usr/bin/python3
"""Independent reference for the C# CsvReader: Python's csv module (strict mode).

Usage: /usr/bin/python3 csv_digest.py FILE...
Prints one JSON object per file: {"file", "header", "rows", "sha256"} where sha256 is over the data records
(header excluded): for every field its UTF-8 bytes then 0x1F, after every record 0x1E. The C# test computes the
same digest from its own reader. Nothing is written; run by CsvReferenceTests at test time.
"""
import csv
import hashlib
import json
import sys

csv.field_size_limit(sys.maxsize)
for path in sys.argv[1:]:
    with open(path, newline="", encoding="utf-8-sig") as f:
        reader = csv.reader(f, strict=True)
        header = next(reader)
        digest = hashlib.sha256()
        rows = 0
        for record in reader:
            for field in record:
                digest.update(field.encode("utf-8"))
                digest.update(b"\x1f")
            digest.update(b"\x1e")
            rows += 1
    print(json.dumps({"file": path, "header": header, "rows": rows, "sha256": digest.hexdigest()}))
