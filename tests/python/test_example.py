"""The README's Python example runs as written, and the package under test
is the installed one, not a module from the build tree."""

import os
import subprocess
import sys
import sysconfig

import licence

EXAMPLE = os.path.join(os.path.dirname(__file__), "example.py")


def test_the_package_is_the_installed_wheel():
    site_packages = sysconfig.get_paths()["purelib"]
    assert os.path.dirname(os.path.dirname(licence.__file__)) == site_packages


def test_readme_example_prints_the_licence_and_the_refusal():
    result = subprocess.run([sys.executable, EXAMPLE], capture_output=True, text=True, check=True)
    assert result.stdout.splitlines() == [
        "Forklift: EXPIRING, 45 days left",
        "person `bob` not found (not_found)",
    ]
