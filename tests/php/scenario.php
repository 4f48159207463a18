<?php

// The PHP API as a Moodle or Totara plugin would use it: people and
// licences recorded, a holder's licences with statuses, the dashboard
// counts, the morning's reminders acknowledged, the batch path, and the
// errors as typed exceptions.

declare(strict_types=1);

use Licence\AlreadyExistsException;
use Licence\Engine;
use Licence\InvalidInputException;
use Licence\LicenceException;
use Licence\NotFoundException;
use Licence\StorageException;
use Licence\Tracker;

function run_scenario_test(Engine $engine): void
{
    $ctx = ['actor' => 'moodle-admin', 'at' => 1767225600];
    $tracker = new Tracker($engine, ':memory:');

    // People and licences, with a licence type made on the way.
    $seats = $tracker->execute('register_person', ['ctx' => $ctx, 'person' => [
        'id' => 'ana', 'name' => 'Ana López', 'email' => 'ana@example.org',
        'roles' => ['delegate'], 'registered_on' => '2024-01-10', 'active' => true,
    ]]);
    check_same(['seats' => []], $seats, 'register ana: no course seats');
    $tracker->execute('register_person', ['ctx' => $ctx, 'person' => [
        'id' => 'ben', 'name' => 'Ben', 'roles' => [], 'registered_on' => '2024-01-10', 'active' => true,
    ]]);
    $record = $tracker->execute('record_licence', ['ctx' => $ctx,
        'licence' => ['id' => 'fa-1', 'holder_id' => 'ana', 'type_id' => 'first-aid', 'expiry' => '2026-04-15'],
        'new_type' => ['id' => 'first-aid', 'name' => 'First aid', 'kind' => 'certification'],
    ]);
    check_same('2026-01-15', $record['next_reminder'], 'first reminder three months before expiry');
    check_same('candidate', $record['licence']['owner'], 'a licence recorded for a person is theirs');
    $tracker->execute('record_licence', ['ctx' => $ctx,
        'licence' => ['id' => 'fa-2', 'holder_id' => 'ben', 'type_id' => 'first-aid', 'expiry' => '2026-01-20']]);
    $tracker->execute('record_licence', ['ctx' => $ctx,
        'licence' => ['id' => 'wh-1', 'holder_id' => 'ana', 'type_id' => 'heights', 'expiry' => '2027-09-30'],
        'new_type' => ['id' => 'heights', 'name' => 'Working at heights', 'kind' => 'licence'],
    ]);

    // A holder's licences with their statuses.
    $mine = $tracker->execute('licences_of', ['holder_id' => 'ana', 'today' => '2026-02-01'])['licences'];
    check_same(
        [['fa-1', 'First aid', 'expiring', 73], ['wh-1', 'Working at heights', 'active', 606]],
        array_map(fn ($l) => [$l['record']['licence']['id'], $l['type_name'], $l['status'], $l['days_left']], $mine),
        "ana's licences with statuses",
    );
    check_same(['active' => 1, 'expired' => 1, 'expiring' => 1],
        $tracker->execute('status_counts', ['today' => '2026-02-01']), 'status counts');

    // The morning's reminders; one acknowledged is not due again.
    $due = $tracker->execute('due_reminders', ['today' => '2026-02-01'])['reminders'];
    check_same(
        [['fa-2', '2026-01-27', null, -12, []], ['fa-1', '2026-01-15', '3 months', 73, ['ana@example.org']]],
        array_map(fn ($r) => [$r['licence_id'], $r['trigger'], $r['lead'], $r['days_left'], $r['recipients']], $due),
        'due reminders',
    );
    check_same(null, $tracker->execute('acknowledge', ['ctx' => $ctx,
        'licence_id' => 'fa-1', 'expiry' => '2026-04-15', 'trigger' => '2026-01-15']), 'acknowledge answers null');
    $due = $tracker->execute('due_reminders', ['today' => '2026-02-01'])['reminders'];
    check_same(['fa-2'], array_column($due, 'licence_id'), 'an acknowledged reminder is not due again');

    // An empty input is the empty object.
    check_same('{}', Engine::encode([]), 'an empty array is encoded as {}');
    check_same(['ana', 'ben'], array_column($tracker->execute('people', [])['people'], 'id'), 'people with []');
    check_same(['ana', 'ben'], array_column($tracker->execute('people')['people'], 'id'), 'people without input');

    // Errors: the exception of the kind, its code and the engine's message.
    check_throws(NotFoundException::class, 'not_found', 1, 'person `bob` not found',
        fn () => $tracker->execute('person', ['id' => 'bob']), 'unknown person');
    check_throws(InvalidInputException::class, 'invalid_input', 3, 'invalid date: `2026-02-30` is not a calendar date',
        fn () => $tracker->execute('record_licence', ['ctx' => $ctx, 'licence' => [
            'id' => 'x', 'holder_id' => 'ana', 'type_id' => 'heights', 'expiry' => '2026-02-30']]),
        'malformed expiry');
    check_throws(AlreadyExistsException::class, 'already_exists', 2, 'person `ben` already exists',
        fn () => $tracker->execute('register_person', ['ctx' => $ctx, 'person' => [
            'id' => 'ben', 'name' => 'Ben', 'roles' => [], 'registered_on' => '2024-01-10', 'active' => true]]),
        'a person registered twice');
    check_throws(InvalidInputException::class, 'invalid_input', 3, 'missing field `today`',
        fn () => $tracker->execute('status_counts', []), 'a missing field');
    check_throws(InvalidInputException::class, 'invalid_input', 3, '`nope` is not a rule operation',
        fn () => $engine->execute('nope', []), 'an unknown rule operation');
    check_throws(InvalidInputException::class, 'invalid_input', 3, 'NUL',
        fn () => $tracker->execute("person\0x", ['id' => 'ana']), 'a NUL in an operation name');
    check_throws(InvalidInputException::class, 'invalid_input', 3, 'Malformed UTF-8',
        fn () => $tracker->execute('person', ['id' => "\xff"]), 'invalid UTF-8');
    check_throws(StorageException::class, 'storage', 7, 'unable to open database file',
        fn () => new Tracker($engine, '/nonexistent/directory/licences.db'), 'a database that cannot be opened');
    try {
        $tracker->execute('person', ['id' => 'bob']);
    } catch (LicenceException $e) {
        check($e instanceof RuntimeException, 'LicenceException', 'is a RuntimeException');
    }

    // Closed: a clear exception, not a crash; closing twice is harmless.
    $tracker->close();
    $tracker->close();
    check_throws(LogicException::class, null, null, 'the tracker is closed',
        fn () => $tracker->execute('people', []), 'a call after close');

    // Records kept in a SQLite file outlive the tracker.
    $file = sys_get_temp_dir() . '/licence-php-scenario-' . getmypid() . '.db';
    $kept = new Tracker($engine, $file);
    $kept->execute('register_person', ['ctx' => $ctx, 'person' => [
        'id' => 'cy', 'name' => 'Cy', 'roles' => [], 'registered_on' => '2025-03-03', 'active' => true]]);
    unset($kept); // the destructor closes it
    $again = new Tracker($engine, $file);
    check_same('Cy', $again->execute('person', ['id' => 'cy'])['name'], 'a file tracker reopened');
    $again->close();
    $reader = new Tracker($engine, $file, ['read_only' => true, 'busy_timeout_ms' => 100]);
    check_same('Cy', $reader->execute('person', ['id' => 'cy'])['name'], 'read-only reads');
    check_throws(StorageException::class, 'storage', 7, 'the database is open read-only',
        fn () => $reader->execute('create_site', ['ctx' => $ctx, 'site' => ['id' => 's1', 'name' => 'Acme']]),
        'read-only refuses writes');
    $reader->close();
    check_throws(InvalidInputException::class, 'invalid_input', 3, 'unknown field `durable`',
        fn () => new Tracker($engine, $file, ['durable' => true]), 'an unknown open option');
    remove_database($file);

    // Rules and dates.
    check_same(20485, $engine->dayParse('2026-02-01'), 'dayParse');
    check_throws(InvalidInputException::class, 'invalid_input', 3, '`01/02/2026`',
        fn () => $engine->dayParse('01/02/2026'), 'dayParse of a malformed date');
    check_same(
        ['results' => [['days_left' => 28, 'status' => 'expiring'], ['days_left' => null, 'status' => 'active']]],
        $engine->execute('status', ['today' => '2026-02-01', 'expiries' => ['2026-03-01', null]]),
        'the status rule',
    );

    // The batch path, from a PHP array and from an FFI array.
    $today = $engine->dayParse('2026-02-01');
    $results = $engine->statusBatch([$today - 1, null, $today + 90, $today + 91], $today);
    check_same(
        [[2, -1], [0, Engine::NO_DAYS_LEFT], [1, 90], [0, 91]],
        array_map(fn ($i) => [$results[$i]->status, $results[$i]->days_left], range(0, 3)),
        'statusBatch of a PHP array',
    );
    $expiries = $engine->ffi->new('int32_t[3]');
    $expiries[0] = Engine::EXPIRY_NEVER;
    $expiries[1] = $today + 10;
    $expiries[2] = $today + 20;
    $results = $engine->statusBatch($expiries, $today, 15);
    check_same(['active', 'expiring', 'active'],
        array_map(fn ($i) => Engine::STATUSES[$results[$i]->status], range(0, 2)), 'statusBatch of an FFI array');
    check_throws(InvalidInputException::class, 'invalid_input', 3, 'window',
        fn () => $engine->statusBatch([$today], $today, 4000), 'a window over ten years');
}
