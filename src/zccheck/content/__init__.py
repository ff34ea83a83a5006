"""Readers and measures that look inside files' bytes. Pure functions: no findings, no printing."""
