<?php

// Runs the conformance vectors (every JSON file in tests/vectors) through
// the PHP package, as tests/c/vectors.c does through the C library: rule
// operations through Engine::execute, scenarios (op `tracker`) step by step
// on a fresh Tracker (in memory, then in a SQLite file), and the status
// cases also through Engine::statusBatch. `expect` matches the output as a
// subset: every key it names must be present with an equal value; arrays
// match element-wise and must be as long; other values are equal as
// cJSON_Compare has them (numbers within DBL_EPSILON). A case with `error`
// passes when the call fails with that kind (the message is not compared).
//
// The vectors are read with JSON objects kept as objects, so an empty
// object in an input stays `{}`. The output comes back from the package as
// associative arrays, where an empty object and an empty array are both
// `[]`: the only difference from the C suite is that those two match each
// other here.

declare(strict_types=1);

use Licence\Engine;
use Licence\LicenceException;
use Licence\Tracker;

/** Whether `$actual` (associative arrays) holds the subset `$expected` (objects kept); `$why` tells where not. */
function subset(mixed $expected, mixed $actual, string $path, ?string &$why): bool
{
    if ($expected instanceof stdClass && is_array($actual) && ($actual === [] || !array_is_list($actual))) {
        foreach (get_object_vars($expected) as $key => $value) {
            $inner = "$path.$key";
            if (!array_key_exists($key, $actual)) {
                $why = "$inner: missing";
                return false;
            }
            if (!subset($value, $actual[$key], $inner, $why)) {
                return false;
            }
        }
        return true;
    }
    if (is_array($expected) && is_array($actual) && array_is_list($actual) && count($expected) === count($actual)) {
        foreach ($expected as $i => $value) {
            if (!subset($value, $actual[$i], "{$path}[$i]", $why)) {
                return false;
            }
        }
        return true;
    }
    if (same_scalar($expected, $actual)) {
        return true;
    }
    $why = "$path: expected " . show($expected) . ', got ' . show($actual);
    return false;
}

/** cJSON_Compare for what subset() leaves: scalars (objects and arrays that get here differ). */
function same_scalar(mixed $expected, mixed $actual): bool
{
    if ((is_int($expected) || is_float($expected)) && (is_int($actual) || is_float($actual))) {
        $e = (float) $expected;
        $a = (float) $actual;
        return abs($e - $a) <= max(abs($e), abs($a)) * PHP_FLOAT_EPSILON;
    }
    return is_scalar($expected) || $expected === null ? $expected === $actual : false;
}

/** Checks an outcome (an output, or the exception thrown) against a case's `expect` or `error`. */
function check_outcome(string $what, stdClass $case, mixed $actual, ?Throwable $error): void
{
    if (property_exists($case, 'error')) {
        $kind = $error instanceof LicenceException ? $error->kind() : null;
        check($kind !== null && $kind === $case->error, $what, "expected error {$case->error}, got "
            . ($error === null ? 'success' : ($kind ?? $error::class) . ": {$error->getMessage()}"));
    } elseif ($error !== null) {
        $kind = $error instanceof LicenceException ? $error->kind() : $error::class;
        check(false, $what, "unexpected error $kind: {$error->getMessage()}");
    } else {
        $why = '';
        check(property_exists($case, 'expect') && subset($case->expect, $actual, '', $why), $what, $why);
    }
}

/** Runs one operation through a JSON door and checks it; `$tracker` null is the rule door. */
function run_json(string $what, Engine $engine, ?Tracker $tracker, stdClass $case): void
{
    try {
        $actual = $tracker ? $tracker->execute($case->op, $case->input) : $engine->execute($case->op, $case->input);
        check_outcome($what, $case, $actual, null);
    } catch (Throwable $e) {
        check_outcome($what, $case, null, $e);
    }
}

/** The status case again through statusBatch, as a host with day numbers would call it. */
function run_status_batch(string $what, Engine $engine, stdClass $case): void
{
    try {
        $input = $case->input;
        $today = $engine->dayParse($input->today ?? '');
        $expiries = array_map(fn ($e) => $e === null ? null : $engine->dayParse($e), $input->expiries ?? []);
        $results = $engine->statusBatch($expiries, $today, $input->window_days ?? Engine::DEFAULT_WINDOW_DAYS);
        $rows = [];
        for ($i = 0; $i < count($expiries); $i++) {
            $days = $results[$i]->days_left;
            $rows[] = [
                'status' => Engine::STATUSES[$results[$i]->status],
                'days_left' => $days === Engine::NO_DAYS_LEFT ? null : $days,
            ];
        }
        check_outcome($what, $case, ['results' => $rows], null);
    } catch (Throwable $e) {
        check_outcome($what, $case, null, $e);
    }
}

/** A scenario: its steps in order on a fresh tracker at `$database`. */
function run_scenario(string $what, Engine $engine, string $database, stdClass $case): void
{
    try {
        $tracker = new Tracker($engine, $database);
    } catch (Throwable $e) {
        check(false, $what, "opening $database: {$e->getMessage()}");
        return;
    }
    $steps = $case->input->steps ?? [];
    check(count($steps) > 0, $what, 'a scenario needs steps');
    foreach ($steps as $i => $step) {
        run_json("$what, step $i `{$step->op}`", $engine, $tracker, $step);
    }
    $tracker->close();
}

/** Removes a SQLite database and its journal files. */
function remove_database(string $path): void
{
    foreach (['', '-wal', '-shm', '-journal'] as $suffix) {
        if (file_exists($path . $suffix)) {
            unlink($path . $suffix);
        }
    }
}

function run_vectors(Engine $engine, string $dir): void
{
    $files = glob("$dir/*.json") ?: [];
    sort($files);
    check(count($files) >= 7, $dir, 'only ' . count($files) . ' vector files');
    $tmp = sys_get_temp_dir() . '/licence-php-' . getmypid();
    check(is_dir($tmp) || mkdir($tmp, 0700), $tmp, 'cannot be made');
    $database = "$tmp/tracker.db";
    foreach ($files as $path) {
        $file = basename($path);
        try {
            $doc = json_decode((string) file_get_contents($path), false, 512, JSON_THROW_ON_ERROR);
        } catch (JsonException $e) {
            check(false, $path, "cannot be read: {$e->getMessage()}");
            continue;
        }
        $cases = $doc->cases ?? [];
        check(count($cases) > 0, $path, 'no cases');
        foreach ($cases as $case) {
            if ($case->op === 'tracker') {
                run_scenario("$file / {$case->name} (memory)", $engine, ':memory:', $case);
                run_scenario("$file / {$case->name} (file)", $engine, $database, $case);
                remove_database($database);
                continue;
            }
            run_json("$file / {$case->name}", $engine, null, $case);
            if ($case->op === 'status') {
                run_status_batch("$file / {$case->name} (statusBatch)", $engine, $case);
            }
        }
    }
    rmdir($tmp);
}
