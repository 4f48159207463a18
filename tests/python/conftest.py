"""Puts the generated `licence` module (copied next to the built library by
`make test-python`) on the path."""

import os
import sys

MODULE_DIR = os.environ.get("LICENCE_PYTHON_MODULE_DIR")
if not MODULE_DIR:
    raise RuntimeError("set LICENCE_PYTHON_MODULE_DIR to the folder of licence.py and the library")
sys.path.insert(0, os.path.abspath(MODULE_DIR))
