"""NerveCheck test suite."""
