#!/usr/bin/env python3
"""What each crate contributes to a shared library: the sizes of its
symbols (from `nm`), summed by the crate their demangled names start with.

Usage: crate-sizes.py LIBRARY [TOP]

A symbol counts for the first crate its name mentions (`<serde_json::de::
Deserializer as serde_core::de::Deserializer>::…` counts for serde_json, the
crate whose code it is, as cargo-bloat counts a generic instance); the
functions and metadata uniffi exports by plain name count as `(uniffi
scaffolding)`, and the rest, which has no Rust path, as `(C: SQLite)`. The
library must not be stripped.
"""

import collections
import re
import subprocess
import sys

CRATE = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)::")


def crate_of(name: str) -> str:
    match = CRATE.search(name)
    if match:
        return match.group(1)
    if name.lower().startswith(("uniffi_", "ffi_")):
        return "(uniffi scaffolding)"
    return "(C: SQLite)"


def main() -> int:
    library = sys.argv[1]
    top = int(sys.argv[2]) if len(sys.argv) > 2 else 15
    listing = subprocess.run(
        ["nm", "--print-size", "--size-sort", "--demangle", library],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    sizes: collections.Counter[str] = collections.Counter()
    for line in listing.splitlines():
        parts = line.split(None, 3)
        if len(parts) < 4 or parts[2].lower() not in "tdrb":
            continue
        sizes[crate_of(parts[3])] += int(parts[1], 16)
    total = sum(sizes.values())
    print(f"{'crate':<24} {'KiB':>8} {'share':>7}")
    for crate, size in sizes.most_common(top):
        print(f"{crate:<24} {size / 1024:>8.0f} {size / total:>7.1%}")
    rest = total - sum(size for _, size in sizes.most_common(top))
    print(f"{'(the rest)':<24} {rest / 1024:>8.0f} {rest / total:>7.1%}")
    print(f"{'symbols in all':<24} {total / 1024:>8.0f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
