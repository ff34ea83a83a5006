"""Recognising materials by what they contain when their names say nothing (or say something else).

`evidence.py` reads cheap content evidence, `signatures.py` scores it against the checklist's signatures,
`stage.py` decides and updates the Classification.
"""
