"""The explicit registry of checks: id -> module (see checks/base.py for the contract)."""

from __future__ import annotations

from types import ModuleType

from zccheck.checks import (
    consistency,
    deadline,
    direct_years,
    duplicate_content,
    engineering_master,
    file_integrity,
    group_limits,
    id_number,
    naming,
    paper_evidence,
    pension,
    photo,
    presence,
    publicity_period,
    report_vs_summary,
    retirement_age,
    scan_quality,
    title_years,
    work_summary,
)

REGISTRY: dict[str, ModuleType] = {
    presence.ID: presence,
    group_limits.ID: group_limits,
    duplicate_content.ID: duplicate_content,
    naming.ID: naming,
    deadline.ID: deadline,
    file_integrity.ID: file_integrity,
    consistency.ID: consistency,
    direct_years.ID: direct_years,
    title_years.ID: title_years,
    engineering_master.ID: engineering_master,
    id_number.ID: id_number,
    publicity_period.ID: publicity_period,
    retirement_age.ID: retirement_age,
    paper_evidence.ID: paper_evidence,
    work_summary.ID: work_summary,
    report_vs_summary.ID: report_vs_summary,
    photo.ID: photo,
    pension.ID: pension,
    scan_quality.ID: scan_quality,
}
