<?php

/*
 * The licence tracking engine from PHP, over its C library (liblicence) with
 * PHP's FFI extension. Documents travel as JSON: PHP arrays in, associative
 * arrays out. Every failure of the engine is a LicenceException of its kind.
 */

declare(strict_types=1);

namespace Licence;

use FFI;
use FFI\CData;

/**
 * The library: the rule operations, dates and the status batch. Load it once
 * per process (or per request) and share it; trackers are opened on it.
 */
final class Engine
{
    /** The scope name a preload script gives the library (`FFI_SCOPE`). */
    public const SCOPE = 'LICENCE';
    /** An expiry of the status batch for a licence that never expires (`LT_EXPIRY_NEVER`). */
    public const EXPIRY_NEVER = -2147483648;
    /** `days_left` of a batch result without expiry (`LT_NO_DAYS_LEFT`). */
    public const NO_DAYS_LEFT = -2147483648;
    /** The engine's default expiring window (`LT_DEFAULT_WINDOW_DAYS`). */
    public const DEFAULT_WINDOW_DAYS = 90;
    /** The names of a batch result's `status`, by its number. */
    public const STATUSES = ['active', 'expiring', 'expired'];

    private function __construct(
        /** The library's functions and types, for callers that need raw FFI. */
        public readonly FFI $ffi,
    ) {
    }

    /**
     * Loads the library with FFI::cdef: `$header` is the preprocessed header
     * (by default `licence.h` beside this package) and `$library` the shared
     * library (by default `liblicence.so`, found by the system loader).
     * Needs `ffi.enable=true` outside the CLI; a web server preloads instead.
     */
    public static function load(?string $header = null, ?string $library = null): self
    {
        $header ??= dirname(__DIR__) . '/licence.h';
        $declarations = @file_get_contents($header);
        if ($declarations === false) {
            throw new \RuntimeException("the licence header `$header` cannot be read");
        }
        return new self(FFI::cdef($declarations, $library ?? 'liblicence.so'));
    }

    /** The library a preload script loaded with FFI::load() under `$scope`. */
    public static function preloaded(string $scope = self::SCOPE): self
    {
        return new self(FFI::scope($scope));
    }

    /**
     * Runs the rule operation `$op` (`status`, `due_reminders`, `custody`,
     * ...; see licence_operations.h) on its input document and returns its
     * output document as an associative array.
     *
     * @throws LicenceException when the engine refuses the call
     */
    public function execute(string $op, array|object $input): mixed
    {
        return $this->call(fn (CData $out) => $this->ffi->lt_execute(
            self::text($op),
            self::encode($input),
            $out,
        ));
    }

    /**
     * The day number (days since 1970-01-01) of a strict `YYYY-MM-DD` date.
     *
     * @throws InvalidInputException for anything else
     */
    public function dayParse(string $date): int
    {
        $day = $this->ffi->new('int32_t');
        $this->check($this->ffi->lt_day_parse(self::text($date), FFI::addr($day)));
        return $day->cdata;
    }

    /**
     * The status of a batch of licences on `$today` (a day number): the hot
     * path. `$expiries` holds day numbers (EXPIRY_NEVER or null for none),
     * as a PHP array or, fastest, an FFI array such as `int32_t[100000]`
     * filled once. Returns an `lt_evaluation[n]` FFI array: `$r[$i]->status`
     * indexes STATUSES and `$r[$i]->days_left` is expiry - today
     * (NO_DAYS_LEFT without expiry). Pass `$out` (room for as many records)
     * to reuse it.
     *
     * @throws LicenceException on a window over ten years or a batch too big
     */
    public function statusBatch(
        array|CData $expiries,
        int $today,
        int $windowDays = self::DEFAULT_WINDOW_DAYS,
        ?CData $out = null,
    ): CData {
        if (is_array($expiries)) {
            $values = array_values($expiries);
            $expiries = $this->ffi->new('int32_t[' . max(1, count($values)) . ']');
            foreach ($values as $i => $expiry) {
                $expiries[$i] = $expiry ?? self::EXPIRY_NEVER;
            }
            $count = count($values);
        } else {
            $count = count($expiries);
        }
        $out ??= $this->ffi->new('lt_evaluation[' . max(1, $count) . ']');
        if (count($out) < $count) {
            throw new InvalidInputException("the output has room for fewer than $count records", 3, 'invalid_input');
        }
        $this->check($this->ffi->lt_status_batch($expiries, $count, $today, $windowDays, $out));
        return $out;
    }

    /**
     * Runs `$call` with an out pointer for a string, returns the decoded
     * document and frees the string. Used by Engine and Tracker.
     *
     * @internal
     */
    public function call(callable $call): mixed
    {
        $out = $this->ffi->new('char*');
        $this->check($call(FFI::addr($out)));
        try {
            $json = FFI::string($out);
        } finally {
            $this->ffi->lt_string_free($out);
        }
        try {
            return json_decode($json, true, 512, JSON_THROW_ON_ERROR);
        } catch (\JsonException $e) {
            throw new InternalException("the engine's answer is not JSON: {$e->getMessage()}", 100, 'internal', $e);
        }
    }

    /** Throws the exception of a failed call's result code. @internal */
    public function check(int $code): void
    {
        if ($code !== 0) {
            // The message first: it is valid until the next call.
            $message = $this->ffi->lt_last_error();
            throw LicenceException::of($code, $this->ffi->lt_result_name($code), $message);
        }
    }

    /** A JSON document: an empty PHP array is the empty object `{}`. @internal */
    public static function encode(array|object $input): string
    {
        if ($input === []) {
            return '{}';
        }
        try {
            return json_encode($input, JSON_THROW_ON_ERROR | JSON_UNESCAPED_UNICODE | JSON_UNESCAPED_SLASHES);
        } catch (\JsonException $e) {
            throw new InvalidInputException("the input is not a JSON document: {$e->getMessage()}", 3, 'invalid_input', $e);
        }
    }

    /** A string for C, which ends at the first NUL: refused if it holds one. @internal */
    public static function text(string $text): string
    {
        if (str_contains($text, "\0")) {
            throw new InvalidInputException('a string holds a NUL character', 3, 'invalid_input');
        }
        return $text;
    }
}

/**
 * One organisation's records: a SQLite file, ":memory:" or a PostgreSQL URL
 * (`postgresql://user@host/database?schema=organisation`). Close it, or let
 * it go out of scope.
 */
final class Tracker
{
    private ?CData $handle;

    /**
     * Opens (creating and migrating if needed) the database at `$database`,
     * with `$options` when given: `durability` (`full`, the default, or
     * `normal`), `busy_timeout_ms` (5000) and `read_only` (false).
     *
     * @param array{durability?: string, busy_timeout_ms?: int, read_only?: bool} $options
     * @throws LicenceException when it cannot be opened (`storage`, ...)
     */
    public function __construct(private readonly Engine $engine, string $database, array $options = [])
    {
        $handle = $engine->ffi->new('lt_tracker*');
        $engine->check($options === []
            ? $engine->ffi->lt_tracker_open(Engine::text($database), FFI::addr($handle))
            : $engine->ffi->lt_tracker_open_with(
                Engine::text($database),
                Engine::text(json_encode($options, JSON_THROW_ON_ERROR)),
                FFI::addr($handle),
            ));
        $this->handle = $handle;
    }

    /**
     * Runs the tracker operation `$op` (`register_person`, `record_licence`,
     * `licences_of`, ...; see licence_operations.h) on its input document and
     * returns its output document as an associative array. A failed
     * operation changes nothing.
     *
     * @throws LicenceException when the engine refuses the call
     * @throws \LogicException after close()
     */
    public function execute(string $op, array|object $input = []): mixed
    {
        if ($this->handle === null) {
            throw new \LogicException("the tracker is closed: `$op` cannot run");
        }
        return $this->engine->call(fn (CData $out) => $this->engine->ffi->lt_tracker_execute(
            $this->handle,
            Engine::text($op),
            Engine::encode($input),
            $out,
        ));
    }

    /** Closes the database and frees the tracker; closing again does nothing. */
    public function close(): void
    {
        if ($this->handle !== null) {
            $this->engine->ffi->lt_tracker_free($this->handle);
            $this->handle = null;
        }
    }

    public function __destruct()
    {
        $this->close();
    }
}

/**
 * A failure of the engine: `kind()` is its stable name (`not_found`, ...),
 * `getCode()` its number (the C library's `lt_result`), the message the
 * engine's. Each kind has its subclass.
 */
class LicenceException extends \RuntimeException
{
    /** The subclass of each result code. */
    private const CLASSES = [
        1 => NotFoundException::class,
        2 => AlreadyExistsException::class,
        3 => InvalidInputException::class,
        4 => PermissionDeniedException::class,
        5 => InvalidTransitionException::class,
        6 => LimitExceededException::class,
        7 => StorageException::class,
        100 => InternalException::class,
    ];

    final public function __construct(string $message, int $code, private readonly string $kind, ?\Throwable $previous = null)
    {
        parent::__construct($message, $code, $previous);
    }

    /** The stable name of the kind, as the conformance vectors spell it. */
    public function kind(): string
    {
        return $this->kind;
    }

    /** The exception of a result code, its name and the engine's message. */
    public static function of(int $code, string $kind, string $message): self
    {
        $class = self::CLASSES[$code] ?? self::class;
        return new $class($message, $code, $kind);
    }
}

/** A record the call names does not exist (`not_found`, 1). */
final class NotFoundException extends LicenceException
{
}

/** A record with this id (or unique name) exists already (`already_exists`, 2). */
final class AlreadyExistsException extends LicenceException
{
}

/** An argument is malformed or breaks a rule (`invalid_input`, 3). */
final class InvalidInputException extends LicenceException
{
}

/** The acting party lacks the right for the action (`permission_denied`, 4). */
final class PermissionDeniedException extends LicenceException
{
}

/** The action is not possible from the record's current state (`invalid_transition`, 5). */
final class InvalidTransitionException extends LicenceException
{
}

/** A size or count limit was exceeded (`limit_exceeded`, 6). */
final class LimitExceededException extends LicenceException
{
}

/** The store failed to read or write (`storage`, 7). */
final class StorageException extends LicenceException
{
}

/** A failure inside the engine or the library, a bug (`internal`, 100). */
final class InternalException extends LicenceException
{
}
