"""`zccheck init`: a commented zccheck.toml and an empty folder skeleton mirroring the upload sections."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from zccheck.checklist.model import Checklist

FACTS_TEMPLATE = """\
# zccheck 申报信息（申报人事实）。zccheck 根据这些信息判断哪些材料必须提供。
# 填好后运行：zccheck scan <本文件夹>
# 日期写成 2024-08-20；true/false 不加引号。

[applicant]
name = ""              # 姓名
id_number = ""         # 身份证号（报告中只显示前3位和后2位）
level = "工程师"        # 申报级别：工程师 / 助理工程师 / 技术员
industry = "工程"       # 申报专业所属行业：工程 / 住建 / 自然资源 / 水利水电 / 生态环境
route = "正常"          # 申报方式：正常 / 直接申报 / 破格（工程硕士提前1年申报选“破格”）
unit = ""              # 申报单位全称（与社保缴费单位一致）
education = "本科"      # 学历：博士 / 硕士 / 本科 / 大专 / 中专
# work_start = 2016-07-01     # 参加专业技术工作时间
# title_date = 2020-12-30     # 现职称（下一级职称）取得时间，即证书上的“资格取得时间”（正常申报核对任职年限）
# apply_date = 2024-08-20     # 计划提交日期（不填则按通知的首次提交期判断，对申报人有利）
# degree_code = "0855"        # 工程类硕士专业学位代码（如有）
# publicity_start = 2024-08-01   # 单位内部公示开始日期
# publicity_end = 2024-08-07     # 单位内部公示结束日期

[flags]
dispatched = false              # 劳务派遣人员
name_changed = false            # 使用曾用名 / 身份证号变动
central_unit = false            # 中直、区直驻柳或外省外市单位驻柳分支机构
education_unverifiable = false  # 学信网查不到学历
title_not_shared = false        # 下一级职称未能通过系统数据共享获取
pension_not_shared = false      # 社保未能通过系统数据共享获取
epidemic = false                # 参与疫情防控工作
high_skill = false              # 高技能人才
retirement_extended = false     # 已按规定办理延长退休手续
"""


_UNSAFE_CHARS = re.compile(r'[\\/:*?"<>|]')


@dataclass
class InitReport:
    """What `init` created and what it left alone."""

    created: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)


def section_folder_name(section_id: str, name: str) -> str:
    """"3-1" + "现任…" -> "03-1 现任…"; characters not allowed in Windows names are replaced."""
    head = section_id.split("-")
    number = f"{int(head[0]):02d}" + (f"-{head[1]}" if len(head) > 1 else "") if head[0].isdigit() else "12"
    safe = _UNSAFE_CHARS.sub("、", name)
    return f"{number} {safe}"


def init_materials(target: Path, checklist: Checklist) -> InitReport:
    """Create `target` with a template zccheck.toml and one folder per section; never overwrite anything."""
    report = InitReport()
    target.mkdir(parents=True, exist_ok=True)
    facts_file = target / "zccheck.toml"
    if facts_file.exists():
        report.kept.append(facts_file.name)
    else:
        with open(facts_file, "x", encoding="utf-8") as handle:
            handle.write(FACTS_TEMPLATE)
        report.created.append(facts_file.name)
    for section in checklist.sections:
        folder = target / section_folder_name(section.id, section.name_zh)
        if folder.exists():
            report.kept.append(folder.name)
        else:
            folder.mkdir()
            report.created.append(folder.name + "/")
    return report
