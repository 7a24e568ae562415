#!/usr/bin/env python3
"""Generates a realistic Spotify extended-history export ZIP for import benchmarks.

Every record is a real record of ../shared/data/history/extended (all fields as exported: platform, country,
reasons, shuffle, skipped, offline, ...) given a new end time: plays follow each other within listening sessions
(the next play ends its own ms_played after the previous one), sessions start at least 30 min apart, spread
over 2012-01-01 to 2026-11-01. The same seed gives the same bytes. Files are split like Spotify's (about 12 MB each) and named
Streaming_History_Audio_<years>_<n>.json inside "Spotify Extended Streaming History/".

    python3 deploy/bench/generate_export.py --records 250000 --out /tmp/export-250k.zip
    python3 deploy/bench/generate_export.py --target-bytes 1073741824 --out /tmp/export-1g.zip
"""
import argparse
import datetime as dt
import glob
import io
import json
import os
import random
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_SHARED = os.path.normpath(os.path.join(HERE, "..", "..", "..", "shared", "data"))
FILE_BYTES = 12 * 1024 * 1024


def templates(shared):
    records = []
    for path in sorted(glob.glob(os.path.join(shared, "history", "extended", "*", "Streaming_History_Audio_*.json"))):
        with open(path, encoding="utf-8") as f:
            records.extend(r for r in json.load(f) if r.get("spotify_track_uri"))
    if not records:
        raise SystemExit("no extended records under " + shared)
    return records


def generate(args):
    rng = random.Random(args.seed)
    pool = templates(args.shared)
    start = dt.datetime(2012, 1, 1, 8, 0, 0, tzinfo=dt.timezone.utc)
    end = dt.datetime(2026, 11, 1, tzinfo=dt.timezone.utc)
    when = start
    # Spread the sessions so that the whole export ends before `end` (never a record in the future).
    mean_ms = sum(r["ms_played"] for r in pool) / len(pool) + 2000
    expected = args.records or args.target_bytes // (sum(len(json.dumps(r)) for r in pool[:500]) // 500 + 2)
    sessions = max(1, expected / 31.5)
    free_minutes = ((end - start).total_seconds() - expected * mean_ms / 1000) / 60 / sessions
    if free_minutes < 31:
        raise SystemExit("too many records for 2012-2026; ask for fewer")
    max_gap = int(2 * free_minutes - 30)
    session_left = 0
    written = 0
    total_bytes = 0
    file_no = 0
    buffer, buffer_bytes, first_year = [], 0, None
    out = zipfile.ZipFile(args.out, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6)

    def flush(last_year):
        nonlocal file_no, buffer, buffer_bytes, first_year
        if not buffer:
            return
        years = str(first_year) if first_year == last_year else f"{first_year}-{last_year}"
        name = f"Spotify Extended Streaming History/Streaming_History_Audio_{years}_{file_no}.json"
        out.writestr(name, "[\n" + ",\n".join(buffer) + "\n]")
        file_no += 1
        buffer, buffer_bytes, first_year = [], 0, None

    while (args.records and written < args.records) or (args.target_bytes and total_bytes < args.target_bytes):
        if session_left == 0:
            when += dt.timedelta(minutes=rng.randint(30, max_gap))
            session_left = rng.randint(3, 60)
        record = dict(rng.choice(pool))
        when += dt.timedelta(milliseconds=record["ms_played"] + rng.randint(0, 4000))
        record["ts"] = when.strftime("%Y-%m-%dT%H:%M:%SZ")
        if record.get("offline_timestamp"):
            record["offline_timestamp"] = int(when.timestamp()) - record["ms_played"] // 1000
        text = json.dumps(record, ensure_ascii=False)
        if first_year is None:
            first_year = when.year
        buffer.append(text)
        buffer_bytes += len(text) + 2
        total_bytes += len(text) + 2
        written += 1
        session_left -= 1
        if buffer_bytes >= FILE_BYTES:
            flush(when.year)
    flush(when.year)
    out.writestr("Spotify Extended Streaming History/ReadMeFirst_ExtendedStreamingHistory.pdf", b"%PDF-1.4\n")
    out.close()
    print(json.dumps({"out": args.out, "records": written, "jsonBytes": total_bytes, "files": file_no,
                      "zipBytes": os.path.getsize(args.out), "firstPlayedAt": start.isoformat(), "lastPlayedAt": when.isoformat()}))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--records", type=int, default=0, help="how many records (or use --target-bytes)")
    parser.add_argument("--target-bytes", type=int, default=0, help="stop once the JSON reaches this size")
    parser.add_argument("--out", required=True)
    parser.add_argument("--seed", type=int, default=20261123)
    parser.add_argument("--shared", default=os.environ.get("ECHOTUNE_SHARED_DATA", DEFAULT_SHARED))
    args = parser.parse_args()
    if not args.records and not args.target_bytes:
        parser.error("give --records or --target-bytes")
    generate(args)


if __name__ == "__main__":
    main()
