"""Command line: parse options, call the pipeline, choose the reporter and the exit code. No logic here.

Exit codes: 0 no errors; 1 errors (or warnings with --strict); 2 usage or checklist/facts-file error;
3 the materials could not be read at all.
"""

from __future__ import annotations

import os
import sys
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from zccheck import __version__

if TYPE_CHECKING:
    from zccheck.result import Result

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE, EXIT_UNREADABLE = 0, 1, 2, 3

app = typer.Typer(
    name="zccheck",
    help="职称申报材料上传前自查工具（柳东新区 2024 工程系列）。Offline pre-submission checker for 职称 applications.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)
checklist_app = typer.Typer(help="查看检查清单。Show what is checked and why.", no_args_is_help=True)
app.add_typer(checklist_app, name="checklist")


class OutputFormat(StrEnum):
    """Report formats of `scan`."""

    rich = "rich"
    json = "json"
    text = "text"


class Lang(StrEnum):
    """Report languages."""

    zh = "zh"
    en = "en"


ChecklistOpt = Annotated[str | None, typer.Option("--checklist", "-c",
                                                  help="清单名称或 TOML 文件路径 / checklist name or file")]
LangOpt = Annotated[Lang, typer.Option("--lang", help="报告语言 / report language")]


def _version(value: bool) -> None:
    if value:
        typer.echo(f"zccheck {__version__}")
        raise typer.Exit()


@app.callback()
def main(version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                                help="显示版本 / show the version")] = False) -> None:
    """zccheck: 职称申报材料自查。"""


def _parse_as_of(value: str | None) -> date | None:
    if value is None:
        return None
    from zccheck.facts_loader import parse_date

    parsed = parse_date(value)
    if parsed is None:
        raise typer.BadParameter(f"无效日期 / invalid date: {value!r} (YYYY-MM-DD)")
    return parsed


def _use_color(no_color: bool) -> bool:
    return not no_color and "NO_COLOR" not in os.environ and sys.stdout.isatty()


def _fail(message: str, code: int) -> typer.Exit:
    typer.echo(message, err=True)
    return typer.Exit(code)


@app.command()
def scan(
    path: Annotated[Path, typer.Argument(help="材料文件夹或 .zip / materials folder or .zip")],
    output_format: Annotated[OutputFormat, typer.Option("--format", "-f", help="输出格式 / output format")] = OutputFormat.rich,
    lang: LangOpt = Lang.zh,
    checklist: ChecklistOpt = None,
    level: Annotated[str | None, typer.Option(help="申报级别 工程师/助理工程师/技术员")] = None,
    industry: Annotated[str | None, typer.Option(help="行业 工程/住建/自然资源/水利水电/生态环境")] = None,
    route: Annotated[str | None, typer.Option(help="申报方式 正常/直接申报/破格")] = None,
    unit: Annotated[str | None, typer.Option(help="申报单位 / applying unit")] = None,
    as_of: Annotated[str | None, typer.Option("--as-of", help="检查日期 YYYY-MM-DD（默认今天）/ check date")] = None,
    strict: Annotated[bool, typer.Option(help="警告也视为失败 / warnings fail too")] = False,
    debug: Annotated[bool, typer.Option(help="显示内部错误的详细信息 / tracebacks in findings")] = False,
    no_color: Annotated[bool, typer.Option("--no-color", help="不使用颜色 / no colour")] = False,
) -> None:
    """检查一位申报人的材料（文件夹或 zip）。Check one applicant's materials."""
    from zccheck.checklist.loader import ChecklistError
    from zccheck.engine import ScanOptions
    from zccheck.engine import scan as run_scan
    from zccheck.facts_loader import FactsFileError
    from zccheck.inventory.model import MaterialsUnreadable
    from zccheck.reporters import REPORTERS

    check_date = _parse_as_of(as_of)
    overrides = {"level": level, "industry": industry, "route": route, "unit": unit, "apply_date": check_date}
    options = ScanOptions(checklist=checklist, lang=lang.value, as_of=check_date,
                          overrides={k: v for k, v in overrides.items() if v is not None}, debug=debug)
    try:
        result = run_scan(path, options)
    except ChecklistError as exc:
        raise _fail(f"清单错误 / checklist error: {exc}", EXIT_USAGE) from None
    except FactsFileError as exc:
        where = f"{path / 'zccheck.toml'}" + (f":{exc.line}" if exc.line else "")
        raise _fail(f"申报信息文件格式错误 / zccheck.toml is not valid TOML: {where}: {exc}", EXIT_USAGE) from None
    except MaterialsUnreadable as exc:
        raise _fail(f"无法读取材料 / cannot read the materials: {exc.path}: {exc.reason}", EXIT_UNREADABLE) from None
    REPORTERS[output_format.value].render(result, sys.stdout, color=_use_color(no_color))
    if _nothing_readable(result):
        raise typer.Exit(EXIT_UNREADABLE)
    raise typer.Exit(result.exit_code(strict))


def _nothing_readable(result: Result) -> bool:
    """True when there were files but none of them could be read."""
    unreadable = {f.path for f in result.findings if f.code == "unreadable-file"}
    return result.document_count > 0 and len(unreadable) >= result.document_count


@app.command()
def init(
    directory: Annotated[Path, typer.Argument(help="要创建的材料文件夹 / folder to prepare")],
    checklist: ChecklistOpt = None,
) -> None:
    """生成 zccheck.toml 模板和按平台栏目排列的空文件夹（不覆盖已有文件）。"""
    from zccheck.checklist.loader import ChecklistError, load_checklist, resolve_checklist
    from zccheck.init_template import init_materials

    try:
        loaded = load_checklist(resolve_checklist(checklist))
        report = init_materials(directory, loaded)
    except ChecklistError as exc:
        raise _fail(f"清单错误 / checklist error: {exc}", EXIT_USAGE) from None
    except OSError as exc:
        raise _fail(f"无法创建 / cannot create: {directory}: {exc.strerror or exc}", EXIT_USAGE) from None
    for name in report.created:
        typer.echo(f"已创建 created  {directory / name}")
    for name in report.kept:
        typer.echo(f"已存在，未改动 kept  {directory / name}")
    typer.echo("下一步：填写 zccheck.toml，把材料放入对应文件夹，然后运行 zccheck scan " + str(directory))


@checklist_app.command("list")
def checklist_list(checklist: ChecklistOpt = None, lang: LangOpt = Lang.zh) -> None:
    """列出清单中的全部材料及其适用条件。"""
    from zccheck.checklist_view import print_items

    print_items(_load_or_exit(checklist), lang.value, sys.stdout, color=_use_color(False))


@checklist_app.command("show")
def checklist_show(item: Annotated[str, typer.Argument(help="材料编号，如 photo / item id")],
                   checklist: ChecklistOpt = None, lang: LangOpt = Lang.zh) -> None:
    """显示一项材料：要求、依据条款、识别关键词和检查项。"""
    from zccheck.checklist_view import print_item

    loaded = _load_or_exit(checklist)
    if item not in loaded.items:
        raise _fail(f"没有这一项 / no such item: {item}（可用 / known: {', '.join(loaded.items)}）", EXIT_USAGE)
    print_item(loaded, item, lang.value, sys.stdout, color=_use_color(False))


def _load_or_exit(checklist: str | None):
    from zccheck.checklist.loader import ChecklistError, load_checklist, resolve_checklist

    try:
        return load_checklist(resolve_checklist(checklist))
    except ChecklistError as exc:
        raise _fail(f"清单错误 / checklist error: {exc}", EXIT_USAGE) from None


if __name__ == "__main__":  # pragma: no cover
    app()
