"""Checklists: policy as data."""
