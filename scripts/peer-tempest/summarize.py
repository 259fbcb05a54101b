#!/usr/bin/python3
"""Summarise a Tempest subunit v2 stream for the peer run (run.sh).

Reads the stream on stdin, writes OUT_DIR/summary.txt (one "status test_id duration" line per test, then the
counts) and OUT_DIR/summary.json, and prints the per-test lines; run.sh
prints the last two lines of summary.txt ("N skipped", then "N passed, N failed") as its closing lines.
A class-level error (setUpClass/tearDownClass) counts as a failure under its own id, as stestr reports it.
Runs under Debian's /usr/bin/python3, which has python3-subunit and testtools (dependencies of tempest).
"""

import json
import os
import sys

import subunit
import testtools

PASSED = {"success", "xfail"}
FAILED = {"fail", "uxsuccess"}
SKIPPED = {"skip"}


def collect(stream):
    """Return {test_id: (status, seconds)} for every test that reached a final status."""
    results = {}

    def on_test(test):
        status = test["status"]
        if status in ("exists", "inprogress", None):
            return
        start, stop = test["timestamps"]
        seconds = (stop - start).total_seconds() if start and stop else 0.0
        results[test["id"]] = (status, seconds)

    sink = testtools.StreamToDict(on_test)
    sink.startTestRun()
    subunit.ByteStreamToStreamResult(stream, non_subunit_name="stdout").run(sink)
    sink.stopTestRun()
    return results


def main(out_dir):
    results = collect(sys.stdin.buffer)
    counts = {"passed": 0, "failed": 0, "skipped": 0, "other": 0}
    lines = []
    for test_id in sorted(results):
        status, seconds = results[test_id]
        if status in PASSED:
            counts["passed"] += 1
        elif status in FAILED:
            counts["failed"] += 1
        elif status in SKIPPED:
            counts["skipped"] += 1
        else:
            counts["other"] += 1
        lines.append(f"{status:<8} {test_id} [{seconds:.2f}s]")
    result_line = f"{counts['passed']} passed, {counts['failed']} failed"
    skipped_line = f"{counts['skipped']} skipped"
    os.makedirs(out_dir, exist_ok=True)
    with open(os.path.join(out_dir, "summary.txt"), "w") as out:
        out.write("\n".join(lines + ["", skipped_line, result_line]) + "\n")
    with open(os.path.join(out_dir, "summary.json"), "w") as out:
        tests = [{"id": t, "status": s, "seconds": round(d, 3)} for t, (s, d) in sorted(results.items())]
        json.dump({"counts": counts, "tests": tests}, out, indent=2)
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: summarize.py OUT_DIR < stream.subunit")
    sys.exit(main(sys.argv[1]))
