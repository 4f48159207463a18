<?php

// The PHP suite's counters and checks: each check passes or fails once,
// failures are printed with the reason to stderr.

declare(strict_types=1);

final class Checks
{
    public static int $passed = 0;
    public static int $failed = 0;
}

/** Counts one check named `$what`: passed when `$ok`, otherwise printed with `$why`. */
function check(bool $ok, string $what, string $why = ''): void
{
    if ($ok) {
        Checks::$passed++;
        return;
    }
    Checks::$failed++;
    fwrite(STDERR, "FAILED $what: $why\n");
}

/** Checks that `$got` is `$want` (===). */
function check_same(mixed $want, mixed $got, string $what): void
{
    check($want === $got, $what, 'expected ' . show($want) . ', got ' . show($got));
}

/**
 * Checks that `$call` throws `$class` with the kind, code and a message
 * containing `$message`.
 */
function check_throws(string $class, ?string $kind, ?int $code, string $message, callable $call, string $what): void
{
    try {
        $call();
        check(false, $what, "expected $class, nothing was thrown");
    } catch (Throwable $e) {
        $ok = $e::class === $class
            && ($kind === null || ($e instanceof Licence\LicenceException && $e->kind() === $kind))
            && ($code === null || $e->getCode() === $code)
            && str_contains($e->getMessage(), $message);
        $got = $e::class . ($e instanceof Licence\LicenceException ? " {$e->kind()}" : '')
            . " ({$e->getCode()}): {$e->getMessage()}";
        check($ok, $what, "expected $class $kind ($code) containing \"$message\", got $got");
    }
}

/** A value as compact JSON, for messages. */
function show(mixed $value): string
{
    $json = json_encode($value, JSON_UNESCAPED_UNICODE | JSON_UNESCAPED_SLASHES | JSON_PARTIAL_OUTPUT_ON_ERROR);
    return strlen((string) $json) > 300 ? substr($json, 0, 300) . '...' : (string) $json;
}
