#!/usr/bin/env python3
"""The server's own store and delivery latencies over a window, from its Prometheus histograms.

Usage: bench/store-latency.py [seconds, default 20] [base url, default http://127.0.0.1:18150]

Scrapes /actuator/prometheus at the start and the end of the window and prints, from the difference of the bucket
counts, the bucket bounds under which 50, 90, 99 and 99.9 % of the window's samples fell:
chat_messages_store_seconds (SEND handed to the writer -> its commit answered) and chat_messages_delivery_seconds
(a committed message handed to every local session of its room).
"""
import re
import sys
import time
import urllib.request

BUCKET = re.compile(r'chat_messages_(store|delivery)_seconds_bucket\{.*le="([^"]+)".*\} ([\d.eE+]+)')


def scrape(url):
    counts = {}
    for line in urllib.request.urlopen(url + "/actuator/prometheus").read().decode().splitlines():
        match = BUCKET.match(line)
        if match:
            bound = float("inf") if match.group(2) == "+Inf" else float(match.group(2))
            counts[(match.group(1), bound)] = float(match.group(3))
    return counts


def main():
    seconds = float(sys.argv[1]) if len(sys.argv) > 1 else 20.0
    url = sys.argv[2] if len(sys.argv) > 2 else "http://127.0.0.1:18150"
    before = scrape(url)
    time.sleep(seconds)
    after = scrape(url)
    for timer in ("store", "delivery"):
        bounds = sorted(bound for name, bound in after if name == timer)
        if not bounds:
            print(f"{timer}: no histogram")
            continue
        count = lambda bound: after[(timer, bound)] - before.get((timer, bound), 0)
        total = count(bounds[-1])
        if total == 0:
            print(f"{timer:9s} no samples in the window")
            continue
        quantiles = []
        for q in (0.5, 0.9, 0.99, 0.999):
            bound = next(b for b in bounds if count(b) >= q * total)
            quantiles.append(f"p{q * 100:g} <= {bound * 1000:.1f} ms")
        print(f"{timer:9s} {int(total):8d} samples  " + "  ".join(quantiles))


if __name__ == "__main__":
    main()
