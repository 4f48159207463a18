#!/usr/bin/env bash
# Re-minimises the saved corpus of one fuzz target: of the inputs saved
# and those a run found, keeps the fewest that reach all the code they
# reach beyond the target's seeds (libFuzzer's set-cover merge, with the
# seeds counted as already there), and of those the MAX smallest.
#
#   scripts/fuzz-merge.sh BINARY SEEDS SAVED FOUND MAX MAX_LEN
#
# BINARY is the target built by cargo-fuzz; SEEDS, SAVED and FOUND are
# folders of inputs; SAVED is rewritten.
set -euo pipefail

binary=$1 seeds=$2 saved=$3 found=$4 max=$5 max_len=$6
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir "$work/out"
cp "$seeds"/* "$work/out/"
"$binary" -set_cover_merge=1 -max_len="$max_len" "$work/out" "$saved" "$found" \
    >"$work/merge.log" 2>&1 || { cat "$work/merge.log" >&2; exit 1; }
rm -f "$work/out"/seed-*
find "$saved" -maxdepth 1 -type f -delete
# The smallest first: every file past MAX is left out.
ls -Sr "$work/out" >"$work/by-size"
head -n "$max" "$work/by-size" | while read -r name; do
    mv "$work/out/$name" "$saved/"
done
