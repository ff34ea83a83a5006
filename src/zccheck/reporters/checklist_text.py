"""The applicant's checklist as plain text with boxes to tick (`zccheck checklist --facts … --format text`)."""

from __future__ import annotations

from zccheck.checklist.model import Checklist
from zccheck.facts import Facts
from zccheck.findings import Problem
from zccheck.reporters.html.checklist import build


def checklist_lines(checklist: Checklist, facts: Facts | None, problems: tuple[Problem, ...] = (),
                    lang: str = "zh") -> list[str]:
    """The checklist as lines: header, then "[ ] name（presence）  clause  formats" by platform section."""
    view = build(checklist, facts, problems, lang)
    w = view["w"]
    lines = [f"{view['title']} — {view['checklist_title']}"]
    lines += [f"{key}: {value}" for key, value in view["applicant"]]
    lines += view["notes"]
    lines.append("")
    for section in view["sections"]:
        lines.append(f"{section['id'] if section['id'] != 'unit' else ''} {section['name']}".strip())
        for row in section["rows"]:
            when = f"  {w['cl.when']}: {row['condition']}" if row["condition"] and not view["facts_given"] else ""
            lines.append(f"  [ ] {row['name']}（{row['presence_text']}）  {row['clause']}  {row['formats']}{when}")
        lines.append("")
    if view["skipped"]:
        lines.append(w["cl.not_applicable"] + ":")
        lines += [f"  —  {r['name']}  ({r['condition']})" for r in view["skipped"]]
    return lines
