"""The test suite: real builds read back (docs/testing.md). A package, so its modules import
``tests.helpers`` wherever pytest runs."""
