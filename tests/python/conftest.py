"""The suite runs against the installed `licence` package (the wheel that
`make test-python` builds and installs into a fresh virtual environment)."""
