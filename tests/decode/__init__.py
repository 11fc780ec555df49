"""Tests of the pure decoding layer (diag.decode)."""
