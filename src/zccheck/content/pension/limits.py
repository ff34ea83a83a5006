"""Numeric bounds of the pension reader: caps against hostile input, the plausible years, the back-pay lag."""

from __future__ import annotations

from zccheck.inventory.zipguard import OFFICE_LIMITS

MAX_BYTES = 50 * 1024 * 1024  # larger files are refused ("too-large")
MAX_ROWS = 20_000  # rows read from any one sheet, table or PDF
MAX_COLS = 60  # cells read from any one row
MAX_PDF_PAGES = 100  # PDF pages whose text is read
MAX_RANGE_MONTHS = 1200  # months one range row may expand to
HEADER_SEARCH_ROWS = 30  # the first header of a sheet is looked for in this many rows
# The zip limits of an .xlsx/.docx are the one Office set of inventory/zipguard.py (re-exported here).
ZIP_MAX_MEMBERS = OFFICE_LIMITS.max_members
ZIP_MAX_TOTAL = OFFICE_LIMITS.max_total_bytes
ZIP_MAX_RATIO = OFFICE_LIMITS.max_ratio
ZIP_RATIO_MIN_SIZE = OFFICE_LIMITS.ratio_min_bytes
LATE_BOOKING_MONTHS = 3  # a booking month this many months after the period month marks a back payment
MIN_YEAR, MAX_YEAR = 1950, 2100  # the years a month may fall in
