"""The words pension exports use: insurance names and codes, status and placeholder words, header synonyms.

Data only: the functions that read cells and headers (values.py, months.py, header.py) decide how these
are matched. Word tuples are checked in order where the order matters (noted at each one).
"""

from __future__ import annotations

import re

# --- insurance -------------------------------------------------------------------------------------------

INSURANCE_KINDS = ("养老", "失业", "工伤", "医疗", "生育")
INSURANCE_CODES = {
    "110": "企业职工基本养老保险",
    "120": "机关事业单位养老保险",
    "170": "城乡居民基本养老保险",
    "210": "失业保险",
    "310": "职工基本医疗保险",
    "410": "工伤保险",
    "510": "生育保险",
}
# What a title may write before "<kind>保险", tried in this order ("" last: the bare "<kind>保险").
INSURANCE_PREFIXES = (
    "企业职工基本", "城镇企业职工基本", "城镇职工基本", "机关事业单位", "机关事业单位基本",
    "城乡居民基本", "职工基本", "基本", "",
)

# --- cells -----------------------------------------------------------------------------------------------

OPEN_END_WORDS = ("至今", "今", "现在", "目前")  # an end month written as "until now"
PLACEHOLDERS = frozenset({"", "-", "—", "/", "--"})  # a cell that holds nothing
EMPTY_STATUS = ("-", "—", "/", "无")  # a status cell that states nothing

# Status words: checked in this order: unknown words, then unpaid words (未到账 holds 到账), then paid words.
UNKNOWN_WORDS = ("在途", "待确认", "处理中")
UNPAID_WORDS = (
    "未足额", "未到账", "未缴", "未实缴", "未结算", "未入库", "未收", "欠费", "欠缴", "中断", "断缴", "暂停",
    "停保", "停缴", "停止", "待缴", "应缴未缴", "不足额", "未",
)
PAID_WORDS = (
    "已实缴", "已缴费", "已缴纳", "已缴", "已到账", "足额", "到账", "正常", "已收", "已征收", "已核销",
    "已入库", "实缴", "已结算", "参保缴费", "缴费", "已",
)
TRUE_TOKENS = frozenset({"1", "是", "Y", "YES", "√", "✓", "TRUE"})
FALSE_TOKENS = frozenset({"0", "否", "N", "NO", "×", "✗", "FALSE"})

# The endings of an organisation's name (a unit column's words in a PDF line).
ORG_SUFFIX = re.compile(
    r"(公司|厂|局|院|所|中心|学校|大学|学院|医院|委员会|委|办公室|办|站|队|社|部|处|协会|集团|银行|店|馆|场|室|会)$"
)

# --- header labels (matched after whitespace, a trailing "(元)"-like unit and "*:：#" are removed) ----------

MONTH_COLUMN_LABEL = re.compile(r"(0?[1-9]|1[0-2])月份?")  # "1月" … "12月" of a year × month matrix
YEAR_LABELS = ("年度", "年份", "缴费年度", "参保年度", "年")
TITLE_WORDS = re.compile(r"明细|证明|清单|记录|一览|自治区|查询|打印|[:：]")  # a title or person row, no label
SEQ_LABELS = ("序号", "编号", "行号", "No", "NO")
NAME_LABELS = ("姓名", "参保人姓名", "参保人", "职工姓名", "人员姓名")
ID_LABEL_WORD = "身份证"
ID_LABELS = ("公民身份号码", "身份号码", "证件号码", "社会保障号码", "社会保障号")
PERSON_NO_LABELS = ("个人编号", "个人社保编号", "社保编号", "个人识别号", "电脑号", "个人代码")
SPAN_LABEL_WORD = "起止"  # "缴费起止年月": a range in one cell
START_LABEL = re.compile(r"(开始|起始|始于)(年月|时间|日期|月份|期)?$|(所属期|年月|时间|日期)起$")
END_LABEL = re.compile(r"(结束|截止|终止|截至|止于)(年月|时间|日期|月份|期)?$|(所属期|年月|时间|日期)止$")
COUNT_LABEL = re.compile(r"月数$")
BOOKING_LABEL = re.compile(r"(记账|到账|入账|实缴|征收|缴款|结算|核销|实收|收款)(年月|日期|时间|月份|期)$")
PERIOD_LABEL_WORD = "所属期"
PERIOD_LABELS = ("所属年月", "费款所属年月", "费款所属月份", "应属年月", "对应年月", "所属月份")
MONTH_LABEL = re.compile(r"(年月|月份)$")
MONTH_LABELS = frozenset({"缴费期", "缴费期间", "缴费时间", "缴费月", "期别", "缴费年度月份"})
INSURANCE_LABEL_WORD = "险种"
INSURANCE_LABELS = ("保险类型", "保险名称", "保险种类", "参保险种", "保险项目", "缴费项目", "险别")
UNIT_LABEL = re.compile(r"单位(名称|全称)?$")  # not when the label holds 编 (单位编号)
BACKFLAG_LABELS = ("补缴标志", "是否补缴", "补缴标识", "补缴")
TYPE_LABELS = ("类型", "性质")
TYPE_LABEL = re.compile(r"(类型|性质|类别|方式)$")  # ... of a payment: with one of TYPE_CHARS
TYPE_CHARS = re.compile(r"[缴费征结算收核定]")
STATUS_LABEL = re.compile(r"(标志|标识|状态|情况)$")  # ... of a payment: with one of STATUS_CHARS
STATUS_CHARS = re.compile(r"[缴费到账足额征收结算参保]")
STATUS_LABELS = ("是否到账", "是否足额", "到账", "状态", "标志")
AMOUNT_LABEL = re.compile(
    r"基数|金额|缴费额|费额|个人缴|单位缴|缴纳|划入|划账|统筹|合计|小计|应缴|实缴|缴费工资|个人账户|缴费$"
)
NOTE_LABELS = ("备注", "说明")
