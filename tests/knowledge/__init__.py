"""Tests of diag.knowledge: the device data files and their loader."""
