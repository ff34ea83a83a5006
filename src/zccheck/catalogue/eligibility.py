"""Finding codes of the eligibility checks: ID number, retirement age, direct-application years,
engineering master's degrees, the 公示 period and cross-document consistency."""

from __future__ import annotations

from zccheck.catalogue.model import CodeSpec, codes
from zccheck.findings import Severity

E, W, R, I = Severity.ERROR, Severity.WARNING, Severity.REVIEW, Severity.INFO

_TOML_ZH = "在 zccheck.toml 中"
_TOML_EN = "in zccheck.toml"

CODES: dict[str, CodeSpec] = codes(
    # --- ID number (GB 11643-1999) -------------------------------------------------------------------
    CodeSpec("id-number-missing", R, "未填写身份证号", "No ID number given",
             "未提供身份证号，无法核对出生日期、性别和法定退休年龄。",
             "No ID number was given: birth date, sex and the statutory retirement age cannot be checked.",
             f"{_TOML_ZH}填写 id_number（18位，报告中只显示部分号码）。",
             f"Set id_number {_TOML_EN} (18 characters; reports only show part of it).", ("eligibility", "id")),
    CodeSpec("id-number-invalid-format", E, "身份证号格式不对", "ID number malformed",
             "身份证号“{masked}”不是18位（17位数字加1位数字或X），现为 {length} 位。",
             "The ID number “{masked}” is not 17 digits plus a digit or X; it has {length} characters.",
             "对照身份证原件改正 zccheck.toml 中的 id_number；申报系统中填写的号码也要一致。",
             "Correct id_number in zccheck.toml from the ID card; the platform entry must match it.",
             ("eligibility", "id")),
    CodeSpec("id-number-invalid-checksum", E, "身份证号校验位不对", "ID number check character wrong",
             "身份证号“{masked}”的最后一位校验码与前17位不符（GB 11643），号码中可能有输错的数字。",
             "The last character of the ID number “{masked}” does not match the first 17 (GB 11643): "
             "a digit is probably mistyped.",
             "逐位对照身份证原件核对号码（最后一位 X 为大写）；申报系统中填写的号码也要改正。",
             "Check every digit against the ID card (a final X is upper-case) and correct it everywhere.",
             ("eligibility", "id")),
    CodeSpec("id-number-invalid-birth-date", E, "身份证号中的出生日期不存在", "ID number has an impossible birth date",
             "身份证号“{masked}”中的出生日期（第7-14位）不是有效日期。",
             "The birth date in the ID number “{masked}” (characters 7-14) is not a real date.",
             "对照身份证原件改正出生日期部分。", "Correct the birth-date digits from the ID card.",
             ("eligibility", "id")),
    CodeSpec("id-number-old-format", W, "身份证号为15位旧号码", "Old 15-digit ID number",
             "身份证号“{masked}”是15位的第一代身份证号码；申报系统和各类证明使用18位号码。",
             "The ID number “{masked}” is an old 15-digit first-generation number; the platform and "
             "records use the 18-character number.",
             "改填现行18位身份证号。", "Use the current 18-character ID number.", ("eligibility", "id")),
    # --- statutory retirement age (§一.(一)3) -------------------------------------------------------
    CodeSpec("retirement-age-reached", E, "已达法定退休年龄", "Statutory retirement age reached",
             "按出生日期和性别（{sex_zh}），法定退休年龄为{age_zh}，已于 {retirement_date} 达到；"
             "申报日期 {apply_date} 时不得申报（§一.(一)3）{assumption_zh}。",
             "By birth date and sex ({sex_en}) the statutory retirement age is {age_en}, reached on "
             "{retirement_date}; on the apply date {apply_date} the applicant may not apply (§一.(一)3)"
             "{assumption_en}.",
             "只有按规定办理了延长退休手续的才可申报：如已办理，在 zccheck.toml 的 [flags] 中设 "
             "retirement_extended = true，并准备好延长退休的批准材料。",
             "Only those whose retirement was formally extended may apply: if so, set retirement_extended = true "
             "under [flags] in zccheck.toml and keep the approval at hand.", ("eligibility", "retirement")),
    CodeSpec("retirement-age-extended", I, "已达法定退休年龄（已声明延长退休）", "Retirement age reached, extension declared",
             "法定退休年龄为{age_zh}，已于 {retirement_date} 达到；你已声明按规定办理了延长退休手续"
             "（§一.(一)3）{assumption_zh}。",
             "The statutory retirement age {age_en} was reached on {retirement_date}; an extension of "
             "retirement is declared (§一.(一)3){assumption_en}.",
             "单位审核时可能需要延长退休的批准材料，请备好。",
             "The unit may ask for the extension approval; keep it at hand.", ("eligibility", "retirement")),
    CodeSpec("retirement-age-near", I, "即将达到法定退休年龄", "Statutory retirement age near",
             "法定退休年龄为{age_zh}，将于 {retirement_date} 达到（申报日期后 {days_left} 天）{assumption_zh}。",
             "The statutory retirement age {age_en} will be reached on {retirement_date}, {days_left} day(s) "
             "after the apply date{assumption_en}.",
             "评审期间如达到退休年龄，请向单位人事部门确认是否影响本次申报。",
             "Ask the unit's HR whether reaching retirement age during the review affects this application.",
             ("eligibility", "retirement")),
    CodeSpec("retirement-age-unknown", R, "无法判断是否已达退休年龄", "Retirement age cannot be checked",
             "没有有效的身份证号（或出生日期、性别），无法判断是否已达法定退休年龄（§一.(一)3）。",
             "Without a valid ID number (or birth date and sex) the statutory retirement age cannot be checked "
             "(§一.(一)3).",
             f"{_TOML_ZH}填写正确的 id_number；女性原法定退休年龄如不是50或55岁，请人工核对。",
             f"Set a valid id_number {_TOML_EN}; check by hand when a woman's original statutory age is "
             "neither 50 nor 55.", ("eligibility", "retirement")),
    # --- direct application years (§一.(二)4) ------------------------------------------------------
    CodeSpec("direct-years-short", E, "直接申报工作年限不足", "Too few years for a direct application",
             "直接申报工程师，{education}须从事专业技术工作{required}年以上；从参加工作到 {until} 共{have_zh}，"
             "还差{short_zh}（{met_on} 起满足，§一.(二)4）。",
             "A direct application for 工程师 with {education} needs {required} years of professional work; "
             "up to {until} there are {have_en}, {short_en} short (met from {met_on}; §一.(二)4).",
             "核对 zccheck.toml 中的 work_start 和 education；年限确实不足的，改为正常申报或待年限满足后再申报。",
             "Check work_start and education in zccheck.toml; if the years really fall short, apply by the "
             "normal route or wait until they are met.", ("eligibility", "direct")),
    CodeSpec("direct-years-doctor-review", R, "博士直接申报年限需人工确认", "Doctorate: direct-application years to confirm",
             "通知只规定硕士4年、本科7年、大专9年；博士从参加工作到 {until} 共{have_zh}，不足{required}年"
             "（§一.(二)4）。",
             "The notice sets 4 years for a master's, 7 for a bachelor's, 9 for a college diploma; the "
             "doctorate holder has {have_en} up to {until}, under {required} years (§一.(二)4).",
             "博士一般可通过考核认定取得工程师；请向职改办确认是否可直接申报。",
             "Doctorate holders usually obtain 工程师 by assessment; confirm with the title office whether a "
             "direct application is accepted.", ("eligibility", "direct")),
    CodeSpec("direct-years-education", E, "学历不符合直接申报条件", "Education not eligible for direct application",
             "直接申报工程师须为{accepted}学历（学位）；“{education}”不能直接申报（§一.(二)4）。",
             "A direct application for 工程师 needs one of: {accepted}; “{education}” is not eligible "
             "(§一.(二)4).",
             "改为正常申报（先取得下一级职称），或核对 zccheck.toml 中的 education。",
             "Apply by the normal route (with the lower title first), or check education in zccheck.toml.",
             ("eligibility", "direct")),
    CodeSpec("direct-years-level", W, "该级别不适用直接申报", "Direct application not for this level",
             "本通知的直接申报只适用于{levels}；申报级别为“{level}”（§一.(二)4）。",
             "Direct application in this notice is for {levels} only; the level is “{level}” (§一.(二)4).",
             "核对 zccheck.toml 中的 level 和 route。", "Check level and route in zccheck.toml.",
             ("eligibility", "direct")),
    CodeSpec("direct-years-unknown", R, "无法核对直接申报年限", "Direct-application years cannot be checked",
             "直接申报需核对学历和专业技术工作年限，但缺少：{missing}。",
             "A direct application needs education and years of professional work; missing: {missing}.",
             f"{_TOML_ZH}填写 education 和 work_start（参加专业技术工作的日期）。",
             f"Set education and work_start {_TOML_EN}.", ("eligibility", "direct")),
    CodeSpec("direct-years-met", I, "直接申报年限满足", "Direct-application years met",
             "{education}，从参加工作到 {until} 共{have_zh}，满足直接申报工程师{required}年以上的要求（§一.(二)4）。",
             "{education}: {have_en} of professional work up to {until}, meeting the {required}-year "
             "requirement (§一.(二)4).",
             "还须提供单位盖章的《直接申报职称审批表》和养老保险等年限证明。",
             "Also provide the unit-stamped 直接申报职称审批表 and proof of the years (pension record etc.).",
             ("eligibility", "direct")),
    CodeSpec("service-years-proof-short", E, "工作年限证明不足", "Proof of the years falls short",
             "缺少“{item_name}”：养老保险记录覆盖 {covered_zh}，需 {required} 年（{education}直接申报，§一.(二)4、"
             "§三.1(3)②）。",
             "“{item_name_en}” is missing: the pension record covers {covered_en}, {required} years are needed "
             "({education}, direct application; §一.(二)4, §三.1(3)②).",
             "补充能证明 {required} 年专业技术工作年限的材料：覆盖全部年限的养老保险缴费证明，或公积金缴存记录、"
             "个税纳税记录、工资银行流水、聘任文件、劳动合同，文件名写明材料名称。",
             "Add proof of {required} years: a pension certificate covering them all, or housing-fund, income-tax "
             "or salary-bank records, appointment letters or labour contracts, named after what they are.",
             ("eligibility", "direct", "missing")),
    CodeSpec("service-years-proof-unread", R, "无法核对年限证明覆盖的年数", "Years covered by the proof unknown",
             "“{item_name}”只有养老保险记录代替，但无法从“{file}”读出缴费月份（扫描件或非明细），不能确认是否覆盖"
             "{required}年；已读出的记录覆盖 {covered_zh}。",
             "Only the pension record stands in for “{item_name_en}”, and its months cannot be read from “{file}” "
             "(a scan, or not a statement); whether it covers {required} years is unknown ({covered_en} read).",
             "人工核对缴费证明上的累计缴费年限；不足{required}年的，补充公积金、个税、工资流水或聘任文件等证明。",
             "Check the total years on the certificate by hand; add housing-fund, tax, salary or appointment "
             "records if they fall short.", ("eligibility", "direct")),
    # --- years since the current title (正常 route; 人社部发〔2019〕16号) --------------------------------
    CodeSpec("title-years-short", E, "任现职称年限不足", "Too few years since the current title",
             "{education}申报{level}须{since_zh}后满{required}年；从 {start} 到 {until} 只有{have_zh}（{met_on} 起满足，"
             "{source}）。",
             "{education} applying for {level} needs {required} year(s) since {since_en}; from {start} to {until} "
             "there are only {have_en} (met from {met_on}; {source}).",
             "核对 zccheck.toml 中的 title_date（证书上的资格取得时间）和 education；年限确实不足的，待满足后再申报。",
             "Check title_date (the date on the certificate) and education in zccheck.toml; if the years really fall "
             "short, apply once they are met.", ("eligibility", "title")),
    CodeSpec("title-years-borderline", R, "任现职称年限临界", "Years since the current title: borderline",
             "{education}申报{level}须{since_zh}后满{required}年；从 {start} 到 {until} 为{have_zh}，"
             "差 {days_short} 天（{met_on} 起满足，{source}），请人工核对。",
             "{education} applying for {level} needs {required} year(s) since {since_en}; from {start} to {until} "
             "there are {have_en}, {days_short} day(s) short (met from {met_on}; {source}): check by hand.",
             "核对证书上的资格取得时间和计划提交日期；不足的，在 {met_on} 之后提交。",
             "Check the certificate's date and the planned submission day; submit after {met_on} if short.",
             ("eligibility", "title")),
    CodeSpec("title-years-unknown", R, "无法核对任现职称年限", "Years since the current title unknown",
             "正常申报须核对取得现职称以来的年限（{source}），但{reason_zh}。",
             "The years since the current title must be checked ({source}), but {reason_en}.",
             f"{_TOML_ZH}填写 {{missing}}（如 title_date = 2020-12-30，即证书上的“资格取得时间”）。",
             f"Set {{missing}} {_TOML_EN} (e.g. title_date = 2020-12-30, the date on the certificate).",
             ("eligibility", "title")),
    CodeSpec("title-years-no-rule", R, "国家标准未列该学历", "No national rule for this education",
             "{source}对{education}申报{level}没有规定正常申报的年限，请人工核对申报条件。",
             "{source} sets no normal-route years for {education} applying for {level}: check eligibility by hand.",
             "对照广西及行业的申报条件核对；必要时向职改办咨询。",
             "Check against the Guangxi and industry conditions; ask the title office if needed.",
             ("eligibility", "title")),
    CodeSpec("title-years-met", I, "任现职称年限满足", "Years since the current title met",
             "{education}申报{level}：{since_zh}（{start}）到 {until} 共{have_zh}，满足{required}年的要求（{source}）。",
             "{education} applying for {level}: {have_en} since {since_en} ({start}) up to {until}, meeting the "
             "{required}-year minimum ({source}).", "", "", ("eligibility", "title")),
    # --- engineering master's degrees (§一.(二)5) --------------------------------------------------
    CodeSpec("engineering-master-early", I, "工程类硕士可提前1年申报", "Engineering master's: one early application",
             "工程类硕士专业学位（代码 {code}）与申报专业相关的，可提前1年参加相应专业职称评审1次（§一.(二)5）。",
             "An engineering professional master's degree (code {code}) related to the field applied for allows "
             "one application a year early (§一.(二)5).",
             "如使用此条件，在系统第3-2项选择“破格申请”，并上传单位盖章的《破格申报职称审批表》（附件6）。",
             "To use it, choose 破格申请 in section 3-2 of the platform and upload the unit-stamped "
             "破格申报职称审批表 (annex 6).", ("eligibility", "master")),
    CodeSpec("engineering-master-field-excluded", W, "该工程硕士领域不能提前申报", "This engineering field is excluded",
             "工程硕士领域“{field}”（代码 {code}）不在可提前1年申报的范围内（项目管理、物流工程、工业工程除外，"
             "§一.(二)5）。",
             "The engineering master's field “{field}” (code {code}) is excluded from the early application "
             "(项目管理, 物流工程 and 工业工程 are, §一.(二)5).",
             "如果破格申报依据的是工程硕士提前1年，请改为正常申报；如有其他破格依据，请在审批表中写明。",
             "If the 破格 application rests on the engineering master's rule, apply by the normal route; "
             "otherwise state the real grounds in the approval form.", ("eligibility", "master")),
    CodeSpec("engineering-master-form-missing", E, "缺少破格申报审批表", "破格 approval form missing",
             "使用工程类硕士提前1年申报须走破格申请，但未找到“{item_name}”（附件6，§三.1(3)③）。",
             "The early application with an engineering master's goes through 破格, but no “{item_name_en}” "
             "(annex 6) was found (§三.1(3)③).",
             "填写《破格申报职称审批表》，由单位审批盖章后扫描上传。",
             "Fill in the 破格申报职称审批表, have the unit approve and stamp it, and upload the scan.",
             ("eligibility", "master")),
    CodeSpec("engineering-master-code-unrecognised", R, "学位代码无法识别", "Degree code not recognised",
             "学位类别代码“{value}”不是4位或6位数字，无法判断是否属于工程类硕士专业学位。",
             "The degree code “{value}” is not 4 or 6 digits; whether it is an engineering master's degree "
             "cannot be decided.",
             f"{_TOML_ZH}把 degree_code 写成学位证书上的代码，如 \"0855\"。",
             f"Write degree_code {_TOML_EN} as on the degree certificate, e.g. \"0855\".",
             ("eligibility", "master")),
    # --- 公示 period (§四(二)) ----------------------------------------------------------------------
    CodeSpec("publicity-too-short", E, "公示期不足5个工作日", "Publicity period too short",
             "公示从 {start} 到 {end}，共 {days} 天，其中工作日 {workdays} 天，少于 {min} 个工作日（§四(二)）。",
             "The publicity ran from {start} to {end}: {days} days, {workdays} working day(s), fewer than "
             "{min} (§四(二)).",
             "重新公示，公示期不少于 {min} 个工作日（法定节假日不算，调休上班日算）。",
             "Publicise again for at least {min} working days (public holidays excluded, adjusted working "
             "days included).", ("eligibility", "publicity")),
    CodeSpec("publicity-period-ok", I, "公示期符合要求", "Publicity period long enough",
             "公示期 {start} 至 {end}：{workdays} 个工作日（不少于 {min} 个，§四(二)）。",
             "Publicity {start} to {end}: {workdays} working days (at least {min}, §四(二)).",
             "", "", ("eligibility", "publicity")),
    CodeSpec("publicity-period-read", I, "公示期", "Publicity period",
             "从公示材料读到公示期 {start} 至 {end}：{workdays} 个工作日（不少于 {min} 个，§四(二)）。",
             "Read from the publicity material: {start} to {end}, {workdays} working days (at least {min}, "
             "§四(二)).",
             "请确认读到的日期与公示材料一致。", "Check that these are the dates on the material.",
             ("eligibility", "publicity")),
    CodeSpec("publicity-period-unknown", R, "无法确定公示期", "Publicity period unknown",
             "无法确定公示起止日期：{reason_zh}；公示期须不少于5个工作日（§四(二)）。",
             "The publicity dates could not be determined: {reason_en}; it must last at least 5 working days "
             "(§四(二)).",
             "在 zccheck.toml 的 [applicant] 中填写 publicity_start 和 publicity_end（如 2024-08-01），或人工核对公示材料。",
             f"Set publicity_start and publicity_end (e.g. 2024-08-01) under [applicant] {_TOML_EN}, or check the "
             "material by hand.", ("eligibility", "publicity")),
    CodeSpec("publicity-dates-reversed", R, "公示起止日期颠倒", "Publicity dates reversed",
             "公示开始日期 {start} 晚于结束日期 {end}。", "The publicity starts on {start}, after its end {end}.",
             "核对公示材料和 zccheck.toml 中的公示起止日期。",
             "Check the publicity dates on the material and in zccheck.toml.", ("eligibility", "publicity")),
    CodeSpec("publicity-calendar-unsupported", R, "无法计算公示期工作日", "Working days cannot be counted",
             "节假日日历没有 {start} 至 {end} 所在年份的数据，无法计算工作日。",
             "The holiday calendar has no data for the years of {start} to {end}; working days cannot be "
             "counted.",
             "人工核对公示期是否不少于 {min} 个工作日；或升级 chinesecalendar 包。",
             "Check by hand that the publicity lasted at least {min} working days, or upgrade chinesecalendar.",
             ("eligibility", "publicity")),
    # --- consistency across documents ----------------------------------------------------------------
    CodeSpec("consistency-name-mismatch", W, "材料中的姓名与申报人不一致", "Another name in a document",
             "“{file}”中的姓名为“{found}”，与申报人“{name}”不一致。",
             "“{file}” names “{found}”, not the applicant “{name}”.",
             "确认材料是本人的；使用曾用名的，请提供户口簿本人页或户籍证明（§三.3(2)），并在 zccheck.toml 的 "
             "[flags] 中设 name_changed = true。",
             "Make sure the document is yours; if it uses a former name, provide the household register page "
             "or a registry certificate (§三.3(2)) and set name_changed = true under [flags] in zccheck.toml.",
             ("consistency",)),
    CodeSpec("consistency-name-absent", R, "材料中找不到申报人姓名", "Applicant's name not found in a document",
             "“{file}”的文字中找不到申报人姓名“{name}”。",
             "The applicant's name “{name}” does not appear in the text of “{file}”.",
             "请人工确认这是申报人本人的材料。", "Confirm by hand that the document is the applicant's.",
             ("consistency",)),
    CodeSpec("consistency-id-mismatch", W, "材料中的身份证号与申报人不一致", "Another ID number in a document",
             "“{file}”中的身份证号“{found}”与申报人的“{own}”不一致。",
             "“{file}” shows the ID number “{found}”, not the applicant's “{own}”.",
             "确认材料是本人的；身份证号码有变动的，请提供户口簿本人页或户籍证明（§三.3(2)），并设 name_changed = true。",
             "Make sure the document is yours; if the ID number changed, provide the household register page "
             "or a registry certificate (§三.3(2)) and set name_changed = true.", ("consistency",)),
    CodeSpec("consistency-unit-mismatch", W, "养老保险参保单位与申报单位不一致", "Pension unit differs from declared unit",
             "“{file}”中的参保单位为“{found}”，与申报单位“{unit}”不一致。",
             "“{file}” shows the insured unit “{found}”, not the declared unit “{unit}”.",
             "核对 zccheck.toml 中的 unit；实际工作单位与社保缴纳单位不一致的，须由实际工作单位推送至社保缴纳单位"
             "再上报（§二.(二)），6个月内变动单位的还须提供情况说明（§三.1(6)）。",
             "Check unit in zccheck.toml; when the workplace and the insured unit differ, the workplace passes the "
             "application to the insured unit (§二.(二)); a change within 6 months needs an explanation "
             "(§三.1(6)).", ("consistency",)),
)
