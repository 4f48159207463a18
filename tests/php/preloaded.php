<?php
// The library preloaded (ffi.preload, or FFI::load() in an opcache.preload
// script) under the scope LICENCE, as a web server has it: a request takes
// it with Engine::preloaded(). Run by `make test-php` with ffi.preload.

declare(strict_types=1);

require_once 'Licence.php';

$engine = Licence\Engine::preloaded();
$tracker = new Licence\Tracker($engine, ':memory:');
$counts = $tracker->execute('status_counts', ['today' => '2026-03-01']);
if ($engine->dayParse('2026-02-01') !== 20485 || $counts !== ['active' => 0, 'expired' => 0, 'expiring' => 0]) {
    fwrite(STDERR, "the preloaded library answers wrongly\n");
    exit(1);
}
echo "php: the preloaded library works\n";
