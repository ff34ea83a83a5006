"""Read-only inventory of the materials: a folder or a .zip, as Documents."""
