"""The batch pipeline: discover the applicants, match the roster, check them in workers, roll up."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from zccheck.batch.discover import Applicant, Discovery, discover
from zccheck.batch.model import (
    UNREADABLE,
    ApplicantReport,
    BatchResult,
    RosterSummary,
)
from zccheck.batch.roster import Roster, RosterMatch, match_roster, read_roster, unused_note
from zccheck.batch.runner import BatchInterrupted, WarmPool, default_jobs, run_tasks
from zccheck.batch.worker import Task
from zccheck.engine import ScanOptions
from zccheck.masking import mask_id_number, mask_ids

DEFAULT_TIME_LIMIT_S = 600.0


@dataclass(frozen=True)
class BatchOptions:
    """How to run a batch. `cache_dir` None disables the persistent cache."""

    scan: ScanOptions = field(default_factory=ScanOptions)
    roster: Path | None = None
    jobs: int = field(default_factory=default_jobs)
    cache_dir: str | None = None
    time_limit_s: float = DEFAULT_TIME_LIMIT_S
    want_fixit: bool = False
    # How a worker renders fix-it lines (e.g. reporters.text_report.fixit_lines); needed with `want_fixit`.
    fixit_lines: Callable[[Any], list[str]] | None = None
    html_dir: Path | None = None  # batch --html: each applicant's report is written here by its worker
    # The scan's JSON document for each applicant (e.g. reporters.json_report.to_dict); default result_json's.
    result_data: Callable[[Any], dict[str, Any]] | None = None
    # Writes one applicant's HTML page (e.g. reporters.output.write_html_report); needed with `html_dir`.
    html_writer: Callable[[Any, str], None] | None = None
    skip: tuple[Path, ...] = ()
    quiet_workers: bool = True


@dataclass
class Plan:
    """What will be checked: the applicants, the roster and how it matched."""

    discovery: Discovery
    roster: Roster | None = None
    match: RosterMatch | None = None
    notes: list[str] = field(default_factory=list)


def plan_batch(root: str | Path, options: BatchOptions) -> Plan:
    """Discover applicants and read/match the roster. Raises RootUnreadable (exit 3) or RosterError (exit 2)."""
    skip = list(options.skip)
    if options.roster is not None:
        skip.append(Path(options.roster))
    discovery = discover(root, skip=tuple(skip))
    plan = Plan(discovery=discovery)
    if options.roster is not None:
        plan.roster = read_roster(options.roster)
        plan.match = match_roster(discovery.applicants, plan.roster)
        column = plan.roster.columns.get("industry", "")
        for entry, row in plan.match.matched.items():
            if "industry" in row.unused and "industry" not in row.facts:
                plan.notes.append(unused_note(row, column, entry))
    return plan


def _html_path(folder: Path | None, index: int, label: str) -> str | None:
    """Where applicant `index`'s HTML report goes: numbered, so names never collide, and ID numbers masked."""
    if folder is None:
        return None
    from zccheck.batch.filenames import safe_file_stem
    from zccheck.masking import mask_ids

    return str(Path(folder) / f"{index + 1:03d}-{safe_file_stem(mask_ids(label))}.html")


def run_batch(root: str | Path, options: BatchOptions, *, plan: Plan | None = None,
              on_start: Callable[[int], None] | None = None,
              on_done: Callable[[ApplicantReport], None] | None = None,
              pool: WarmPool | None = None) -> BatchResult:
    """Check every applicant under `root`. Raises ChecklistError, RootUnreadable, RosterError (before any
    applicant is checked); after that, nothing an applicant's materials do stops the batch. Ctrl-C while
    applicants are being checked returns what is finished, with `interrupted` set. `pool`: workers started
    before planning (see `runner.WarmPool`; the caller closes it)."""
    from zccheck.checklist.loader import load_checklist, resolve_checklist

    started = time.perf_counter()
    checklist = load_checklist(resolve_checklist(options.scan.checklist))
    plan = plan or plan_batch(root, options)
    cache_dir = _usable_cache_dir(options.cache_dir, plan.discovery.root, plan.notes)
    tasks: list[Task] = []
    unsupported: list[ApplicantReport] = []
    for index, applicant in enumerate(plan.discovery.applicants):
        if applicant.source == "archive":
            unsupported.append(_unsupported(index, applicant))
            continue
        row = plan.match.matched.get(applicant.entry) if plan.match else None
        tasks.append(Task(index=index, entry=applicant.entry, label=applicant.label, path=str(applicant.path),
                          source=applicant.source, options=options.scan,
                          roster_facts=dict(row.facts) if row else None, roster_line=row.line if row else None,
                          cache_dir=cache_dir, time_limit_s=options.time_limit_s,
                          want_fixit=options.want_fixit and options.fixit_lines is not None,
                          fixit_lines=options.fixit_lines,
                          html_path=(_html_path(options.html_dir, index, applicant.label)
                                     if options.html_writer else None),
                          html_writer=options.html_writer, result_data=options.result_data))
    if on_start is not None:
        on_start(len(plan.discovery.applicants))
    for report in unsupported:
        if on_done is not None:
            on_done(report)
    interrupted = False
    try:
        reports = (run_tasks(tasks, options.jobs, on_done, quiet_workers=options.quiet_workers, pool=pool)
                   if tasks else [])
    except BatchInterrupted as stop:  # Ctrl-C: keep every applicant already checked
        reports, interrupted = stop.reports, True
    applicants = sorted([*reports, *unsupported], key=lambda r: r.index)
    lang = options.scan.lang
    return BatchResult(
        root=str(plan.discovery.root), lang=lang,
        checklist={"id": checklist.id, "title": checklist.title(lang), "path": checklist.path},
        applicants=applicants, ignored=list(plan.discovery.ignored),
        roster=_roster_summary(plan) if plan.roster is not None else None,
        seconds=time.perf_counter() - started, jobs=max(1, min(options.jobs, len(tasks) or 1)),
        cache=cache_dir, notes=plan.notes, planned=len(plan.discovery.applicants), interrupted=interrupted)


def _usable_cache_dir(cache_dir: str | None, root: Path, notes: list[str]) -> str | None:
    if cache_dir is None:
        return None
    from zccheck.cache import Cache, CacheUnavailable

    try:
        cache = Cache.open(cache_dir, outside=root)
    except CacheUnavailable as exc:
        notes.append(f"缓存未启用 / cache disabled: {exc}")
        return None
    return str(cache.directory)


def _unsupported(index: int, applicant: Applicant) -> ApplicantReport:
    kind = applicant.entry.rsplit(".", 1)[-1].upper()
    return ApplicantReport(index=index, entry=applicant.entry, label=applicant.label, path=str(applicant.path),
                           source=applicant.source, status=UNREADABLE,
                           problem={"reason": "unsupported-archive",
                                    "detail": f"不支持 .{kind.lower()} 压缩包，请改用 .zip / {kind} is not supported"})


def _roster_summary(plan: Plan) -> RosterSummary:
    roster, match = plan.roster, plan.match
    assert roster is not None and match is not None
    return RosterSummary(
        path=roster.path, sheet=roster.sheet, header_line=roster.header_line, columns=dict(roster.columns),
        rows=len(roster.rows), matched=len(match.matched),
        unmatched_rows=[{"line": row.line, "name": row.name,
                         "id_number": mask_id_number(row.facts.get("id_number")),
                         "unit": mask_ids(row.facts.get("unit", ""))} for row in match.unmatched_rows],
        unmatched_applicants=list(match.unmatched_applicants),
        ambiguous={entry: [row.line for row in rows] for entry, rows in match.ambiguous.items()},
        shared_rows=dict(match.shared_rows), skipped_lines=list(roster.skipped_lines),
        id_lost_lines=list(roster.id_lost_lines))
