"""The HTML reporter: one self-contained, printable page (inline CSS, pictures as data URIs, no script).

Pages are Jinja2 templates (package data under `templates/`) rendered with autoescape: file names and
anything else from the materials are hostile input. Every text value passes through the ID-number mask on
its way into the page (defence in depth: the facts' ID number is masked before it gets here).
"""

from __future__ import annotations

from functools import cache
from typing import IO, TYPE_CHECKING, Any

from zccheck.masking import mask_ids
from zccheck.result import Result

if TYPE_CHECKING:
    from jinja2 import Environment


def _finalize(value: Any) -> Any:
    """Mask ID numbers in every text printed into a page (pictures' data URIs pass unchanged)."""
    from markupsafe import Markup

    if isinstance(value, Markup):  # a macro's output: its own values were finalised when it was rendered
        return value
    if isinstance(value, str) and not value.startswith("data:"):
        return mask_ids(value)
    return value


@cache
def environment() -> Environment:
    """The Jinja2 environment of every HTML page zccheck writes (autoescaped, strict about undefined names).
    Jinja2 is imported here, not at module import: `zccheck --help` and the text reports never load it."""
    from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

    return Environment(loader=PackageLoader("zccheck.reporters.html", "templates"),
                       autoescape=select_autoescape(default=True, default_for_string=True),
                       undefined=StrictUndefined, finalize=_finalize, trim_blocks=True, lstrip_blocks=True,
                       keep_trailing_newline=True)


def render_page(template: str, view: dict[str, Any]) -> str:
    """Render `template` (a file under templates/) with `view`."""
    return environment().get_template(template).render(**view)


def report_html(result: Result, *, pictures: bool = True) -> str:
    """The scan report of `result` as one HTML document."""
    from zccheck.reporters.html.view import build

    return render_page("report.html.j2", build(result.masked(), pictures=pictures))


def render(result: Result, stream: IO[str], *, color: bool = False) -> None:
    """Write the HTML report to `stream`. A console or redirected stdout gets UTF-8 bytes, as the page declares,
    whatever the locale's encoding (`zccheck scan … --format html > 报告.html` on a GBK console)."""
    text = report_html(result)
    buffer = getattr(stream, "buffer", None)
    if buffer is None:
        stream.write(text)
        return
    stream.flush()
    buffer.write(text.encode("utf-8"))
    buffer.flush()


def checklist_html(checklist: Any, facts: Any, problems: tuple[Any, ...] = (), lang: str = "zh") -> str:
    """The applicant's printable checklist (every item when `facts` is None) as one HTML document."""
    from zccheck.reporters.html.checklist import build as build_checklist

    return render_page("checklist.html.j2", build_checklist(checklist, facts, problems, lang))
