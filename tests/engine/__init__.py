"""Tests of the diagnosis engine (diag.engine) and of the traffic checks (checks/)."""
