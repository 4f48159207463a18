"""Status of 100,000 licences from Python through the installed wheel
(`licence.expiry_statuses`: the day numbers packed, the call, the statuses
read back into a list of enums) against the Rust figure, the median
nanoseconds of the engine's batch call, given as the argument."""

import array
import sys
import time

import licence

LICENCES = 100_000
RUNS = 200
NEVER = -(2**31)


def median_ns(call):
    """Median nanoseconds of RUNS calls, after as many to warm up."""
    expired = sum(call().count(licence.Status.EXPIRED) for _ in range(RUNS))
    assert expired > 0
    times = []
    for _ in range(RUNS):
        start = time.perf_counter_ns()
        call()
        times.append(time.perf_counter_ns() - start)
    times.sort()
    return times[RUNS // 2]


def main(rust_ns):
    today = licence.day_number("2026-02-01")
    expiries = [NEVER if i % 10 == 0 else today - 400 + (i * 7919) % 1500 for i in range(LICENCES)]
    typed = median_ns(lambda: licence.expiry_statuses(expiries, today, 90))
    packed_input = array.array("i", expiries).tobytes()
    packed = median_ns(lambda: licence.expiry_statuses_packed(packed_input, today, 90))
    print(f"status of {LICENCES} licences, median of {RUNS} calls each")
    print(f"  rust engine call:                 {rust_ns / 1000:8.0f} us")
    print(f"  python expiry_statuses(list):     {typed / 1000:8.0f} us  {typed / rust_ns:5.1f}x rust")
    print(f"  python expiry_statuses_packed:    {packed / 1000:8.0f} us  {packed / rust_ns:5.1f}x rust")
    print("    (the day numbers packed once beforehand; the statuses read back as a list in both)")


if __name__ == "__main__":
    main(float(sys.argv[1]))
