#!/usr/bin/env python3
"""Overload and high-concurrency figures for the radio4j service's POST /v1/embeddings.

Three closed-loop phases against a running service (standard library only):
  1. unloaded:   concurrency 1, the reference latency;
  2. overload:   concurrency = 4 x the service's admission slots (--capacity), i.e. 4x capacity;
  3. high:       concurrency 64.
Latency percentiles are over accepted (HTTP 200) answers; refusals (429 with Retry-After) are counted
separately and not retried. Prints a Markdown table and the two target ratios:
accepted p99 at 4x capacity / unloaded p99 (target <= 2) and p99 / p50 at concurrency 64 (target <= 3).

  python3 benchmarks/python/overload_bench.py --url http://127.0.0.1:18080 --capacity 4 --seconds 20
"""
import argparse
import base64
import http.client
import json
import struct
import threading
import time
import urllib.parse
import zlib


def png(width, height, seed):
    """A small deterministic RGB PNG (no third-party modules)."""
    raw = bytearray()
    for y in range(height):
        raw.append(0)
        for x in range(width):
            raw += bytes(((x * 7 + y * 3 + seed) % 256, (x + seed) % 256, (y * 5) % 256))

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(bytes(raw), 6)) + chunk(b"IEND", b""))


def percentile(values, p):
    if not values:
        return float("nan")
    s = sorted(values)
    k = min(len(s) - 1, max(0, int(round(p / 100.0 * (len(s) - 1)))))
    return s[k]


def phase(url, body, concurrency, seconds):
    parsed = urllib.parse.urlparse(url)
    ok, refused, other = [], [0], [0]
    lock = threading.Lock()
    stop = time.monotonic() + seconds

    def worker():
        conn = http.client.HTTPConnection(parsed.hostname, parsed.port, timeout=120)
        while time.monotonic() < stop:
            start = time.monotonic()
            try:
                conn.request("POST", "/v1/embeddings", body, {"Content-Type": "application/json"})
                response = conn.getresponse()
                response.read()
                status = response.status
                if response.getheader("Connection", "").lower() == "close":
                    conn.close()
                    conn = http.client.HTTPConnection(parsed.hostname, parsed.port, timeout=120)
            except (OSError, http.client.HTTPException):
                status = -1
                conn.close()
                conn = http.client.HTTPConnection(parsed.hostname, parsed.port, timeout=120)
            elapsed = (time.monotonic() - start) * 1000.0
            with lock:
                if status == 200:
                    ok.append(elapsed)
                elif status == 429:
                    refused[0] += 1
                else:
                    other[0] += 1
        conn.close()

    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return {"concurrency": concurrency, "accepted": len(ok), "refused": refused[0], "errors": other[0],
            "p50": percentile(ok, 50), "p99": percentile(ok, 99), "per_s": len(ok) / seconds}


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--url", required=True, help="service base URL, e.g. http://127.0.0.1:18080")
    ap.add_argument("--capacity", type=int, required=True, help="the service's radio4j.limits.max-concurrent-requests")
    ap.add_argument("--seconds", type=float, default=20.0, help="duration of each phase")
    ap.add_argument("--size", type=int, default=256, help="edge of the square test image")
    args = ap.parse_args()
    body = json.dumps({"input": ["data:image/png;base64," + base64.b64encode(png(args.size, args.size, 1)).decode()]}).encode()
    phase(args.url, body, 2, 3.0)  # warm-up
    rows = [("unloaded", phase(args.url, body, 1, args.seconds)),
            ("4x capacity", phase(args.url, body, 4 * args.capacity, args.seconds)),
            ("concurrency 64", phase(args.url, body, 64, args.seconds))]
    print("| phase | concurrency | accepted/s | accepted | 429 | other errors | p50 ms | p99 ms |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for name, r in rows:
        print(f"| {name} | {r['concurrency']} | {r['per_s']:.1f} | {r['accepted']} | {r['refused']} | {r['errors']} "
              f"| {r['p50']:.1f} | {r['p99']:.1f} |")
    unloaded, overload, high = rows[0][1], rows[1][1], rows[2][1]
    print()
    print(f"accepted p99 at 4x capacity / unloaded p99 = {overload['p99'] / unloaded['p99']:.2f} (target <= 2)")
    print(f"p99 / p50 at concurrency 64 = {high['p99'] / high['p50']:.2f} (target <= 3)")


if __name__ == "__main__":
    main()
