"""HEIC/HEIF decoding for Pillow (pillow-heif, a core dependency): phones' default photo format.

`enable_heif()` registers pillow-heif's opener with Pillow once per process and says whether HEIC can now be
decoded. AVIF needs nothing here: Pillow decodes it itself (`PIL.features.check("avif")`).
"""

from __future__ import annotations

from functools import cache

HEIF_BRANDS = (b"ftypheic", b"ftypheix", b"ftyphevc", b"ftypheim", b"ftypheis", b"ftypmif1", b"ftypmsf1")
"""The ISO-BMFF brands (bytes 4–12) of HEIC/HEIF files as phones and cameras write them."""


@cache
def enable_heif() -> bool:
    """Register pillow-heif's HEIC/HEIF opener with Pillow (once); False when pillow-heif is not installed."""
    try:
        from pillow_heif import register_heif_opener
    except ImportError:
        return False
    register_heif_opener()
    return True


def is_heif(data: bytes) -> bool:
    """True when `data` starts like a HEIC/HEIF file."""
    return data[4:12] in HEIF_BRANDS
