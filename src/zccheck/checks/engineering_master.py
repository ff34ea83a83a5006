"""Engineering master's degrees (§一.(二)5): one application one year early, via the 破格 route with 附件6.

The eligible professional-degree categories follow 学位〔2018〕7号: 0854 电子信息, 0855 机械, 0856 材料与化工,
0857 资源与环境, 0858 能源动力, 0859 土木水利, 0860 生物与医药, 0861 交通运输, and the former 0852 工程, except
its fields 项目管理 (085239), 物流工程 (085240) and 工业工程 (085236). The exclusion belongs to 0852 only
(the notice: "以及原工程专业学位类别(代码0852),项目管理、物流工程、工业工程3个领域不…"): a 0859 土木水利 master
whose field is 工程项目管理 is eligible. Codes, fields and the categories the field exclusion applies to are options.
Facts: `extra.degree_code` (e.g. "0855", or a 6-digit field code such as "085239") and `extra.degree_field`.
A code is a 4- or 6-digit token starting with 08, bounded by non-digits: in "2019级 085500 机械" the year is
not the code.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

from zccheck.checks.base import CheckContext, Scope
from zccheck.findings import Problem

ID = "engineering-master"
SCOPE = Scope.APPLICANT
DEFAULTS: dict[str, Any] = {
    "degree_codes": ["0852", "0854", "0855", "0856", "0857", "0858", "0859", "0860", "0861"],
    "excluded_fields": ["项目管理", "物流工程", "工业工程"],
    "excluded_field_codes": ["085236", "085239", "085240"],
    "excluded_in_categories": ["0852"],  # the categories whose fields above are excluded
    "route": "破格",
    "form_item": "exception-approval-form",
}

_CODE = re.compile(r"(?<!\d)08\d{2}(?:\d{2})?(?!\d)")


def normalise_code(value: Any) -> str | None:
    """A degree code as 4 or 6 digits ("0855", "085239"); None when there is none.

    TOML cannot write 0855 as an integer, but 855 or 85239 may arrive; they are padded back.
    """
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int):
        return str(value).zfill(4 if value < 10_000 else 6)
    match = _CODE.search(str(value))
    return match.group(0) if match else None


def check(ctx: CheckContext, options: Mapping[str, Any]) -> Iterator[Problem]:
    """engineering-master-early / -field-excluded / -form-missing / -code-unrecognised."""
    raw = ctx.facts.extra.get("degree_code")
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return
    code = normalise_code(raw)
    if code is None:
        yield Problem("engineering-master-code-unrecognised", params={"value": str(raw)},
                      details={"degree_code": str(raw)})
        return
    category = code[:4]
    if category not in [str(c) for c in options["degree_codes"]]:
        return
    field_name = str(ctx.facts.extra.get("degree_field") or "").strip()
    in_scope = category in [str(c) for c in options["excluded_in_categories"]]
    by_name = [f for f in options["excluded_fields"] if in_scope and field_name and str(f) in field_name]
    by_code = len(code) == 6 and code in [str(c) for c in options["excluded_field_codes"]]
    route = ctx.facts.route
    details: dict[str, Any] = {"degree_code": code, "degree_field": field_name, "route": route}
    if by_name or by_code:
        if route == options["route"]:
            label = by_name[0] if by_name else code
            yield Problem("engineering-master-field-excluded", params={"code": code, "field": label},
                          details={**details, "excluded_by": "field" if by_name else "code"})
        return
    yield Problem("engineering-master-early", params={"code": code, "route": options["route"]}, details=details)
    form_item = str(options["form_item"])
    if route == options["route"] and not ctx.classification.documents(form_item):
        spec = ctx.checklist.items.get(form_item)
        name = spec.name_zh if spec else form_item
        name_en = spec.name_en if spec else form_item
        yield Problem("engineering-master-form-missing", item=form_item,
                      params={"item_name": name, "item_name_en": name_en}, details=details)
