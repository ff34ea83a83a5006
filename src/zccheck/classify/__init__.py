"""Recognising checklist items from the names people really give their folders and files."""
