"""Tests of the capture file formats (diag.captures)."""
