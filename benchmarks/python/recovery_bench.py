#!/usr/bin/env python3
"""Recovery of the radio4j service after its KServe backend is killed and restarted.

Starts radio-core's KServe server over the tiny models (ServeRepository --tiny) and the packaged
service pointed at it (radio4j.backend.kind=triton), checks that POST /v1/embeddings answers 200,
then for each outage length: kill -9 the server, keep sending requests (they must get 503, never
hang past the deadline), start the server again and measure the time from "the port listens again"
to the first 200 and to readiness UP. Standard library only.

  python3 benchmarks/python/recovery_bench.py --app quarkus-app/target/quarkus-app --outages 5,20,40
"""
import argparse
import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import time


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def listening(port):
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.2):
            return True
    except OSError:
        return False


def embed(port, timeout=60):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request("POST", "/v1/embeddings", json.dumps({"input": "a cat"}), {"Content-Type": "application/json"})
        r = conn.getresponse()
        r.read()
        return r.status
    except OSError:
        return -1
    finally:
        conn.close()


def ready(port):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        conn.request("GET", "/q/health/ready")
        r = conn.getresponse()
        r.read()
        return r.status == 200
    except OSError:
        return False
    finally:
        conn.close()


def start_backend(java, app, port):
    return subprocess.Popen([java, "--enable-native-access=ALL-UNNAMED", "-cp", os.path.join(app, "lib", "main", "*"),
                             "io.radio4j.core.backend.ServeRepository", "--tiny", "--port", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--app", required=True, help="the packaged service folder (quarkus-app/target/quarkus-app)")
    ap.add_argument("--java", default="java")
    ap.add_argument("--outages", default="5,20,40", help="outage lengths in seconds")
    ap.add_argument("--deadline", default="3s")
    ap.add_argument("--max-reconnect-backoff", default="3s")
    args = ap.parse_args()
    app = os.path.abspath(args.app)
    repo = os.path.abspath(os.path.join(app, "..", "..", "..", "triton-model-repo", "tiny"))
    backend_port, service_port = free_port(), free_port()
    backend = start_backend(args.java, app, backend_port)
    service = subprocess.Popen([args.java, "--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED",
                                f"-Dquarkus.http.port={service_port}", "-Dquarkus.http.host=127.0.0.1",
                                "-Dradio4j.backend.kind=triton", f"-Dradio4j.backend.triton-addresses=127.0.0.1:{backend_port}",
                                f"-Dradio4j.backend.repository={repo}", f"-Dradio4j.backend.deadline={args.deadline}",
                                f"-Dradio4j.backend.max-reconnect-backoff={args.max_reconnect_backoff}",
                                "-Dradio4j.index.enabled=false", "-jar", os.path.join(app, "quarkus-run.jar")],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    rows = []
    try:
        end = time.monotonic() + 120
        while embed(service_port) != 200:
            if time.monotonic() > end:
                sys.exit("the service never answered 200")
            time.sleep(0.5)
        for outage in [float(x) for x in args.outages.split(",")]:
            backend.send_signal(signal.SIGKILL)
            backend.wait()
            statuses = {}
            slowest = 0.0
            stop = time.monotonic() + outage
            while time.monotonic() < stop:
                t = time.monotonic()
                s = embed(service_port)
                slowest = max(slowest, time.monotonic() - t)
                statuses[s] = statuses.get(s, 0) + 1
                time.sleep(0.2)
            backend = start_backend(args.java, app, backend_port)
            while not listening(backend_port):
                time.sleep(0.02)
            listens = time.monotonic()
            while embed(service_port) != 200:
                time.sleep(0.1)
            first_ok = time.monotonic() - listens
            while not ready(service_port):
                time.sleep(0.1)
            ready_after = time.monotonic() - listens
            rows.append((outage, statuses, slowest, first_ok, ready_after))
    finally:
        service.terminate()
        backend.terminate()
        service.wait()
        backend.wait()
    print("| outage s | answers while down | slowest answer while down s | first 200 after the port listens s | readiness UP after s |")
    print("|---:|---|---:|---:|---:|")
    for outage, statuses, slowest, first_ok, ready_after in rows:
        answers = ", ".join(f"{k}: {v}" for k, v in sorted(statuses.items()))
        print(f"| {outage:.0f} | {answers} | {slowest:.2f} | {first_ok:.2f} | {ready_after:.2f} |")


if __name__ == "__main__":
    main()
