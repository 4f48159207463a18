<?php
// The README's example: php -d include_path=<the package's src> example.php
require_once 'Licence.php'; // or Composer's vendor/autoload.php

use Licence\{Engine, NotFoundException, Tracker};

$engine = Engine::load(); // licence.h beside the package, liblicence.so from the loader's path
$tracker = new Tracker($engine, ':memory:'); // or a SQLite file, or a postgresql:// URL
$ctx = ['actor' => 'hr', 'at' => 1767225600];
$tracker->execute('register_person', ['ctx' => $ctx, 'person' => ['id' => 'ana', 'name' => 'Ana',
    'roles' => ['delegate'], 'registered_on' => '2024-01-10', 'active' => true]]);
$tracker->execute('record_licence', ['ctx' => $ctx, 'licence' => ['id' => 'fl-1', 'holder_id' => 'ana',
    'type_id' => 'forklift', 'expiry' => '2026-04-15'], 'new_type' => ['id' => 'forklift', 'name' => 'Forklift', 'kind' => 'licence']]);
foreach ($tracker->execute('licences_of', ['holder_id' => 'ana', 'today' => '2026-03-01'])['licences'] as $l) {
    echo "{$l['type_name']}: {$l['status']}, {$l['days_left']} days left\n";
}
try {
    $tracker->execute('person', ['id' => 'bob']);
} catch (NotFoundException $e) {
    echo "{$e->kind()}: {$e->getMessage()}\n";
}
