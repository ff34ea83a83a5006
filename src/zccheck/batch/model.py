"""The batch's data: one ApplicantReport per applicant (plain data from a worker) and the BatchResult."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from zccheck.masking import mask_ids, mask_ids_deep

# Applicant statuses. Only CHECKED and EMPTY carry a scan result.
CHECKED, EMPTY, UNREADABLE, FAILED, TIMEOUT, CRASHED, NO_MATERIALS = (
    "checked", "empty", "unreadable", "failed", "timeout", "crashed", "no-materials")
# Facts sources.
FACTS_FILE, FACTS_ROSTER, FACTS_NONE = "zccheck.toml", "roster", "none"

# The unit's fault-rate lines of the notice: §四(三) the unit explains and is named (10%);
# §四(四) the supervising department's share that triggers a written rectification plan (20%).
THRESHOLDS: tuple[tuple[str, float, str], ...] = (("unit", 0.10, "§四(三)"), ("supervisor", 0.20, "§四(四)"))

_STATUS_TEXT: dict[str, tuple[str, str, str, str]] = {
    # status: (zh label, en label, zh hint, en hint)
    CHECKED: ("已检查", "checked", "", ""),
    EMPTY: ("文件夹是空的", "empty folder", "请申报人把全部材料放入该文件夹后重新提交。",
            "Ask the applicant to put the materials into the folder."),
    UNREADABLE: ("材料无法打开", "materials unreadable",
                 "请申报人重新打包为标准 .zip（或直接提交文件夹）后再提交。",
                 "Ask for a fresh standard .zip (or a plain folder)."),
    FAILED: ("检查程序出错", "check failed", "请用 zccheck scan 单独检查该申报人，或人工审核其材料。",
             "Check this applicant alone with `zccheck scan`, or review by hand."),
    TIMEOUT: ("检查超时", "timed out", "材料过多或文件异常；请用 zccheck scan 单独检查，或人工审核。",
              "Too many or unusual files; check alone with `zccheck scan` or by hand."),
    CRASHED: ("检查进程意外退出", "worker crashed", "某个文件可能损坏；请用 zccheck scan 单独检查，或人工审核。",
              "A file may be damaged; check alone with `zccheck scan` or by hand."),
    NO_MATERIALS: ("花名册有此人，但没有找到材料", "on the roster, no materials",
                   "请确认该申报人的材料文件夹或压缩包已放入，且名称含其姓名。",
                   "Make sure the applicant's folder or zip is there and named with the person's name."),
}

def status_label(status: str, lang: str) -> str:
    """The status in words."""
    entry = _STATUS_TEXT.get(status)
    if entry is None:
        return status
    return entry[1] if lang == "en" else entry[0]


def status_hint(status: str, lang: str) -> str:
    """What to do about an applicant that could not be checked."""
    entry = _STATUS_TEXT.get(status)
    if entry is None:
        return ""
    return entry[3] if lang == "en" else entry[2]


@dataclass
class ApplicantReport:
    """One applicant's outcome: plain, picklable data (the scan result as its JSON dict)."""

    index: int
    entry: str
    label: str
    path: str
    source: str  # folder | zip | archive
    status: str
    facts_source: str = FACTS_NONE
    roster_line: int | None = None
    seconds: float = 0.0
    result: dict[str, Any] | None = None
    fixit: list[str] | None = None
    html_page: str | None = None  # file name of the applicant's HTML report in the batch's --html folder
    problem: dict[str, Any] | None = None  # {"reason", "detail"} when not checked
    max_rss_kb: int | None = None
    pid: int | None = None
    cache_stats: dict[str, int] | None = None

    @property
    def scanned(self) -> bool:
        """True when the materials were checked (a result exists)."""
        return self.result is not None

    def count(self, key: str) -> int:
        """errors / warnings / reviews / infos of the scan (0 when not scanned)."""
        if self.result is None:
            return 0
        return int(self.result.get("summary", {}).get(key, 0))

    @property
    def faulty(self) -> bool:
        """True when the applicant has at least one error, or could not be checked at all."""
        return not self.scanned or self.count("errors") > 0 or self.status == EMPTY

    def verdict(self) -> str:
        """"not_ready" (errors, or not checkable), "fix_first" (warnings: convert, rename, …) or "ready"; the
        batch never says 可以上报 while something is still to be done."""
        if self.faulty:
            return "not_ready"
        return "fix_first" if self.count("warnings") else "ready"

    def name(self) -> str | None:
        """The applicant's name from the facts, if known."""
        if self.result is None:
            return None
        return self.result.get("applicant", {}).get("name")

    def fact(self, key: str) -> Any:
        """A fact of the scanned applicant (level, industry, ...), or None."""
        if self.result is None:
            return None
        return self.result.get("applicant", {}).get(key)

    def actionable(self) -> list[dict[str, Any]]:
        """Findings an applicant must act on (error, warning, review), in the report's order."""
        if self.result is None:
            return []
        return [f for f in self.result.get("findings", []) if f.get("severity") in ("error", "warning", "review")]

    def first_fix(self, lang: str) -> str:
        """The first thing to fix, in words (the status for an applicant that could not be checked)."""
        if not self.scanned or self.status == EMPTY:
            detail = (self.problem or {}).get("detail")
            text = status_label(self.status, lang)
            return f"{text}：{detail}" if detail and lang != "en" else (f"{text}: {detail}" if detail else text)
        actionable = self.actionable()
        if not actionable:
            return ""
        return str(actionable[0].get("message") or actionable[0].get("hint") or "")


@dataclass
class RosterSummary:
    """What the roster gave, for the reports (ID numbers already masked)."""

    path: str
    sheet: str
    header_line: int
    columns: dict[str, str]
    rows: int
    matched: int
    unmatched_rows: list[dict[str, Any]] = field(default_factory=list)
    unmatched_applicants: list[str] = field(default_factory=list)
    ambiguous: dict[str, list[int]] = field(default_factory=dict)
    shared_rows: dict[int, list[str]] = field(default_factory=dict)
    skipped_lines: list[int] = field(default_factory=list)
    id_lost_lines: list[int] = field(default_factory=list)


@dataclass
class BatchResult:
    """Everything the batch reporters need."""

    root: str
    lang: str
    checklist: dict[str, Any]
    applicants: list[ApplicantReport]
    ignored: list[str] = field(default_factory=list)
    roster: RosterSummary | None = None
    seconds: float = 0.0
    jobs: int = 1
    cache: str | None = None  # the cache directory used, None when off
    notes: list[str] = field(default_factory=list)
    planned: int | None = None  # applicants found under ROOT (None: the same as `applicants`)
    interrupted: bool = False  # Ctrl-C stopped the batch: `applicants` holds only those finished

    @property
    def total(self) -> int:
        """How many applicants the batch set out to check."""
        return self.planned if self.planned is not None else len(self.applicants)

    def summary(self) -> dict[str, Any]:
        """Counts, the fault rate and the notice's lines."""
        submitted = self.applicants
        faulty = sum(1 for a in submitted if a.faulty)
        rate = faulty / len(submitted) if submitted else 0.0
        statuses: dict[str, int] = {}
        for applicant in self.applicants:
            statuses[applicant.status] = statuses.get(applicant.status, 0) + 1
        return {
            "applicants": len(submitted),
            "checked": sum(1 for a in submitted if a.scanned),
            "with_errors": faulty,
            "without_errors": len(submitted) - faulty,
            "fault_rate": round(rate, 4),
            "thresholds": [{"id": key, "rate": line, "source": source, "reached": bool(submitted) and rate >= line}
                           for key, line, source in THRESHOLDS],
            "errors": sum(a.count("errors") for a in submitted),
            "warnings": sum(a.count("warnings") for a in submitted),
            "reviews": sum(a.count("reviews") for a in submitted),
            "statuses": statuses,
            "seconds": round(self.seconds, 3),
            "planned": self.total,
            "interrupted": self.interrupted,
        }

    def masked(self) -> BatchResult:
        """This batch with every ID number masked in whatever a reporter may print or write (folder and zip
        names, labels, paths, the scan results, fix-it lines, roster lists). Every batch reporter calls it."""
        applicants = [replace(a, entry=mask_ids(a.entry), label=mask_ids(a.label), path=mask_ids(a.path),
                              result=mask_ids_deep(a.result), problem=mask_ids_deep(a.problem),
                              fixit=[mask_ids(line) for line in a.fixit] if a.fixit is not None else None)
                      for a in self.applicants]
        roster = self.roster
        if roster is not None:
            roster = replace(roster, path=mask_ids(roster.path), unmatched_rows=mask_ids_deep(roster.unmatched_rows),
                             unmatched_applicants=[mask_ids(a) for a in roster.unmatched_applicants],
                             ambiguous={mask_ids(k): v for k, v in roster.ambiguous.items()},
                             shared_rows={k: [mask_ids(v) for v in vs] for k, vs in roster.shared_rows.items()})
        return replace(self, root=mask_ids(self.root), applicants=applicants, roster=roster,
                       ignored=[mask_ids(p) for p in self.ignored], notes=[mask_ids(n) for n in self.notes])

    def exit_code(self, strict: bool = False) -> int:
        """0 when no submitted applicant has errors (nor warnings with `strict`), else 1."""
        for applicant in self.applicants:
            if applicant.faulty or (strict and applicant.count("warnings")):
                return 1
        return 0
