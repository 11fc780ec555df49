"""Tests of the report formats (diag.report)."""
