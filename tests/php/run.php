<?php

// The PHP suite: php tests/php/run.php <licence.h> <liblicence.so> <vectors dir>
// (the preprocessed header and the library, as `make test-php` passes them).
// Runs the conformance vectors and the scenario through the package; the
// last line is `php: N passed, M failed`, and the exit code is non-zero
// when anything failed or nothing ran.

declare(strict_types=1);

require __DIR__ . '/../../bindings/php/src/Licence.php';
require __DIR__ . '/check.php';
require __DIR__ . '/vectors.php';
require __DIR__ . '/scenario.php';

if ($argc !== 4) {
    fwrite(STDERR, "usage: php {$argv[0]} <licence.h> <liblicence.so> <vectors dir>\n");
    exit(2);
}
[, $header, $library, $vectors] = $argv;

try {
    $engine = Licence\Engine::load($header, $library);
    run_vectors($engine, $vectors);
    run_scenario_test($engine);
} catch (Throwable $e) {
    check(false, 'the suite', 'stopped by ' . $e::class . ": {$e->getMessage()}\n{$e->getTraceAsString()}");
}

$passed = Checks::$passed;
$failed = Checks::$failed;
echo "php: $passed passed, $failed failed\n";
exit($failed === 0 && $passed > 0 ? 0 : 1);
