#!/usr/bin/env python3
"""Fails when an example shown in README.md differs from the file the tests
run. An example is a fenced block right after a line `<!-- example: PATH -->`;
its text must be exactly that file's."""

import re
import sys

MARKED = re.compile(r"^<!-- example: (\S+) -->\n```\w*\n(.*?)^```$", re.M | re.S)


def main(readme="README.md"):
    with open(readme, encoding="utf-8") as file:
        text = file.read()
    examples = MARKED.findall(text)
    stale = []
    for path, shown in examples:
        with open(path, encoding="utf-8") as file:
            if file.read() != shown:
                stale.append(path)
    for path in stale:
        print(f"{readme}: the example from {path} differs from the file; copy it in again")
    if not examples:
        print(f"{readme}: no examples marked `<!-- example: PATH -->`")
        return 1
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
