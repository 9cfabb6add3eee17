"""Hooks for .ci/schemathesis (loaded through SCHEMATHESIS_HOOKS).

- JSON Lines bodies (`application/x-ndjson`): the document describes such a body as an array of
  records, one line each; schemathesis has no serializer for the media type, so one is given here.
- The known places (`AdCode`, `PlaceName`: about 3,500 codes and 7,000 names) are enums in the
  document; the coverage phase would send every value of them to every operation that takes a
  place (hours), so the test run keeps an evenly spaced sample of 40 of each, plus the codes
  of the data set's records (answers hold them).
- Rules relating two fields of a record are filtered out of generated bodies (below).
"""
import json

import schemathesis


SAMPLE = 40


def _data_codes():
    import os
    import re

    codes = set()
    for path in os.environ.get("ST_DATA_FILES", "").split():
        with open(path, encoding="utf-8") as f:
            codes.update(re.findall(r'"adcode":"([0-9]{6})"', f.read()))
    return codes


@schemathesis.hook
def before_load_schema(ctx, raw_schema):
    schemas = raw_schema.get("components", {}).get("schemas", {})
    keep = _data_codes()
    for name in ("AdCode", "PlaceName"):
        values = schemas.get(name, {}).get("enum")
        if values and len(values) > SAMPLE:
            step = len(values) / SAMPLE
            sample = {values[int(i * step)] for i in range(SAMPLE)}
            schemas[name]["enum"] = [v for v in values if v in sample or v in keep]


@schemathesis.serializer("application/x-ndjson")
def ndjson(ctx, value):
    if value is None:
        return None
    if isinstance(value, list):
        return "".join(json.dumps(v, ensure_ascii=False) + "\n" for v in value).encode()
    if isinstance(value, (bytes, bytearray)):
        return bytes(value)
    if isinstance(value, str):
        return value.encode()
    return (json.dumps(value, ensure_ascii=False) + "\n").encode()


# ---- rules of the record contract (docs/SCHEMA.md) that JSON Schema cannot state ----
# The document states every per-field limit (lengths, patterns, ranges, known codes); these rules
# relate two fields, or need a text's opening and closing controls to pair up. Generated bodies
# that break them are dropped here rather than sent as "valid" (the server refuses them with a
# 400 naming the field, which tests/ checks).

import datetime

POSTED_AHEAD_DAYS = 31  # engine/src/model/limits.rs
OPENERS = {"\u202a": "e", "\u202b": "e", "\u202d": "e", "\u202e": "e", "\u2066": "i", "\u2067": "i", "\u2068": "i"}


def _bidi_closed(text):
    """Mirror of limits::text for Text::Free: every embedding/isolate opened is closed."""
    stack = []
    for c in text:
        if c in OPENERS:
            stack.append(OPENERS[c])
        elif c == "\u202c":
            if stack and stack[-1] == "e":
                stack.pop()
        elif c == "\u2069":
            if "i" in stack:
                del stack[len(stack) - 1 - stack[::-1].index("i"):]
    return not stack


def _date(s):
    try:
        return datetime.date.fromisoformat(s)
    except (TypeError, ValueError):
        return None


def _record_ok(r):
    if not isinstance(r, dict):
        return True
    for v in (r.get("description"), r.get("summary")):
        if isinstance(v, str) and not _bidi_closed(v):
            return False
    for e in r.get("experience") or []:
        if isinstance(e, dict) and isinstance(e.get("description"), str) and not _bidi_closed(e["description"]):
            return False
    sal = r.get("salary")
    if isinstance(sal, dict):
        lo, hi = sal.get("min"), sal.get("max")
        if isinstance(lo, (int, float)) and isinstance(hi, (int, float)) and lo > hi:
            return False
    posted, until = _date(r.get("posted_at")), _date(r.get("valid_until"))
    if posted and posted > datetime.date.today() + datetime.timedelta(days=POSTED_AHEAD_DAYS - 1):
        return False
    if posted and until and until < posted:
        return False
    return True


@schemathesis.hook
def filter_body(ctx, body):
    if isinstance(body, list):
        return all(_record_ok(r) for r in body)
    return _record_ok(body)
