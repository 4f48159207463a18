<?php

// The PHP side of `make bench-php`: the status of 100,000 licences through
// Engine::statusBatch (lt_status_batch) with FFI arrays filled once, the
// same batch as bindings/uniffi/benches/status.rs, against the Rust figure
// (median nanoseconds of the engine's batch call) given as an argument.
// Usage: php bench.php <licence.h> <liblicence.so> <rust_ns>
//
// Timed: one statusBatch() call (the PHP method, the FFI call into the
// library and the evaluation, writing into a reused lt_evaluation array),
// then the same call plus reading every result's status back into PHP, one
// by one, as a host would. Filling the input array is not timed: it is
// filled once, as the Rust bench builds its vector once.

declare(strict_types=1);

require __DIR__ . '/../../bindings/php/src/Licence.php';

use Licence\Engine;

const LICENCES = 100_000;
const RUNS = 300;

/** Median nanoseconds of RUNS calls of `$call`, after RUNS / 4 to warm up. */
function median(callable $call): float
{
    for ($i = 0; $i < intdiv(RUNS, 4); $i++) {
        $call();
    }
    $times = [];
    for ($i = 0; $i < RUNS; $i++) {
        $start = hrtime(true);
        $call();
        $times[] = hrtime(true) - $start;
    }
    sort($times);
    return (float) $times[intdiv(RUNS, 2)];
}

if ($argc !== 4) {
    fwrite(STDERR, "usage: php {$argv[0]} <licence.h> <liblicence.so> <rust_ns>\n");
    exit(2);
}
[, $header, $library, $rustNs] = $argv;
$rustNs = (float) $rustNs;
if ($rustNs <= 0) {
    fwrite(STDERR, "no Rust figure (rust_ns) was given\n");
    exit(2);
}

$engine = Engine::load($header, $library);
$today = $engine->dayParse('2026-02-01');
$expiries = $engine->ffi->new('int32_t[' . LICENCES . ']');
for ($i = 0; $i < LICENCES; $i++) {
    $expiries[$i] = $i % 10 === 0 ? Engine::EXPIRY_NEVER : $today - 400 + ($i * 7919) % 1500;
}
$out = $engine->ffi->new('lt_evaluation[' . LICENCES . ']');

$call = median(fn () => $engine->statusBatch($expiries, $today, 90, $out));
$counts = [0, 0, 0];
$read = median(function () use ($engine, $expiries, $today, $out, &$counts): void {
    $results = $engine->statusBatch($expiries, $today, 90, $out);
    $counts = [0, 0, 0];
    for ($i = 0; $i < LICENCES; $i++) {
        $counts[$results[$i]->status]++;
    }
});
if ($counts[2] === 0 || array_sum($counts) !== LICENCES) {
    fwrite(STDERR, "unexpected statuses: " . implode(', ', $counts) . "\n");
    exit(1);
}

printf("status of %d licences, median of %d calls each (active %d, expiring %d, expired %d)\n",
    LICENCES, RUNS, ...$counts);
printf("  rust engine call:                       %7.0f us\n", $rustNs / 1000);
printf("  php statusBatch (FFI arrays):           %7.0f us  %4.1fx rust\n", $call / 1000, $call / $rustNs);
printf("  php statusBatch + reading each status:  %7.0f us  %4.1fx rust\n", $read / 1000, $read / $rustNs);
