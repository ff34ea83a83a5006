"""Command line: parse options, call the pipeline, choose the reporter and the exit code. No logic here.

Exit codes: 0 no errors; 1 errors (or warnings with --strict); 2 usage or checklist/facts-file error;
3 the materials could not be read at all (the path itself, or files were found but none could be read);
130 interrupted with Ctrl-C (batch writes the applicants already checked first).
"""

from __future__ import annotations

import os
import sys
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
import typer.core

from zccheck import __version__

if TYPE_CHECKING:
    from zccheck.engine import ScanOptions
    from zccheck.result import Result

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE, EXIT_UNREADABLE = 0, 1, 2, 3
EXIT_INTERRUPTED = 130  # Ctrl-C (batch: after writing what was finished)


class ZccheckGroup(typer.core.TyperGroup):
    """The top-level command: output that cannot crash on any console encoding, and the command line people
    really type (a dragged folder without a command, stray quotes from cmd) normalised first."""

    def main(self, args=None, *rest, **extra):  # type: ignore[no-untyped-def, override]
        from zccheck.argv import normalise_argv
        from zccheck.reporters.console import harden_std_streams, silence_library_chatter

        harden_std_streams()
        silence_library_chatter()
        argv = list(sys.argv[1:] if args is None else args)
        return super().main(normalise_argv(argv, set(self.commands)), *rest, **extra)


app = typer.Typer(
    cls=ZccheckGroup,
    context_settings={"help_option_names": ["-h", "--help"]},
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
    html = "html"


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
    from zccheck.heap import return_large_blocks

    return_large_blocks()  # peak memory near what is in use (large decodes and OCR tensors are given back)


def _parse_as_of(value: str | None) -> date | None:
    if value is None:
        return None
    from zccheck.facts_loader import parse_date

    parsed = parse_date(value)
    if parsed is None:
        raise typer.BadParameter(f"无效日期“{value}”，请写成 YYYY-MM-DD（如 2024-08-20）/ invalid date {value!r}, "
                                 "use YYYY-MM-DD", param_hint="'--as-of'")
    return parsed


def _vocabulary(fact: str):  # type: ignore[no-untyped-def]
    """An option callback accepting a value of the facts vocabulary of `fact` (tidied as the roster tidies it:
    "工程师（中级）" → 工程师); anything else is a usage error (exit 2) naming the option and the allowed values."""

    def check(value: str | None) -> str | None:
        if value is None:
            return None
        from zccheck.batch.roster import normalise_industry, normalise_level, normalise_route
        from zccheck.facts import INDUSTRIES, LEVELS, ROUTES

        allowed, tidy = {"level": (LEVELS, normalise_level), "industry": (INDUSTRIES, normalise_industry),
                         "route": (ROUTES, normalise_route)}[fact]
        tidied = tidy(value.strip())
        if tidied in allowed:
            return tidied
        raise typer.BadParameter(f"“{value}”不是可选值；可选：{' / '.join(allowed)} / not one of: {', '.join(allowed)}")

    return check


def _use_color(no_color: bool) -> bool:
    return not no_color and "NO_COLOR" not in os.environ and sys.stdout.isatty()


def _fail(message: str, code: int) -> typer.Exit:
    from zccheck.masking import mask_ids

    typer.echo(mask_ids(message), err=True)
    return typer.Exit(code)


@app.command()
def scan(
    path: Annotated[Path, typer.Argument(help="材料文件夹或 .zip / materials folder or .zip")],
    output_format: Annotated[
        OutputFormat, typer.Option("--format", "-f", help="输出格式 / output format")
    ] = OutputFormat.rich,
    lang: LangOpt = Lang.zh,
    checklist: ChecklistOpt = None,
    level: Annotated[str | None, typer.Option(help="申报级别 工程师/助理工程师/技术员",
                                              callback=_vocabulary("level"))] = None,
    industry: Annotated[str | None, typer.Option(help="行业 工程/住建/自然资源/水利水电/生态环境",
                                                 callback=_vocabulary("industry"))] = None,
    route: Annotated[str | None, typer.Option(help="申报方式 正常/直接申报/破格",
                                              callback=_vocabulary("route"))] = None,
    unit: Annotated[str | None, typer.Option(help="申报单位 / applying unit")] = None,
    as_of: Annotated[str | None, typer.Option("--as-of", help="检查日期 YYYY-MM-DD（默认今天）/ check date")] = None,
    strict: Annotated[bool, typer.Option(help="警告也视为失败 / warnings fail too")] = False,
    debug: Annotated[bool, typer.Option(help="显示内部错误的详细信息 / tracebacks in findings")] = False,
    no_color: Annotated[bool, typer.Option("--no-color", help="不使用颜色 / no colour")] = False,
    use_cache: Annotated[
        bool, typer.Option("--cache/--no-cache",
                           help="按内容缓存 OCR 等结果（用户缓存目录，从不写入材料）/ cache content results by hash")
    ] = True,
    output: Annotated[Path | None, typer.Option(
        "--output", "-o",
        help="报告写入此文件（UTF-8），不在屏幕上输出 / write the report to this file (UTF-8)")] = None,
) -> None:
    """检查一位申报人的材料（文件夹或 zip）。Check one applicant's materials."""
    _refuse_output_inside(output, path)
    from zccheck.checklist.loader import ChecklistError
    from zccheck.engine import ScanOptions
    from zccheck.engine import scan as run_scan
    from zccheck.facts_loader import FactsFileError
    from zccheck.inventory.model import MaterialsUnreadable
    from zccheck.reporters import REPORTERS

    check_date = _parse_as_of(as_of)
    members = _unit_members(path, checklist)
    if members:
        shown = "、".join(members[:5]) + (f" 等 {len(members)} 个" if len(members) > 5 else "")
        raise _fail(f"“{path}”像是一个单位的全部申报人材料（{shown}），不是一个人的材料。\n"
                    f"请用 zccheck batch \"{path}\" 逐人检查；检查一个人请用 zccheck scan 他/她的文件夹。\n"
                    f"This looks like a unit's folder of applicants: use `zccheck batch`.", EXIT_USAGE)
    overrides = {"level": level, "industry": industry, "route": route, "unit": unit, "apply_date": check_date}
    from zccheck.reporters.progress import RecognitionProgress

    options = ScanOptions(checklist=checklist, lang=lang.value, as_of=check_date,
                          overrides={k: v for k, v in overrides.items() if v is not None}, debug=debug,
                          progress=RecognitionProgress(lang=lang.value))
    try:
        result = _scan_with_cache(path, options) if use_cache else run_scan(path, options)
    except ChecklistError as exc:
        raise _fail(f"清单错误：{exc}", EXIT_USAGE) from None
    except FactsFileError as exc:
        where = f"{path / 'zccheck.toml'}" + (f" 第 {exc.line} 行" if exc.line else "")
        raise _fail(f"申报信息文件有误：{where}：{exc}", EXIT_USAGE) from None
    except MaterialsUnreadable as exc:
        raise _fail(f"无法读取材料 / cannot read the materials: {exc.path}: {exc.reason}", EXIT_UNREADABLE) from None
    if output is not None:  # the file is written before anything is printed
        _write_report(REPORTERS[output_format.value], result, output)
    else:
        REPORTERS[output_format.value].render(result, sys.stdout, color=_use_color(no_color))
    if _nothing_readable(result):
        raise typer.Exit(EXIT_UNREADABLE)
    raise typer.Exit(result.exit_code(strict))


def _refuse_output_inside(output: Path | None, materials: Path) -> None:
    """Exit 2 when the report file would be written inside (or over) the materials: zccheck never writes there."""
    from zccheck.reporters.output import inside_materials

    if output is not None and inside_materials(output, materials):
        raise _fail(f"报告不能写入申报材料中 / refusing to write the report inside the materials: {output}",
                    EXIT_USAGE)


def _write_report(reporter, result: Result, output: Path) -> None:
    """Write the report file (UTF-8) and say where, on stderr."""
    from zccheck.reporters.output import render_text, write_text

    try:
        write_text(output, render_text(reporter, result))
    except OSError as exc:
        raise _fail(f"无法写出 / cannot write: {exc.filename or output}: {exc.strerror or exc}", EXIT_USAGE) from None
    typer.echo(f"已写出 written  {output}", err=True)


def _prepare_html_dir(folder: Path) -> None:
    """Create the batch's --html folder before the workers write their pages into it (exit 2 when impossible)."""
    from zccheck.reporters.batch_html import prepare

    try:
        prepare(folder)
    except OSError as exc:
        raise _fail(f"无法写出 / cannot write: {exc.filename or folder}: {exc.strerror or exc}", EXIT_USAGE) from None


def _words(checklist: str | None) -> tuple[str, ...] | None:
    """The checklist's section names, item names and keywords; None when it cannot be loaded (the scan or
    batch itself then reports the checklist error)."""
    from zccheck.checklist.loader import ChecklistError, load_checklist, resolve_checklist
    from zccheck.layout import checklist_words

    try:
        return checklist_words(load_checklist(resolve_checklist(checklist)))
    except ChecklistError:
        return None


def _unit_members(path: Path, checklist: str | None) -> list[str]:
    """The applicants' folders when `path` is a unit's folder rather than one applicant's materials."""
    from zccheck.layout import unit_members

    if not path.is_dir():
        return []
    words = _words(checklist)
    return unit_members(path, words) if words is not None else []


def _applicant_evidence(root: Path, checklist: str | None) -> list[str]:
    """Why `root` (given to batch) looks like one applicant's materials; [] when it looks like a unit."""
    from zccheck.layout import applicant_evidence, unit_members

    words = _words(checklist)
    if words is None or not root.is_dir() or unit_members(root, words):
        return []
    return applicant_evidence(root, words)


def _scan_with_cache(path: Path, options: ScanOptions) -> Result:
    """Scan with the persistent cache active; without it when the cache cannot be used here."""
    from zccheck.cache import Cache, CacheUnavailable, using
    from zccheck.engine import scan as run_scan

    try:
        with using(Cache.open(outside=path), materials=path):
            return run_scan(path, options)
    except CacheUnavailable:
        return run_scan(path, options)


def _nothing_readable(result: Result) -> bool:
    """True when files were found but none could be read: every document unreadable (a check reported it),
    or no document at all while the walk met only unreadable folders/files and refused zip members."""
    unreadable_docs = {f.path for f in result.findings if f.code == "unreadable-file" and f.check is not None}
    refused = any(f.check is None and f.code in ("unreadable-file", "zip-member-skipped") for f in result.findings)
    if result.document_count > 0:
        return len(unreadable_docs) >= result.document_count
    return refused


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
        raise _fail(f"清单错误：{exc}", EXIT_USAGE) from None
    except OSError as exc:
        raise _fail(f"无法创建 / cannot create: {directory}: {exc.strerror or exc}", EXIT_USAGE) from None
    for name in report.created:
        typer.echo(f"已创建 created  {directory / name}")
    for name in report.kept:
        typer.echo(f"已存在，未改动 kept  {directory / name}")
    typer.echo("下一步：填写 zccheck.toml，把材料放入对应文件夹，然后运行 zccheck scan " + str(directory))


@app.command()
def tidy(
    src: Annotated[Path, typer.Argument(help="材料文件夹或 .zip（只读）/ materials folder or .zip (read only)")],
    out: Annotated[Path, typer.Option("--out", "-o", help="输出到这个新的或空的文件夹 / new or empty output folder")],
    dry_run: Annotated[bool, typer.Option("--dry-run", help="只显示整理方案，不写文件 / show the plan only")] = False,
    checklist: ChecklistOpt = None,
    lang: LangOpt = Lang.zh,
) -> None:
    """整理出一份可直接上传的副本：按平台栏目分文件夹、规范文件名、去掉重复副本、HEIC 转 JPG、压缩超限图片。"""
    from zccheck.checklist.loader import ChecklistError, load_checklist, resolve_checklist
    from zccheck.classify.classifier import names_material
    from zccheck.engine import ScanOptions, classify_inventory
    from zccheck.inventory.materials import open_materials
    from zccheck.inventory.model import MaterialsUnreadable
    from zccheck.reporters import tidy_report
    from zccheck.tidy.destination import TidyRefused, check_destination
    from zccheck.tidy.plan import plan_tidy
    from zccheck.tidy.writer import write_tidy

    try:
        loaded = load_checklist(resolve_checklist(checklist))
        if not src.exists():
            raise MaterialsUnreadable(str(src), "路径不存在 / no such file or folder")
        check_destination(src, out)
        inventory = open_materials(src, keep=lambda name: names_material(name, loaded))
    except ChecklistError as exc:
        raise _fail(f"清单错误：{exc}", EXIT_USAGE) from None
    except TidyRefused as exc:
        raise _fail(exc.en if lang is Lang.en else exc.zh, EXIT_USAGE) from None
    except MaterialsUnreadable as exc:
        raise _fail(f"无法读取材料 / cannot read the materials: {exc.path}: {exc.reason}", EXIT_UNREADABLE) from None
    classification = classify_inventory(inventory, loaded, ScanOptions(checklist=checklist, lang=lang.value))
    plan = plan_tidy(inventory, loaded, classification)
    labels = tidy_report.TidyLabels(loaded, lang.value)
    try:
        outcome = write_tidy(plan, inventory, out, dry_run=dry_run, labels=labels)
    except OSError as exc:
        raise _fail(f"无法写出 / cannot write: {exc.filename or out}: {exc.strerror or exc}", EXIT_USAGE) from None
    tidy_report.render(outcome.placements, sys.stdout, labels=labels, src=str(src), dst=str(out), dry_run=dry_run,
                       manifest=outcome.manifest, facts_found=inventory.facts_text is not None,
                       facts_error=inventory.facts_error)
    raise typer.Exit(EXIT_OK)


class ChecklistFormat(StrEnum):
    """Formats of the applicant's printable checklist."""

    html = "html"
    text = "text"


@checklist_app.callback(invoke_without_command=True)
def checklist_for_applicant(
    ctx: typer.Context,
    facts: Annotated[Path | None, typer.Option(
        "--facts",
        help="申报人的 zccheck.toml（或其所在文件夹）：只列出适用于此人的材料 / the applicant's facts file")] = None,
    output_format: Annotated[ChecklistFormat, typer.Option(
        "--format", "-f", help="html 可打印网页 / text 纯文本")] = ChecklistFormat.text,
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", help="写入此文件（UTF-8）/ write to this file (UTF-8)")] = None,
    checklist: ChecklistOpt = None,
    lang: LangOpt = Lang.zh,
) -> None:
    """打印一位申报人须提供的材料清单（可打勾）。Print the materials one applicant must provide, to tick off."""
    if ctx.invoked_subcommand is not None:
        return
    from zccheck.reporters.checklist_text import checklist_lines
    from zccheck.reporters.html import checklist_html

    loaded = _load_or_exit(checklist)
    facts_result = _read_facts_file(facts) if facts is not None else None
    if output is not None and facts is not None:
        _refuse_output_inside(output, facts if facts.is_dir() else facts.parent)
    args = (loaded, facts_result.facts if facts_result else None, facts_result.problems if facts_result else ())
    if output_format is ChecklistFormat.html:
        text = checklist_html(*args, lang=lang.value)
    else:
        text = "\n".join(checklist_lines(*args, lang=lang.value)) + "\n"
    if output is None:
        from zccheck.reporters.console import safe_stream

        safe_stream(sys.stdout).write(text)
        return
    from zccheck.reporters.output import write_text

    try:
        write_text(output, text)
    except OSError as exc:
        raise _fail(f"无法写出 / cannot write: {exc.filename or output}: {exc.strerror or exc}", EXIT_USAGE) from None
    typer.echo(f"已写出 written  {output}", err=True)


def _read_facts_file(path: Path):
    """The facts of `path` (zccheck.toml, or a folder holding one); exit 2 when it cannot be read."""
    from zccheck.facts_loader import FactsFileError, load_facts
    from zccheck.inventory.factsfile import FACTS_MAX_BYTES, FactsDecodeError, decode_facts

    target = path / "zccheck.toml" if path.is_dir() else path
    try:
        with open(target, "rb") as handle:
            data = handle.read(FACTS_MAX_BYTES + 1)
        return load_facts(decode_facts(data))
    except OSError as exc:
        raise _fail(f"无法读取申报信息文件 / cannot read the facts file: {target}: {exc.strerror or exc}",
                    EXIT_USAGE) from None
    except (FactsDecodeError, FactsFileError) as exc:
        line = getattr(exc, "line", None)
        where = f" 第 {line} 行" if line else ""
        raise _fail(f"申报信息文件有误：{target}{where}：{exc}", EXIT_USAGE) from None


@checklist_app.command("list")
def checklist_list(checklist: ChecklistOpt = None, lang: LangOpt = Lang.zh) -> None:
    """列出清单中的全部材料及其适用条件。"""
    from zccheck.reporters import checklist_report

    checklist_report.render_list(_load_or_exit(checklist), lang.value, sys.stdout, color=_use_color(False))


@checklist_app.command("show")
def checklist_show(item: Annotated[str, typer.Argument(help="材料编号或名称，如 photo、个人相片 / item id or name")],
                   checklist: ChecklistOpt = None, lang: LangOpt = Lang.zh) -> None:
    """显示一项材料：要求、依据条款、识别关键词和检查项（编号或中文名称均可）。"""
    from zccheck.checklist.lookup import find_items
    from zccheck.reporters import checklist_report

    loaded = _load_or_exit(checklist)
    found = find_items(loaded, item)
    if len(found) != 1:
        checklist_report.render_candidates(loaded, item, found, lang.value, sys.stderr)
        raise typer.Exit(EXIT_USAGE)
    checklist_report.render_item(loaded, found[0], lang.value, sys.stdout, color=_use_color(False))


def _load_or_exit(checklist: str | None):
    from zccheck.checklist.loader import ChecklistError, load_checklist, resolve_checklist

    try:
        return load_checklist(resolve_checklist(checklist))
    except ChecklistError as exc:
        raise _fail(f"清单错误：{exc}", EXIT_USAGE) from None


@app.command()
def batch(
    root: Annotated[Path, typer.Argument(
        help="各申报人文件夹或 .zip 所在的文件夹 / folder of applicant folders and zips")],
    roster: Annotated[Path | None, typer.Option(
        "--roster", help="花名册 .xlsx/.csv，为没有 zccheck.toml 的申报人提供信息 / roster (facts by name)")] = None,
    jobs: Annotated[int | None, typer.Option(
        "--jobs", "-j", help="并行进程数，默认为 CPU 核数 / worker processes (default: CPU count)")] = None,
    xlsx: Annotated[Path | None, typer.Option("--xlsx", help="写出 Excel 汇总表 / write the workbook")] = None,
    out: Annotated[Path | None, typer.Option(
        "--out", help="每位申报人一份整改清单，写入此文件夹 / folder for one fix-it list per applicant")] = None,
    html_dir: Annotated[Path | None, typer.Option(
        "--html",
        help="网页报告写入此文件夹：index.html 汇总 + 每人一页 / folder for index.html and one page each")] = None,
    output_format: Annotated[OutputFormat, typer.Option(
        "--format", "-f", help="rich 表格 / json 文档 / text 无颜色表格")] = OutputFormat.rich,
    lang: LangOpt = Lang.zh,
    checklist: ChecklistOpt = None,
    as_of: Annotated[str | None, typer.Option("--as-of", help="检查日期 YYYY-MM-DD / check date")] = None,
    no_cache: Annotated[bool, typer.Option("--no-cache", help="不使用缓存 / do not use the cache")] = False,
    strict: Annotated[bool, typer.Option(help="警告也视为失败 / warnings fail too")] = False,
    timeout: Annotated[float, typer.Option(
        "--timeout", help="每位申报人的检查时限（秒）/ time limit per applicant, seconds")] = 600.0,
    debug: Annotated[bool, typer.Option(help="显示内部错误的详细信息 / tracebacks, worker output")] = False,
    no_color: Annotated[bool, typer.Option("--no-color", help="不使用颜色 / no colour")] = False,
) -> None:
    """批量检查一个单位的全部申报人（每个子文件夹或 .zip 为一人）。Check every applicant under ROOT."""
    from zccheck.batch.discover import RootUnreadable, output_conflict
    from zccheck.batch.pipeline import BatchOptions, plan_batch, run_batch
    from zccheck.batch.roster import RosterError
    from zccheck.batch.runner import WarmPool, default_jobs
    from zccheck.cache import default_cache_dir, holds_entries
    from zccheck.checklist.loader import ChecklistError
    from zccheck.engine import ScanOptions
    from zccheck.reporters import (
        batch_fixit,
        batch_html,
        batch_json,
        batch_rich,
        batch_xlsx,
        json_report,
        output,
        text_report,
    )
    from zccheck.reporters.batch_labels import interrupted_line
    from zccheck.reporters.batch_progress import BatchProgress

    if jobs is not None and jobs < 1:
        raise _fail("--jobs 至少为 1 / --jobs must be at least 1", EXIT_USAGE)
    if timeout <= 0:
        raise _fail("--timeout 须大于 0 / --timeout must be positive", EXIT_USAGE)
    for target in (xlsx, out, html_dir):
        conflict = output_conflict(target, root) if target is not None else None
        if conflict:
            raise _fail(f"不能写入申报人的材料中 / refusing to write inside the materials: {conflict}", EXIT_USAGE)
    check_date = _parse_as_of(as_of)
    evidence = _applicant_evidence(root, checklist)
    if evidence:
        shown = "、".join(f"“{name}”" for name in evidence[:4]) + (" …" if len(evidence) > 4 else "")
        raise _fail(f"“{root}”像是一位申报人的材料（{shown}），不是单位的申报人文件夹。\n"
                    f"检查一个人的材料请用：zccheck scan \"{root}\"\n"
                    f"This looks like one applicant's materials: use `zccheck scan`.", EXIT_USAGE)
    scan_options = ScanOptions(checklist=checklist, lang=lang.value, as_of=check_date,
                               overrides={"apply_date": check_date} if check_date else {}, debug=debug)
    options = BatchOptions(scan=scan_options, roster=roster, jobs=jobs or default_jobs(),
                           cache_dir=None if no_cache else str(default_cache_dir()), time_limit_s=timeout,
                           want_fixit=out is not None, fixit_lines=text_report.fixit_lines,
                           result_data=json_report.to_dict,
                           skip=tuple(p for p in (out, html_dir) if p is not None),
                           quiet_workers=not debug, html_dir=html_dir,
                           html_writer=output.write_html_report if html_dir is not None else None)
    # The workers start now: their start-up runs while the folders and the roster are read. The file
    # libraries are loaded ahead only when files will be read (no cache, or nothing in it yet).
    pool = WarmPool(options.jobs, quiet=options.quiet_workers, checklist=checklist,
                    libraries=options.cache_dir is None or not holds_entries(options.cache_dir))
    try:
        plan = plan_batch(root, options)
        if not plan.discovery.applicants:
            empty = "（文件夹是空的）" if not plan.discovery.ignored else ""
            raise _fail(f"没有找到申报人文件夹或 .zip{empty} / no applicant folders or zips in {root}", EXIT_USAGE)
        if html_dir is not None:
            _prepare_html_dir(html_dir)
        with BatchProgress(lang=lang.value) as progress:
            result = run_batch(root, options, plan=plan, on_start=progress.on_start, on_done=progress.on_done,
                               pool=pool)
    except RootUnreadable as exc:
        raise _fail(f"无法读取 / cannot read: {exc.path}: {exc.reason}", EXIT_UNREADABLE) from None
    except RosterError as exc:
        raise _fail(str(exc), EXIT_USAGE) from None
    except ChecklistError as exc:
        raise _fail(f"清单错误：{exc}", EXIT_USAGE) from None
    except KeyboardInterrupt:
        raise _fail("已中断 / interrupted", EXIT_INTERRUPTED) from None
    finally:
        pool.close()  # workers not taken over (planning failed, nothing to check) are stopped
    # files first: a console that cannot show the report must never cost HR the workbook or the lists
    written_notes: list[str] = []
    try:
        if xlsx is not None:
            batch_xlsx.write(result, xlsx)
            written_notes.append(f"已写出 written  {xlsx}")
        if out is not None:
            written = batch_fixit.write_all(result, out)
            written_notes.append(f"已写出 written  {len(written)} × {out}/…-整改清单.txt")
        if html_dir is not None:
            index = batch_html.write_index(result, html_dir)
            pages = sum(1 for a in result.applicants if a.html_page)
            written_notes.append(f"已写出 written  {index}（{pages} 份个人报告 / applicant pages）")
    except OSError as exc:
        raise _fail(f"无法写出 / cannot write: {exc.filename or ''}: {exc.strerror or exc}", EXIT_USAGE) from None
    if output_format is OutputFormat.json:
        batch_json.render(result, sys.stdout)
    else:
        color = output_format is OutputFormat.rich and _use_color(no_color)
        batch_rich.render(result, sys.stdout, color=color)
    for note in written_notes:
        typer.echo(note, err=True)
    stopped = interrupted_line(result)
    if stopped:  # Ctrl-C: what was finished is written above; 130 as for any interrupted command
        typer.echo(stopped, err=True)
        raise typer.Exit(EXIT_INTERRUPTED)
    raise typer.Exit(result.exit_code(strict))


if __name__ == "__main__":  # pragma: no cover
    app()
