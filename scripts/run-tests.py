#!/usr/bin/env python3
"""Runs `make` steps one after another, as `make test` does, and ends with
one line adding up the tests of every step: `N passed, M failed`.

Each step runs to its end even when an earlier one failed, its output shown
as it comes and kept in target/test-logs/STEP.log. The tests a step ran are
read from its output: cargo's `test result:` lines, pytest's closing line,
and the `[name: ]N passed, M failed` line the other suites print (C, Kotlin,
Java, PHP, Node). A step that reports no tests counts as one check, passed
when it succeeds; a step that fails without a failed test counts one
failure, so no failure is ever left out of the total.
"""

import os
import re
import subprocess
import sys
import time

CARGO = re.compile(r"^test result: \w+\. (\d+) passed; (\d+) failed")
SUITE = re.compile(r"^(?:[\w-]+: )?(\d+) passed, (\d+) failed$")
PYTEST = re.compile(r"^=*\s*((?:\d+ \w+(?:, )?)+) in [\d.]+s")


def counts(line):
    """The (passed, failed) a summary line of a test runner reports, if any."""
    for pattern in (CARGO, SUITE):
        match = pattern.match(line)
        if match:
            return int(match[1]), int(match[2])
    match = PYTEST.match(line)
    if match:
        parts = dict(
            (word, int(number))
            for number, word in (part.split(" ") for part in match[1].split(", "))
        )
        return parts.get("passed", 0), parts.get("failed", 0) + parts.get("error", 0) + parts.get("errors", 0)
    return None


def run(step, logs):
    """Runs one step; answers (passed, failed, exit status, seconds)."""
    started = time.monotonic()
    passed = failed = 0
    reported = False
    with open(os.path.join(logs, step + ".log"), "w", encoding="utf-8") as log:
        process = subprocess.Popen(
            [os.environ.get("MAKE", "make"), "--no-print-directory", step],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            errors="replace",
        )
        for line in process.stdout:
            sys.stdout.write(line)
            sys.stdout.flush()
            log.write(line)
            found = counts(line.strip())
            if found:
                reported = True
                passed += found[0]
                failed += found[1]
        status = process.wait()
    if not reported:
        passed, failed = (1, 0) if status == 0 else (0, 1)
    elif status != 0 and failed == 0:
        failed = 1
    return passed, failed, status, time.monotonic() - started


def main(steps):
    logs = os.path.join(os.environ.get("CARGO_TARGET_DIR", "target"), "test-logs")
    os.makedirs(logs, exist_ok=True)
    results = [(step, *run(step, logs)) for step in steps]
    print()
    for step, passed, failed, status, seconds in results:
        verdict = "ok" if status == 0 else f"FAILED (exit {status})"
        minutes = f"{int(seconds) // 60}:{int(seconds) % 60:02}"
        print(f"  {step:<24} {passed:>6} passed {failed:>4} failed {minutes:>6}  {verdict}")
    passed = sum(result[1] for result in results)
    failed = sum(result[2] for result in results)
    print(f"{passed} passed, {failed} failed")
    return 0 if failed == 0 and all(result[3] == 0 for result in results) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
