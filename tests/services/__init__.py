"""Tests of the use cases (a package: its module names may repeat those in tests/storage)."""
