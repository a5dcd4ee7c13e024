#!/usr/bin/env python3
"""Writes edge_vectors.jsonl: strings this project wrote itself, with GPT-2 ids from the npm reference.

Regenerate (needs node and `cd tools/reference && npm ci`):
    python3 tests/RaRlhf.Text.Tests/Fixtures/make_edge_vectors.py
The ids come from tools/reference/encode.js (gpt-3-encoder@1.1.4); EdgeCaseVectorTests checks our tokenizer against
them and re-runs the reference at test time to confirm the file is current. No string here contains U+0085 or U+FEFF,
where JavaScript's \\s differs from the White_Space set GPT-2 uses (WhiteSpaceDivergenceTests covers those).
"""
import json, os, subprocess

CASES = [
    ("ascii sentence", "Hello world! This is a test."),
    ("contractions", "I'm sure it's what they'd've said: we'll, you're, I've, don't, 'S 'T, rock'n'roll''s"),
    ("uppercase contractions", "IT'S I'M WE'LL THEY'RE"),
    ("digits", "In 1984 there were 3.14159 pies, 1,000,000 dollars and 42nd street; 2024-12-01T09:00Z"),
    ("non-ascii digits", "Arabic-Indic \u0661\u0662\u0663, superscript x\u00b2\u00b3, fractions \u00bd \u2153, roman \u2163"),
    ("emoji", "I love it \U0001F600\U0001F44D\U0001F3FD!! \U0001F525\U0001F525\U0001F525"),
    ("zwj sequences", "family \U0001F468\u200D\U0001F469\u200D\U0001F467\u200D\U0001F466 and flag \U0001F3F3\uFE0F\u200D\U0001F308"),
    ("combining marks", "cafe\u0301 vs caf\u00e9, n\u0303, a\u0308\u0304, Zalgo Z\u0351\u0348a\u0310\u0324l\u0357g\u0313o"),
    ("cjk", "\u65e5\u672c\u8a9e\u306e\u30c6\u30ad\u30b9\u30c8\u3002\u4e2d\u6587\u6587\u672c\uff0c\ud55c\uad6d\uc5b4 \ud14d\uc2a4\ud2b8"),
    ("astral cjk", "\U00020000\U0002A6D6 and math \U0001D400\U0001D401\U0001D7CE"),
    ("crlf", "line one\r\nline two\r\n\r\nline four\r\n"),
    ("tabs and newlines", "\tindented\n\n\n  two spaces\t\ttabs\n \n"),
    ("long space run", "a" + " " * 40 + "b" + " " * 17),
    ("mixed whitespace run", "x \t \u00a0 \u3000 y\u2028z\u2029"),
    ("leading and trailing spaces", "   lead and trail   "),
    ("very long word", "supercalifragilisticexpialidocious" * 60),
    ("very long digits", "1234567890" * 80),
    ("very long punctuation", "!?-=" * 200 + "..." + "----" * 50),
    ("html markup", "Great film.<br /><br />Would watch again & again :-) <i>10/10</i>"),
    ("special token as text", "before<|endoftext|>after <|endoftext|>"),
    ("quotes and dashes", "\u201cquoted\u201d \u2018single\u2019 \u2014 em dash \u2013 en dash \u2026 ellipsis"),
    ("latin-1 and accents", "na\u00efve fa\u00e7ade r\u00e9sum\u00e9 \u00fcber Stra\u00dfe \u00d8resund"),
    ("rtl scripts", "\u05e9\u05dc\u05d5\u05dd \u05e2\u05d5\u05dc\u05dd \u0645\u0631\u062d\u0628\u0627 \u0628\u0627\u0644\u0639\u0627\u0644\u0645"),
    ("indic", "\u0928\u092e\u0938\u094d\u0924\u0947 \u0926\u0941\u0928\u093f\u092f\u093e \u0bb5\u0ba3\u0b95\u0bcd\u0b95\u0bae\u0bcd"),
    ("control characters", "bell\u0007 nul\u0000 esc\u001b[0m del\u007f"),
    ("single characters", "a"),
    ("single space", " "),
    ("apostrophe alone", "'"),
    ("empty", ""),
]

here = os.path.dirname(os.path.abspath(__file__))
reference = os.path.join(here, "..", "..", "..", "tools", "reference")
stdin = "".join(json.dumps({"text": text}) + "\n" for _, text in CASES)
out = subprocess.run(["node", "encode.js"], cwd=reference, input=stdin, capture_output=True, text=True, check=True)
ids = [json.loads(line)["ids"] for line in out.stdout.splitlines()]
assert len(ids) == len(CASES), (len(ids), len(CASES))
with open(os.path.join(here, "edge_vectors.jsonl"), "w", encoding="utf-8", newline="\n") as f:
    for (name, text), row in zip(CASES, ids):
        f.write(json.dumps({"name": name, "text": text, "ids": row}) + "\n")
print(f"wrote {len(CASES)} vectors")
