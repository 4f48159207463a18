"""The shared conformance vectors through the Python binding's typed
methods, by operation name: rule cases through `Rules`, scenarios through a
fresh `Tracker` in memory and in a SQLite file; rule cases also through
`execute`."""

import json
import os
import pathlib

import pytest

import licence
import typed

VECTORS = pathlib.Path(os.environ.get("LICENCE_VECTORS", "tests/vectors"))


def mismatch(expected, actual, path=""):
    """Where `actual` differs from the subset `expected`, or None."""
    if isinstance(expected, dict) and isinstance(actual, dict):
        for key, value in expected.items():
            if key not in actual:
                return f"{path}.{key}: missing"
            found = mismatch(value, actual[key], f"{path}.{key}")
            if found:
                return found
        return None
    if isinstance(expected, list) and isinstance(actual, list) and len(expected) == len(actual):
        for i, (e, a) in enumerate(zip(expected, actual)):
            found = mismatch(e, a, f"{path}[{i}]")
            if found:
                return found
        return None
    if type(expected) is type(actual) and expected == actual:
        return None
    return f"{path}: expected {expected!r}, got {actual!r}"


def check(case, call):
    """Runs one call and compares its outcome with `expect` or `error`."""
    try:
        actual = json.loads(call())
    except licence.LicenceError as error:
        assert "error" in case, f"unexpected error {error.kind_name()}: {error.message()}"
        assert error.kind_name() == case["error"], error.message()
        return
    except typed.Unfit as why:
        assert case.get("error") == "invalid_input", f"input no record holds: {why}"
        return
    assert "expect" in case, f"expected error {case['error']}, got {actual}"
    found = mismatch(case["expect"], actual)
    assert found is None, f"{found}\n  actual: {actual}"


def run_steps(tracker, steps, store):
    for i, step in enumerate(steps):
        try:
            check(step, lambda: typed.call(tracker, step["op"], typed.TRACKER, step["input"]))
        except AssertionError as e:
            raise AssertionError(f"{store}, step {i} `{step['op']}`: {e}") from None


def cases():
    for file in sorted(VECTORS.glob("*.json")):
        for case in json.loads(file.read_text())["cases"]:
            yield pytest.param(case, id=f"{file.stem}/{case['name']}")


ALL_CASES = list(cases())


def test_every_vector_file_has_cases():
    assert len(ALL_CASES) >= 10
    assert {p.id.split("/")[0] for p in ALL_CASES} == {f.stem for f in VECTORS.glob("*.json")}


@pytest.mark.parametrize("case", ALL_CASES)
def test_vector(case, tmp_path):
    if case["op"] != "tracker":
        check(case, lambda: typed.call(licence.Rules(), case["op"], typed.RULES, case["input"]))
        check(case, lambda: licence.execute(case["op"], json.dumps(case["input"])))
        return
    steps = case["input"]["steps"]
    run_steps(licence.Tracker.in_memory(), steps, "memory store")
    run_steps(licence.Tracker.open(str(tmp_path / "tracker.db")), steps, "sqlite file")
