"""What operating systems, office suites and sync tools leave next to people's files: never materials.

Windows: Thumbs.db, ehthumbs.db, desktop.ini, `$RECYCLE.BIN`, `System Volume Information`, `~$` Office and WPS
lock files, `~WRL0001.tmp`. macOS: `.DS_Store`, `._*` AppleDouble files, `__MACOSX/` (the Finder's zips),
`Icon\\r`, `.Spotlight-V100`, `.fseventsd`, `.Trashes`, `.TemporaryItems`, `.localized`, `.apdisk`.
LibreOffice: `.~lock.<name>#`. Linux desktops: `.directory`, `.Trash-1000/`, `.nfs*`, `.fuse_hidden*`,
`.goutputstream-*`, `name~` backups, `.name.swp`. NAS boxes: `@eaDir/`, `.@__thumb/`. Browsers: `.crdownload`,
`.part`. Version control folders.
"""

from __future__ import annotations

import re
from pathlib import PurePosixPath

_LITTER_NAMES = {"thumbs.db", "ehthumbs.db", "ehthumbs_vista.db", "desktop.ini", ".ds_store", "icon\r", ".localized",
                 ".apdisk", ".directory", ".volumeicon.icns", ".com.apple.timemachine.donotpresent"}
_LITTER_DIRS = {"__macosx", ".git", ".svn", ".hg", "$recycle.bin", "recycler", "system volume information",
                ".trash", ".trashes", ".spotlight-v100", ".fseventsd", ".temporaryitems", ".documentrevisions-v100",
                ".appledouble", ".appledb", ".appledesktop", "@eadir", ".@__thumb", ".wps-cloud"}
_LITTER_DIR_PREFIXES = (".trash-",)
_TEMP = re.compile(
    r"""^(?:~\$            # Office / WPS owner lock file: ~$承诺书.docx
        | \._              # macOS AppleDouble resource fork
        | \.~lock\..*\#$   # LibreOffice lock: .~lock.承诺书.docx#
        | ~.*\.tmp$        # Office temporary: ~WRL0001.tmp
        | \.nfs | \.fuse_hidden | \.goutputstream-
        | \..*\.sw[po]$    # vim swap
        )
      | \.(?:tmp|bak|crdownload|part|partial|download)$
      | ~$                 # editor backup: 总结.docx~
    """,
    re.IGNORECASE | re.VERBOSE,
)


def is_litter_folder(name: str) -> bool:
    """A folder name that only system tools create (`__MACOSX`, `$RECYCLE.BIN`, `.Trash-1000`, …)."""
    folded = name.lower()
    return folded in _LITTER_DIRS or folded.startswith(_LITTER_DIR_PREFIXES)


def is_litter_name(name: str) -> bool:
    """A file name that only system tools create (`.DS_Store`, `Thumbs.db`, `~$承诺书.docx`, `._x.pdf`, …)."""
    return name.lower() in _LITTER_NAMES or bool(_TEMP.search(name))


def is_clutter(rel_path: str) -> bool:
    """System and editor clutter that nobody uploads: ignored silently (a file or anything below a litter folder)."""
    parts = PurePosixPath(rel_path).parts
    if any(is_litter_folder(p) for p in parts[:-1]):
        return True
    return is_litter_name(parts[-1]) if parts else False
