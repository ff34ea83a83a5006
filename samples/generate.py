"""Generate zccheck's bundled samples, deterministically: `python samples/generate.py [--out DIR]`.

Writes (next to this script unless --out is given), replacing only these generated entries:

    complete/             a complete applicant folder that passes (exit 0, no errors)
    missing-items/        no 营业执照 and no 专业技术工作总结
    short-summary/        a work summary of about 1,800 字
    pension-gap/          two unpaid months and a month at another unit in the six months, no explanation
    bad-photo/            a grey photo with a small, half-body-like face
    paper-incomplete/     the 代表作 lacks its 版权页 and its 国家新闻出版署 query screenshot
    broken-files/         a truncated PDF, an encrypted PDF, a JPEG named .pdf, an empty file, a HEIC, a .doc
    direct-application/   route 直接申报 without the 附件5 approval form
    windows-gbk.zip       the complete sample zipped as Windows tools do (GBK member names, no UTF-8 flag)

Every byte is reproducible: PDFs with reportlab's invariant mode, fixed workbook properties and zip
timestamps, fixed pseudo-"random" values only, pypdf's file identifiers pinned while encrypting. Scanned
pages are drawn with a CJK TrueType font (WenQuanYi Micro Hei / Noto CJK / Droid fallback, as installed);
with a different font the images, and so the bytes, differ — the sample's meaning does not.
The person, unit and ID number are fictitious (the ID number has a valid GB 11643 check character).

Needs Pillow, reportlab, openpyxl and pypdf (the test extra). The ID photo is copied from
`assets/id-photo-413x579.jpg` (made by `assets/make_id_photo.py`).
"""

from __future__ import annotations

import argparse
import io
import math
import shutil
import sys
import zipfile
from collections.abc import Callable, Iterable
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
PHOTO = HERE / "assets" / "id-photo-413x579.jpg"

SAMPLES = ("complete", "missing-items", "short-summary", "pension-gap", "bad-photo", "paper-incomplete",
           "broken-files", "direct-application")
ZIP_NAME = "windows-gbk.zip"
ZIP_TOP = "覃志远-职称申报材料"

FIXED_TIME = (2024, 8, 18, 10, 30, 0)
FIXED_DATETIME = datetime(2024, 8, 18, 10, 30, 0)

NAME = "覃志远"
ID_NUMBER = "450205198803150030"  # fictitious; born 1988-03-15, male, valid check character
UNIT = "柳州市柳东新区示例建设工程有限公司"
OTHER_UNIT = "柳州市鹏程劳务服务有限公司"
CREDIT_CODE = "91450200MA5L000X7K"
JOURNAL = "广西建筑施工技术"
ISSN = "1672-1233"
CN = "45-1412/TU"
PAPER_TITLE = "基于BIM的钢结构厂房施工进度管理研究"
PROJECT_1 = "柳东某厂房钢结构工程"
PROJECT_2 = "柳东新区某安置小区3号住宅楼主体结构工程"

A4 = (1240, 1754)  # pixels at 150 dpi
PAPER = (251, 250, 246)
INK = (28, 28, 30)
RED = (214, 36, 40)

# --------------------------------------------------------------------------------------------------------
# Texts

FACTS = f"""\
# zccheck 申报信息（示例申报人，虚构）。运行：zccheck scan samples/complete

[applicant]
name = "{NAME}"
id_number = "{ID_NUMBER}"   # 虚构号码（校验位正确）
level = "工程师"
industry = "工程"
route = "{{route}}"
unit = "{UNIT}"
education = "本科"
work_start = 2012-07-01
title_date = 2018-12-28
apply_date = 2024-08-20
publicity_start = 2024-08-12
publicity_end = 2024-08-16

[flags]
dispatched = false
name_changed = false
central_unit = false
education_unverifiable = false
title_not_shared = false
epidemic = false
high_skill = false
"""

SUMMARY_TITLE = "专业技术工作总结"
SUMMARY_PARAGRAPHS = [
    f"申报人：{NAME}    工作单位：{UNIT}    现任职称：助理工程师    申报职称：工程师（建筑工程施工）",
    "本人2012年7月毕业于广西科技大学土木工程专业，获工学学士学位，同年进入柳州市柳东新区示例建设工程有限公司"
    "工作，先后担任施工员、技术员、项目技术负责人等职务，2016年取得助理工程师职称。参加工作十二年来，本人始终"
    "坚持在工程建设一线，主要从事工业厂房钢结构、住宅主体结构的施工技术管理工作，参与和主持了十余项工程的施工"
    "组织、技术交底、质量控制与竣工验收。现将取得助理工程师职称以来的专业技术工作总结如下。",
    "一、思想政治与职业道德方面。本人认真学习党的路线方针政策，遵守国家法律法规和行业规范，热爱本职工作，具有"
    "良好的职业道德和团队协作精神。在工作中坚持质量第一、安全第一的原则，严格执行工程建设强制性标准，对施工中"
    "发现的问题不回避、不推诿，能够及时组织整改。多次被公司评为年度先进工作者，所在项目部获得柳州市安全文明标准化"
    "工地称号。",
    f"二、主要专业技术工作经历。2017年至2019年，本人在{PROJECT_2}担任项目技术负责人。该工程为剪力墙结构，地下一层，"
    "地上二十六层，建筑面积约两万一千平方米。针对高层住宅剪力墙混凝土易开裂、楼板厚度偏差大等通病，本人组织编制了"
    "大体积混凝土浇筑与养护专项方案，优化了混凝土配合比，推行楼板标高控制点加密和厚度检测制度，主体结构验收一次"
    "通过，结构实体检测合格率达到百分之百。在施工过程中，本人坚持每周组织质量分析会，对钢筋隐蔽、模板支撑和混凝土"
    "浇筑等关键工序实行旁站和样板引路，累计编写技术交底四十余份。",
    f"2020年至2023年，本人在{PROJECT_1}担任项目技术负责人，该工程为汽车零部件生产厂房，门式刚架轻型钢结构，跨度"
    "三十六米，柱距九米，建筑面积约三万二千平方米，钢结构用量约二千八百吨。本人负责施工组织设计和钢结构吊装专项"
    "方案的编制，并组织专家论证。针对构件数量多、安装精度要求高、工期紧的特点，本人牵头建立了项目BIM模型，将深化"
    "设计、构件加工、运输进场和现场吊装四个环节纳入统一的进度模型管理，实现了构件编码与安装计划的一一对应。现场"
    "采用两台五十吨汽车吊分区流水作业，屋面系统与主体吊装穿插施工，最终比合同工期提前二十八天完成主体结构安装，"
    "工程获评柳州市优质结构工程。该项目是本人的代表性成果。",
    "2023年下半年至今，本人在公司工程技术部负责钢结构专业的技术管理工作，主要承担在建项目施工组织设计和专项方案"
    "的审核、危险性较大分部分项工程的过程检查以及新技术推广应用。在此期间，本人牵头梳理了公司近五年钢结构工程的"
    "质量问题台账，归纳出焊缝外观缺陷、螺栓孔错位、防腐涂层厚度不足等八类常见问题，逐项制定了预防措施，并编入"
    "公司钢结构工程质量通病防治手册，在新开工的三个项目中实施后，同类问题的整改次数明显下降。",
    "三、技术创新与解决的主要技术问题。一是钢柱安装垂直度控制。厂房钢柱高度十二米，传统方法依靠经纬仪逐根校正，"
    "效率低且受风荷载影响大。本人提出采用全站仪坐标法结合临时缆风绳分级张拉的校正工艺，单根钢柱校正时间由四十分钟"
    "缩短到十五分钟，垂直度偏差全部控制在规范允许值的一半以内。二是高强度螺栓连接质量控制。本人组织开展了摩擦面"
    "抗滑移系数复验和扭矩扳手每日标定，制定了初拧、复拧和终拧的标记制度，杜绝了漏拧和超拧现象。三是屋面防水与"
    "保温施工。针对大跨度压型钢板屋面易渗漏的问题，本人优化了檐口和天沟节点构造，增加了双道密封和泛水板搭接"
    "长度，投入使用两个雨季以来未发生渗漏。",
    "此外，在钢结构防火和防腐涂装施工中，本人针对厚型防火涂料易空鼓、开裂的问题，调整了基层处理和分遍喷涂的"
    "工艺参数，规定每遍涂层厚度不超过十毫米、间隔时间不少于二十四小时，并采用测针和超声波测厚仪进行过程检测，"
    "涂层厚度合格率由原来的百分之九十一提高到百分之九十八。对于室外钢构件的防腐涂装，本人组织进行了涂装前的"
    "表面清洁度和粗糙度检查，确保了涂层附着力满足设计要求。",
    "四、施工组织与项目管理。本人重视施工进度、质量、安全和成本的综合管理。在进度管理上，将BIM模型与横道图和网络"
    "计划相结合，每周对比计划进度与实际进度，对滞后工序及时调整资源配置；在质量管理上，推行三检制度和首件验收"
    "制度，建立了钢结构焊缝探伤台账，一次探伤合格率达到百分之九十八以上；在安全管理上，针对高处作业和吊装作业"
    "编制了专项应急预案，组织班组开展安全技术交底和应急演练，项目实现安全生产零事故；在成本管理上，通过优化构件"
    "分段和运输方案，减少了二次倒运，节约措施费用约三十六万元。",
    f"五、学术研究与技术总结。本人注重将工程实践上升为理论总结，结合{PROJECT_1}的实践，撰写了论文《{PAPER_TITLE}》，"
    f"发表于《{JOURNAL}》2023年第5期，系统阐述了BIM模型在钢结构深化设计、构件加工跟踪和现场吊装进度控制中的应用"
    "方法，提出了以构件编码为纽带的四阶段进度管理流程，对同类工业厂房的施工管理具有参考价值。此外，本人参与编写"
    "了公司钢结构安装作业指导书和高强度螺栓施工工法，在公司多个项目推广使用。",
    "六、传帮带与继续教育。本人积极参加行业主管部门和公司组织的继续教育，按要求完成了专业科目和公需科目学时，"
    "系统学习了钢结构工程施工质量验收标准、建筑施工安全检查标准等规范的最新版本。在项目上，本人先后指导五名新入职"
    "的技术员，通过现场讲解、图纸会审和方案编制实践，帮助他们尽快熟悉施工技术管理工作，其中两人已取得助理工程师"
    "职称。",
    "七、存在的不足与今后的努力方向。回顾这些年的工作，本人在专业技术上取得了一定的进步，但也认识到自身在结构"
    "计算分析、新型装配式建造技术等方面的知识还需要加强，在技术成果的总结提炼方面做得还不够。今后，本人将继续"
    "加强理论学习，深入研究钢结构智能建造和装配式建筑施工技术，把更多的工程经验总结成规范化的工法和论文，不断"
    "提高解决复杂工程技术问题的能力，为公司和柳东新区的工程建设作出更大的贡献。",
    "以上是本人任助理工程师以来的专业技术工作总结，所述内容真实，如有不实，愿承担相应责任。",
]
SHORT_SUMMARY_PARAGRAPHS = [SUMMARY_PARAGRAPHS[i] for i in (0, 1, 3, 4, 6, 8, 9, 11, 12)]  # about 1,800 字

PUBLICITY_LINES = [
    "关于2024年度工程系列职称申报人员的公示",
    f"根据《关于开展2024年度柳东新区（柳州高新区）工程系列中、初级职称评审工作的通知》要求，经本单位审议推荐"
    f"小组审议，拟推荐{NAME}同志申报工程师职称，现将有关情况予以公示。",
    f"推荐对象名册：姓名：{NAME}；学历：大学本科；现有职称证书及取得时间：助理工程师，2016年12月；申报资格名称："
    "工程师；申报专业：建筑工程施工。",
    f"专业技术工作经历：2012年7月至今在{UNIT}从事建筑工程施工技术管理工作，历任施工员、技术员、项目技术负责人。",
    f"业绩成果：1.{PROJECT_1}（项目技术负责人，代表性成果）；2.{PROJECT_2}（项目技术负责人）。",
    f"论文著作：《{PAPER_TITLE}》，《{JOURNAL}》2023年第5期（代表作）。",
    "公示时间：2024年8月12日至2024年8月16日（共5个工作日）。",
    "公示期间，如对公示对象有异议，请以书面形式向公司人力资源部反映，反映情况要实事求是，并署真实姓名。",
    "联系电话：0772-3100000（人力资源部）",
    UNIT,
    "2024年8月12日",
]

RECOMMENDATION_LINES = [
    "单位推荐意见",
    f"{NAME}同志，男，1988年3月出生，大学本科学历，助理工程师，2012年7月进入我公司工作，现任项目技术负责人。",
    "思想品德：该同志政治立场坚定，遵纪守法，爱岗敬业，具有良好的职业道德，团结同事，作风正派，无违纪违规行为。",
    f"工作成绩：该同志先后担任{PROJECT_2}、{PROJECT_1}等项目的技术负责人，所负责工程质量验收一次通过，"
    "其中钢结构厂房工程提前二十八天完成主体安装，获评柳州市优质结构工程。",
    "专业水平：该同志系统掌握钢结构和混凝土结构施工技术及相关规范，能够独立编制施工组织设计和危险性较大的分部分项"
    "工程专项方案，在本专业领域发表论文一篇。",
    "业务能力：该同志善于运用BIM等新技术解决施工进度和质量问题，具有较强的组织协调能力和解决复杂技术问题的能力，"
    "能够指导技术员开展工作。",
    "工作态度：该同志工作认真负责，吃苦耐劳，长期坚守施工一线，服从公司安排，圆满完成各项工作任务。",
    "经单位审议推荐小组审议并在单位内部公示5个工作日无异议，同意推荐该同志申报工程师职称。",
    f"推荐单位（盖章）：{UNIT}",
    "2024年8月19日",
]

COMMITMENT_LINES = [
    "承诺书",
    f"本人{NAME}，身份证号码{ID_NUMBER[:6]}********{ID_NUMBER[-4:]}，申报2024年度工程系列工程师职称。",
    "本人郑重承诺：所提交的学历、资历、专业技术工作经历、业绩成果、学术成果等全部申报材料真实、准确、完整，",
    "不存在抄袭、剽窃、不当署名、论文代写代发、虚假刊发等学术不端和违纪违规行为。",
    "如有弄虚作假，本人自愿承担由此产生的一切后果和相应责任。",
    "申报人（签名）：",
    "单位人事职改部门负责人（签名）：",
    f"申报单位（盖章）：{UNIT}",
    "2024年8月19日",
]

REVIEW_LINES = [
    "审议推荐意见",
    f"2024年8月9日，{UNIT}职称审议推荐小组召开评议会，对{NAME}同志申报工程师职称的材料进行了审议。",
    "经审议，该同志学历、资历符合申报条件，专业技术工作经历和业绩成果真实，论文与申报专业相符，",
    "应到评议专家5人，实到5人，同意推荐5票，不同意0票，弃权0票，同意推荐其申报工程师职称。",
    "审议推荐小组组长（签字）：",
    f"（单位盖章）{UNIT}",
    "2024年8月9日",
]

EXPERT_LINES = [
    "评议会专家名单",
    "序号  姓名    工作单位                              职称",
    "1     黄立新  柳州市柳东新区示例建设工程有限公司    高级工程师",
    "2     莫晓华  柳州市柳东新区示例建设工程有限公司    高级工程师",
    "3     韦春燕  柳州市柳东新区示例建设工程有限公司    高级工程师",
    "4     梁国栋  柳州市某建筑设计研究院有限公司        高级工程师",
    "5     陆海波  柳州市某工程质量检测有限公司          高级工程师",
]

LICENCE_LINES = [
    "营 业 执 照",
    "（副本）",
    f"统一社会信用代码  {CREDIT_CODE}",
    f"名      称  {UNIT}",
    "类      型  有限责任公司（自然人投资或控股）",
    "法定代表人  黄立新",
    "经营范围  房屋建筑工程施工；钢结构工程施工；市政公用工程施工；建筑材料销售。",
    "注册资本  伍仟万圆整",
    "成立日期  2008年05月16日",
    "住      所  广西壮族自治区柳州市柳东新区示例路8号",
    "登记机关  柳州市行政审批局",
    "2023年03月20日",
]

APPOINTMENT_LINES = [
    f"{UNIT}文件",
    "柳示建〔2020〕15号",
    "关于任命项目技术负责人的通知",
    "公司各部门、各项目部：",
    f"根据工作需要，经公司研究决定，任命{NAME}同志为{PROJECT_1}项目技术负责人，",
    "全面负责该项目的施工技术、质量和进度管理工作。",
    "特此通知。",
    UNIT,
    "2020年3月2日",
]

ACCEPTANCE_LINES = [
    "单位工程竣工验收报告",
    f"工程名称：{PROJECT_1}",
    f"施工单位：{UNIT}",
    f"项目技术负责人：{NAME}",
    "结构类型：门式刚架轻型钢结构    建筑面积：32,150平方米",
    "开工日期：2020年3月16日    竣工日期：2023年6月28日",
    "验收结论：该工程已按设计和合同要求施工完毕，质量控制资料完整，",
    "主要功能项目抽查结果符合要求，观感质量评价为好，同意竣工验收，质量等级合格。",
    "建设单位（盖章）    监理单位（盖章）    施工单位（盖章）    设计单位（盖章）",
    "2023年6月28日",
]

BID_LINES = [
    "中标通知书",
    f"{UNIT}：",
    f"你单位于2020年2月18日所递交的{PROJECT_1}投标文件已被确定为中标。",
    "中标价：人民币壹亿贰仟叁佰肆拾伍万元整    工期：450日历天    质量标准：合格",
    "请你单位收到本通知书后30日内与招标人签订施工合同。",
    "招标人（盖章）    招标代理机构（盖章）",
    "2020年2月26日",
]

ACCEPTANCE_2_LINES = [
    "工程竣工验收证明书",
    f"工程名称：{PROJECT_2}",
    f"施工单位：{UNIT}    项目技术负责人：{NAME}",
    "结构类型：剪力墙结构    层数：地下1层、地上26层    建筑面积：21,460平方米",
    "验收意见：工程质量符合设计及施工质量验收规范要求，同意验收。",
    "2019年11月30日",
]

COVER_LINES = [JOURNAL, "GUANGXI JIANZHU SHIGONG JISHU", "2023年第5期", "第19卷  总第101期",
               f"ISSN {ISSN}", f"CN {CN}"]
CONTENTS_LINES = [
    "目  次",
    "施工技术",
    f"{PAPER_TITLE} …… {NAME}（12）",
    "超高层建筑核心筒爬模施工技术 …… 莫志刚 等（17）",
    "装配式混凝土结构套筒灌浆质量控制 …… 黄丽 等（22）",
    "工程管理",
    "EPC模式下市政道路工程成本控制 …… 韦建国（27）",
]
COPYRIGHT_LINES = [
    f"{JOURNAL}",
    "（双月刊，2005年创刊）  2023年第5期  第19卷",
    "主管单位：广西某建设行业协会",
    "主办单位：广西某建筑科学研究院",
    f"编辑出版：《{JOURNAL}》编辑部",
    f"国际标准连续出版物号：ISSN {ISSN}",
    f"国内统一连续出版物号：CN {CN}",
    "出版日期：2023年10月25日    定价：15.00元",
]

PAPER_PAGES = [
    [
        f"{JOURNAL}  2023年第5期",
        PAPER_TITLE,
        f"{NAME}",
        f"（{UNIT}，广西 柳州 545006）",
        "摘  要：以柳东新区某汽车零部件厂房钢结构工程为背景，分析了大跨度门式刚架厂房施工中构件数量多、安装精度要求高、"
        "工期紧的特点，建立了以构件编码为纽带的BIM进度管理模型，将深化设计、构件加工、运输进场和现场吊装四个阶段纳入"
        "统一管理。实践表明，该方法使主体结构安装提前28天完成，可为同类工程提供参考。",
        "关键词：BIM；钢结构厂房；施工进度；构件编码；吊装",
        "中图分类号：TU758    文献标志码：A    文章编号：1672-1233（2023）05-0012-05",
        "0  引言",
        "近年来，工业厂房向大跨度、轻型化方向发展，门式刚架轻型钢结构因其自重轻、工业化程度高、施工速度快等优点被广泛"
        "采用。但钢结构构件种类和数量多，从深化设计到现场安装涉及多个环节，任何一个环节滞后都会影响总体进度。",
        "1  工程概况",
        "该工程建筑面积约32,150平方米，跨度36米，柱距9米，钢结构用量约2,800吨，合同工期450日历天。",
    ],
    [
        "2  BIM进度管理模型的建立",
        "2.1 构件编码规则  按照区域、轴线、构件类型和序号四级编码，使每个构件在模型、加工清单和安装计划中唯一对应。",
        "2.2 四阶段进度关联  将深化设计出图、工厂加工、运输进场和现场吊装四个阶段的计划与实际时间写入构件属性，"
        "每周更新一次，用不同颜色显示各构件所处阶段，直观反映进度偏差。",
        "3  应用效果",
        "通过模型对比计划与实际进度，共发现并提前处理构件加工滞后问题12次，避免了现场停工待料。主体结构安装"
        "比计划提前28天完成，吊装一次合格率达到99.2%。",
        "4  结语",
        "以构件编码为纽带的BIM进度管理方法，能够有效联通设计、加工和安装环节，适用于同类钢结构厂房工程。",
        "参考文献",
        "[1] 中华人民共和国住房和城乡建设部. 钢结构工程施工质量验收标准: GB 50205-2020[S]. 北京: 中国计划出版社, 2020.",
        "[2] 中华人民共和国住房和城乡建设部. 门式刚架轻型房屋钢结构技术规范: GB 51022-2015[S]. "
        "北京: 中国建筑工业出版社, 2015.",
    ],
]

# --------------------------------------------------------------------------------------------------------
# Fonts and drawing

_FONT_CANDIDATES = (
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
    "/System/Library/Fonts/PingFang.ttc",
    "C:/Windows/Fonts/msyh.ttc",
    "C:/Windows/Fonts/simsun.ttc",
)


def cjk_font_path() -> str | None:
    """The first CJK TrueType font found on this machine."""
    return next((path for path in _FONT_CANDIDATES if Path(path).exists()), None)


_FONTS: dict[int, Any] = {}


def font(size: int):
    """A Pillow font of `size` px that can draw Chinese (falls back to Pillow's default font)."""
    from PIL import ImageFont

    if size not in _FONTS:
        path = cjk_font_path()
        _FONTS[size] = ImageFont.truetype(path, size) if path else ImageFont.load_default(size)
    return _FONTS[size]


def _register_pdf_font() -> None:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    if "STSong-Light" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))


def draw_stamp(image, centre: tuple[int, int], ring_text: str, bottom_text: str = "", radius: int = 118) -> None:
    """A round red unit stamp: ring, star, the unit's name along the upper arc."""
    from PIL import Image, ImageDraw

    layer = Image.new("RGBA", image.size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(layer)
    cx, cy = centre
    colour = (*RED, 200)
    draw.ellipse((cx - radius, cy - radius, cx + radius, cy + radius), outline=colour, width=7)
    star = []
    for k in range(10):
        r = radius * (0.3 if k % 2 == 0 else 0.12)
        angle = -math.pi / 2 + k * math.pi / 5
        star.append((cx + r * math.cos(angle), cy + r * math.sin(angle)))
    draw.polygon(star, fill=colour)
    glyph_font = font(int(radius * 0.22))
    count = len(ring_text)
    span = math.radians(min(260, 16 * count))
    for index, char in enumerate(ring_text):
        angle = -math.pi / 2 - span / 2 + span * (index + 0.5) / count
        gx = cx + (radius * 0.74) * math.cos(angle)
        gy = cy + (radius * 0.74) * math.sin(angle)
        tile = Image.new("RGBA", (int(radius * 0.4), int(radius * 0.4)), (0, 0, 0, 0))
        ImageDraw.Draw(tile).text((tile.width / 2, tile.height / 2), char, font=glyph_font, fill=colour,
                                  anchor="mm")
        tile = tile.rotate(-math.degrees(angle) - 90, resample=Image.Resampling.BICUBIC)
        layer.alpha_composite(tile, (int(gx - tile.width / 2), int(gy - tile.height / 2)))
    if bottom_text:
        draw.text((cx, cy + radius * 0.52), bottom_text, font=font(int(radius * 0.2)), fill=colour, anchor="mm")
    image.paste(layer, (0, 0), layer)


def draw_signature(draw, origin: tuple[int, int], seed: int) -> None:
    """A handwritten-looking signature: a few fixed strokes (no randomness; `seed` varies the shape)."""
    x0, y0 = origin
    for stroke in range(3):
        points = []
        for step in range(14):
            t = step / 13
            x = x0 + stroke * 52 + t * 60
            y = y0 + 18 * math.sin(t * math.pi * (1.5 + 0.3 * ((seed + stroke) % 3))) - stroke * 4
            points.append((x, y))
        draw.line(points, fill=(20, 30, 90), width=4, joint="curve")


_NO_LINE_START = set("，。、；：？！）》”’…,.;:?!)")


@dataclass(frozen=True)
class Page:
    """A scanned page: a title, lines of text (a line ending in "签名）：" or "签字）：" gets signed by hand),
    an optional red stamp at `stamp_at`."""

    title: str
    lines: tuple[str, ...]
    stamp: str | None = None
    stamp_at: tuple[int, int] = (900, 1350)
    title_size: int = 46
    line_size: int = 27
    seed: int = 0


def wrap(text: str, width_px: int, text_font) -> list[str]:
    """Break `text` into lines no wider than `width_px` (Chinese breaks anywhere; ASCII words stay whole)."""
    tokens: list[str] = []
    for char in text:
        if tokens and char.isascii() and not char.isspace() and tokens[-1][-1:].isascii() \
                and not tokens[-1][-1:].isspace():
            tokens[-1] += char
        else:
            tokens.append(char)
    lines, current = [], ""
    for token in tokens:
        if current and token not in _NO_LINE_START and text_font.getlength(current + token) > width_px:
            lines.append(current.rstrip())
            current = token.lstrip()
        else:
            current += token
    if current.strip():
        lines.append(current.rstrip())
    return lines


def page_image(page: Page, *, grey: bool = False):
    """Draw `page` as a 150 dpi A4 scan (Pillow image)."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", A4, PAPER)
    draw = ImageDraw.Draw(image)
    margin = 150
    draw.text((A4[0] / 2, 190), page.title, font=font(page.title_size), fill=INK, anchor="mm")
    y = 290
    body = font(page.line_size)
    signed = 0
    for line in page.lines:
        for piece in wrap(line, A4[0] - 2 * margin, body):
            draw.text((margin, y), piece, font=body, fill=INK)
            if piece.endswith(("签名）：", "签字）：")):
                draw_signature(draw, (margin + int(body.getlength(piece)) + 20, y + 14), page.seed + signed)
                signed += 1
            y += int(page.line_size * 1.75)
        y += int(page.line_size * 0.5)
    if page.stamp:
        draw_stamp(image, page.stamp_at, page.stamp, "")
    # A faint scanner edge on the left, as real scans have.
    draw.rectangle((0, 0, 6, A4[1]), fill=(236, 235, 230))
    return image.convert("L") if grey or not page.stamp else image


def jpeg_bytes(image, quality: int = 60, dpi: int = 150) -> bytes:
    """JPEG bytes (baseline, optimised tables, 4:2:0), deterministic for a given Pillow."""
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=quality, optimize=True, subsampling=2 if image.mode == "RGB" else 0,
               dpi=(dpi, dpi))
    return buffer.getvalue()


def png_bytes(image, colours: int = 48) -> bytes:
    """A palette PNG (screenshots compress well that way)."""
    from PIL import Image

    buffer = io.BytesIO()
    image.quantize(colors=colours, method=Image.Quantize.MEDIANCUT).save(buffer, "PNG", optimize=True)
    return buffer.getvalue()


# --------------------------------------------------------------------------------------------------------
# PDFs


@contextmanager
def _pdf_settings():
    from reportlab import rl_config

    saved = rl_config.useA85
    rl_config.useA85 = 0  # binary streams: smaller files
    try:
        yield
    finally:
        rl_config.useA85 = saved


def scan_pdf(pages: Iterable[Page], *, grey: bool = False, title: str = "") -> bytes:
    """A PDF of scanned A4 pages (one JPEG image per page, no text layer)."""
    from reportlab.lib.pagesizes import A4 as A4_PT
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    with _pdf_settings():
        pdf = canvas.Canvas(buffer, pagesize=A4_PT, invariant=1, pageCompression=1)
        pdf.setCreator("Scanner")
        pdf.setTitle(title)
        for page in pages:
            data = jpeg_bytes(page_image(page, grey=grey))
            pdf.drawImage(ImageReader(io.BytesIO(data)), 0, 0, width=A4_PT[0], height=A4_PT[1])
            pdf.showPage()
        pdf.save()
    return buffer.getvalue()


def text_pdf(title: str, paragraphs: Iterable[str], *, stamp: str | None = None, header: str = "",
             size: float = 12, title_size: float = 18, centre_lines: int = 0) -> bytes:
    """A text PDF (reportlab STSong-Light, text layer), paragraphs wrapped and paginated.

    `stamp` draws a red unit stamp (vector) at the end; `centre_lines` centres the first paragraphs.
    """
    from reportlab.lib.pagesizes import A4 as A4_PT
    from reportlab.pdfbase.pdfmetrics import stringWidth
    from reportlab.pdfgen import canvas

    _register_pdf_font()
    face = "STSong-Light"
    width, height = A4_PT
    margin = 72
    usable = width - 2 * margin
    leading = size * 1.8
    buffer = io.BytesIO()
    with _pdf_settings():
        pdf = canvas.Canvas(buffer, pagesize=A4_PT, invariant=1, pageCompression=1)
        pdf.setTitle(title)
        pdf.setAuthor(UNIT)
        y = height - margin

        def new_page() -> float:
            pdf.showPage()
            if header:
                pdf.setFont(face, 9)
                pdf.drawString(margin, height - 40, header)
            return height - margin

        if header:
            pdf.setFont(face, 9)
            pdf.drawString(margin, height - 40, header)
        if title:
            pdf.setFont(face, title_size)
            pdf.drawCentredString(width / 2, y, title)
            y -= title_size * 2.2
        for number, paragraph in enumerate(paragraphs):
            pdf.setFont(face, size)
            indent = "" if number < centre_lines else "　　"
            lines = _wrap_pdf(indent + paragraph, usable, lambda s: stringWidth(s, face, size))
            for line in lines:
                if y < margin:
                    y = new_page()
                    pdf.setFont(face, size)
                if number < centre_lines:
                    pdf.drawCentredString(width / 2, y, line)
                else:
                    pdf.drawString(margin, y, line)
                y -= leading
            y -= size * 0.4
        if stamp:
            if y < margin + 120:
                y = new_page()
            _pdf_stamp(pdf, width - margin - 90, max(y + 40, margin + 70), stamp)
        pdf.showPage()
        pdf.save()
    return buffer.getvalue()


def _wrap_pdf(text: str, width: float, measure: Callable[[str], float]) -> list[str]:
    tokens: list[str] = []
    for char in text:
        if tokens and char.isascii() and not char.isspace() and tokens[-1][-1:].isascii() \
                and not tokens[-1][-1:].isspace():
            tokens[-1] += char
        else:
            tokens.append(char)
    lines, current = [], ""
    for token in tokens:
        if current and token not in _NO_LINE_START and measure(current + token) > width:
            lines.append(current)
            current = token.lstrip()
        else:
            current += token
    if current:
        lines.append(current)
    return lines


def _pdf_stamp(pdf, x: float, y: float, text: str) -> None:
    pdf.saveState()
    pdf.setStrokeColorRGB(RED[0] / 255, RED[1] / 255, RED[2] / 255)
    pdf.setFillColorRGB(RED[0] / 255, RED[1] / 255, RED[2] / 255)
    pdf.setLineWidth(2.5)
    radius = 56
    pdf.circle(x, y, radius)
    points = []
    for k in range(10):
        r = radius * (0.3 if k % 2 == 0 else 0.12)
        angle = math.pi / 2 + k * math.pi / 5
        points.append((x + r * math.cos(angle), y + r * math.sin(angle)))
    path = pdf.beginPath()
    path.moveTo(*points[0])
    for point in points[1:]:
        path.lineTo(*point)
    path.close()
    pdf.drawPath(path, stroke=0, fill=1)
    pdf.setFont("STSong-Light", 9)
    span = math.radians(235)
    for index, char in enumerate(text):
        angle = math.pi / 2 + span / 2 - span * (index + 0.5) / len(text)
        pdf.saveState()
        pdf.translate(x + radius * 0.75 * math.cos(angle), y + radius * 0.75 * math.sin(angle))
        pdf.rotate(math.degrees(angle) - 90)
        pdf.drawCentredString(0, -3, char)
        pdf.restoreState()
    pdf.restoreState()


# --------------------------------------------------------------------------------------------------------
# Pension workbook (Guangxi-style export)


def _months(first: tuple[int, int], last: tuple[int, int]) -> list[tuple[int, int]]:
    months, (year, month) = [], first
    while (year, month) <= last:
        months.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def pension_xlsx(unit_of: Callable[[tuple[int, int]], str], unpaid: Iterable[tuple[int, int]] = ()) -> bytes:
    """The 社会保险个人缴费明细 for 2023-08 … 2024-07: 养老, 失业 and 工伤 rows per month."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.writer.excel import ExcelWriter

    unpaid = set(unpaid)
    book = Workbook()
    sheet = book.active
    sheet.title = "缴费明细"
    headers = ["费款所属期", "单位名称", "险种类型", "缴费基数", "个人缴费", "缴费标志"]
    sheet.append(["广西壮族自治区社会保险个人缴费明细"])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(headers))
    sheet["A1"].font = Font(size=14, bold=True)
    sheet["A1"].alignment = Alignment(horizontal="center")
    sheet.append([f"姓名：{NAME}", None, f"身份证号码：{ID_NUMBER}", None, "个人编号：4502000123456"])
    sheet.append(["打印时间：2024-08-15 10:23:41", None, None, None, "打印机构：柳州市社会保险事业管理中心"])
    sheet.append(headers)
    for month in _months((2023, 8), (2024, 7)):
        base = 5200 if month < (2024, 1) else 5600
        status = "欠费" if month in unpaid else "已实缴"
        period = f"{month[0]}{month[1]:02d}"
        unit = unit_of(month)
        for insurance, rate in (("企业职工基本养老保险", 0.08), ("失业保险", 0.005), ("工伤保险", 0.0)):
            sheet.append([period, unit, insurance, base, round(base * rate, 2), status])
    for column, width in zip("ABCDEF", (12, 36, 24, 10, 10, 10), strict=True):
        sheet.column_dimensions[column].width = width
    props = book.properties
    props.creator = "柳州市社会保险事业管理中心"
    props.lastModifiedBy = "柳州市社会保险事业管理中心"
    props.created = FIXED_DATETIME
    props.modified = FIXED_DATETIME
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(book, archive).save()  # save_workbook() would stamp "modified" with now
    return repack_zip(buffer.getvalue())


def repack_zip(data: bytes) -> bytes:
    """The same zip with every member's timestamp fixed (openpyxl stamps members with the current time)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            member = zipfile.ZipInfo(info.filename, date_time=FIXED_TIME)
            member.compress_type = zipfile.ZIP_DEFLATED
            member.external_attr = 0o600 << 16
            member.create_system = 0
            target.writestr(member, source.read(info))
    return out.getvalue()


# --------------------------------------------------------------------------------------------------------
# Images: photo, journal pages, screenshots


def id_photo() -> bytes:
    """The bundled ID photo (another script makes it); fail clearly when it is not there."""
    if not PHOTO.exists():
        raise SystemExit(f"missing {PHOTO}: run samples/assets/make_id_photo.py first")
    return PHOTO.read_bytes()


def bad_photo() -> bytes:
    """A grey photo (stored as RGB) with a small face: the ID photo shrunk onto a half-body-like frame."""
    from PIL import Image

    source = Image.open(io.BytesIO(id_photo())).convert("RGB")
    width, height = source.size
    scale = 0.45
    small = source.resize((round(width * scale), round(height * scale)), Image.Resampling.LANCZOS)
    canvas = Image.new("RGB", (width, height), source.getpixel((5, 5)))
    left = (width - small.width) // 2
    top = 40
    canvas.paste(small, (left, top))
    # Continue the shoulders downwards, as in a half-body shot.
    bottom_row = small.crop((0, small.height - 1, small.width, small.height))
    for y in range(top + small.height, height):
        spread = 1 + (y - top - small.height) / (height - top - small.height) * 0.6
        row = bottom_row.resize((min(width, round(small.width * spread)), 1))
        canvas.paste(row, ((width - row.width) // 2, y))
    grey = canvas.convert("L").convert("RGB")
    buffer = io.BytesIO()
    grey.save(buffer, "JPEG", quality=88, optimize=True, dpi=(300, 300))
    return buffer.getvalue()


def journal_page(lines: list[str], *, cover: bool = False) -> bytes:
    """A photographed-flat journal page (cover, 目次 or 版权页) as a 150 dpi A4 JPEG."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", A4, PAPER)
    draw = ImageDraw.Draw(image)
    if cover:
        draw.rectangle((0, 0, A4[0], 520), fill=(22, 74, 132))
        draw.text((A4[0] / 2, 220), lines[0], font=font(96), fill=(255, 255, 255), anchor="mm")
        draw.text((A4[0] / 2, 360), lines[1], font=font(34), fill=(220, 230, 240), anchor="mm")
        draw.text((A4[0] / 2, 640), lines[2], font=font(56), fill=INK, anchor="mm")
        draw.text((A4[0] / 2, 730), lines[3], font=font(34), fill=INK, anchor="mm")
        draw.rectangle((180, 820, A4[0] - 180, 1380), outline=(22, 74, 132), width=6)
        for index, text in enumerate(("本期要目", PAPER_TITLE, "装配式混凝土结构套筒灌浆质量控制")):
            draw.text((A4[0] / 2, 960 + index * 120), text, font=font(48 if index == 0 else 38),
                      fill=(22, 74, 132), anchor="mm")
        draw.text((A4[0] / 2, 1560), f"{lines[4]}    {lines[5]}", font=font(34), fill=INK, anchor="mm")
    else:
        draw.text((A4[0] / 2, 200), lines[0], font=font(50), fill=INK, anchor="mm")
        y = 320
        for line in lines[1:]:
            draw.text((160, y), line, font=font(30), fill=INK)
            y += 80
    return jpeg_bytes(image if cover else image.convert("L"))


def screenshot(url: str, title: str, rows: list[str]) -> bytes:
    """A 1920×1080 browser screenshot: address bar with the URL, a page title and result rows."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (1920, 1080), (255, 255, 255))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, 1920, 96), fill=(222, 225, 230))
    draw.rounded_rectangle((150, 22, 1700, 74), radius=24, fill=(255, 255, 255))
    draw.text((190, 48), url, font=font(26), fill=(40, 40, 40), anchor="lm")
    draw.rectangle((0, 96, 1920, 190), fill=(18, 88, 160))
    draw.text((80, 143), title, font=font(38), fill=(255, 255, 255), anchor="lm")
    y = 260
    for index, row in enumerate(rows):
        if index == 0:
            draw.rectangle((80, y - 20, 1840, y + 40), fill=(236, 242, 250))
        draw.text((100, y), row, font=font(30), fill=INK)
        y += 90
    return png_bytes(image)


# --------------------------------------------------------------------------------------------------------
# The complete sample and its variants


def _scan(title: str, lines: list[str], **kw: Any) -> Page:
    return Page(title=title, lines=tuple(lines), **kw)


def complete_files(route: str = "正常") -> dict[str, bytes]:
    """Relative path -> bytes of the complete sample."""
    paper_dir = f"09 学术成果/论文1-{PAPER_TITLE}（代表作）"
    achievement_1 = f"08-1 业绩成果/业绩1-{PROJECT_1}（代表性成果）"
    achievement_2 = f"08-1 业绩成果/业绩2-{PROJECT_2}"
    unit_dir = "12 单位审核推荐材料（由单位上传）"
    return {
        "zccheck.toml": FACTS.replace("{route}", route).encode("utf-8"),
        "01 基本信息/个人证件照.jpg": id_photo(),
        "06-2 个人社保缴纳记录/养老保险缴费明细(2023.8-2024.7).xlsx": pension_xlsx(lambda month: UNIT),
        "07-1 专业技术工作经历/项目技术负责人任命文件.pdf": scan_pdf(
            [_scan(APPOINTMENT_LINES[0], APPOINTMENT_LINES[1:], stamp=UNIT, stamp_at=(900, 1000), seed=1)],
            title="任命文件"),
        f"{achievement_1}/竣工验收报告.pdf": scan_pdf(
            [_scan(ACCEPTANCE_LINES[0], ACCEPTANCE_LINES[1:], stamp="柳州市某汽车零部件有限公司",
                   stamp_at=(330, 1150), seed=2)], title="竣工验收报告"),
        f"{achievement_1}/中标通知书.jpg": jpeg_bytes(page_image(
            _scan(BID_LINES[0], BID_LINES[1:], stamp="柳州市某汽车零部件有限公司", stamp_at=(400, 1000)))),
        f"{achievement_2}/竣工验收证明书.pdf": scan_pdf(
            [_scan(ACCEPTANCE_2_LINES[0], ACCEPTANCE_2_LINES[1:], stamp="柳州市某房地产开发有限公司",
                   stamp_at=(880, 900), seed=3)], title="竣工验收证明书"),
        f"{paper_dir}/期刊封面.jpg": journal_page(COVER_LINES, cover=True),
        f"{paper_dir}/目录.jpg": journal_page(CONTENTS_LINES),
        f"{paper_dir}/版权页.jpg": journal_page(COPYRIGHT_LINES),
        f"{paper_dir}/论文全文.pdf": _paper_pdf(),
        f"{paper_dir}/国家新闻出版署期刊查询截图.png": screenshot(
            "https://www.nppa.gov.cn/bsfw/cyjghcpcx/qkcx/", "国家新闻出版署 · 期刊/期刊社查询",
            [f"刊名：{JOURNAL}    CN：{CN}    ISSN：{ISSN}", "主办单位：广西某建筑科学研究院    出版地：广西南宁",
             "出版周期：双月    状态：正常出版"]),
        f"{paper_dir}/知网论文查询截图（含网址）.png": screenshot(
            "https://kns.cnki.net/kcms2/article/abstract?v=GXJZ202305003", "中国知网 · 文献检索",
            [PAPER_TITLE, f"作者：{NAME}    单位：{UNIT}", f"来源：《{JOURNAL}》2023年第5期 12-16页",
             "网址：https://kns.cnki.net/kcms2/article/abstract?v=GXJZ202305003"]),
        "10 专业技术工作总结/专业技术工作总结.pdf": text_pdf(SUMMARY_TITLE, SUMMARY_PARAGRAPHS, centre_lines=1),
        "11 其他材料/营业执照.pdf": scan_pdf(
            [_scan(LICENCE_LINES[0], LICENCE_LINES[1:], stamp="柳州市行政审批局", stamp_at=(930, 1480),
                   title_size=64)], title="营业执照"),
        f"{unit_dir}/承诺书.pdf": scan_pdf(
            [_scan(COMMITMENT_LINES[0], COMMITMENT_LINES[1:], stamp=UNIT, stamp_at=(900, 1060), seed=4)],
            title="承诺书"),
        f"{unit_dir}/审议推荐意见及评议专家名单.pdf": scan_pdf(
            [_scan(REVIEW_LINES[0], REVIEW_LINES[1:], stamp=UNIT, stamp_at=(900, 860), seed=5),
             _scan(EXPERT_LINES[0], EXPERT_LINES[1:], stamp=UNIT, stamp_at=(900, 900))],
            title="审议推荐意见"),
        f"{unit_dir}/单位内部公示材料.pdf": text_pdf("", PUBLICITY_LINES, stamp=UNIT, centre_lines=1, size=12),
        f"{unit_dir}/单位推荐意见.pdf": text_pdf(RECOMMENDATION_LINES[0], RECOMMENDATION_LINES[1:], stamp=UNIT),
    }


def _paper_pdf() -> bytes:
    """The paper as published: two pages with a text layer, the journal's running head."""
    first, second = PAPER_PAGES
    paragraphs = first[1:] + second
    return text_pdf("", paragraphs, header=first[0], centre_lines=3, size=10.5)


def missing_items(files: dict[str, bytes]) -> dict[str, bytes]:
    """No business licence, no work summary."""
    return {k: v for k, v in files.items() if not k.startswith(("11 其他材料/营业执照", "10 专业技术工作总结/"))}


def short_summary(files: dict[str, bytes]) -> dict[str, bytes]:
    """The work summary cut to about 1,800 字."""
    out = dict(files)
    out["10 专业技术工作总结/专业技术工作总结.pdf"] = text_pdf(SUMMARY_TITLE, SHORT_SUMMARY_PARAGRAPHS, centre_lines=1)
    return out


def pension_gap(files: dict[str, bytes]) -> dict[str, bytes]:
    """2024-03 paid at another unit; 2024-05 and 2024-06 unpaid (欠费); no unit-change explanation."""
    out = dict(files)
    out["06-2 个人社保缴纳记录/养老保险缴费明细(2023.8-2024.7).xlsx"] = pension_xlsx(
        lambda month: OTHER_UNIT if month == (2024, 3) else UNIT, unpaid=[(2024, 5), (2024, 6)])
    return out


def bad_photo_sample(files: dict[str, bytes]) -> dict[str, bytes]:
    """A grey, half-body-like photo with a small face."""
    out = dict(files)
    out["01 基本信息/个人证件照.jpg"] = bad_photo()
    return out


def paper_incomplete(files: dict[str, bytes]) -> dict[str, bytes]:
    """The 代表作 without its 版权页 and its 国家新闻出版署 screenshot."""
    return {k: v for k, v in files.items()
            if not (k.startswith("09 学术成果/") and k.endswith(("版权页.jpg", "国家新闻出版署期刊查询截图.png")))}


def broken_files(files: dict[str, bytes]) -> dict[str, bytes]:
    """Six broken files in place of good ones."""
    out = dict(files)
    licence = "11 其他材料/营业执照.pdf"
    out[licence] = files[licence][: len(files[licence]) * 3 // 5]  # truncated mid-stream, no xref, no %%EOF
    commitment = "12 单位审核推荐材料（由单位上传）/承诺书.pdf"
    out[commitment] = encrypted_pdf(files[commitment], "20240819")
    appointment = "07-1 专业技术工作经历/项目技术负责人任命文件.pdf"
    out[appointment] = jpeg_bytes(page_image(_scan(APPOINTMENT_LINES[0], APPOINTMENT_LINES[1:], stamp=UNIT,
                                                   stamp_at=(900, 1000), seed=1)))  # a JPEG named .pdf
    achievement_2 = f"08-1 业绩成果/业绩2-{PROJECT_2}/竣工验收证明书.pdf"
    out[achievement_2] = b""
    del out["01 基本信息/个人证件照.jpg"]
    out["01 基本信息/个人证件照.heic"] = heic_bytes()
    del out["10 专业技术工作总结/专业技术工作总结.pdf"]
    out["10 专业技术工作总结/专业技术工作总结.doc"] = legacy_doc_bytes()
    return out


def direct_application(files: dict[str, bytes]) -> dict[str, bytes]:
    """Route 直接申报, without the 附件5 approval form."""
    out = dict(files)
    out["zccheck.toml"] = FACTS.replace("{route}", "直接申报").encode("utf-8")
    return out


VARIANTS: dict[str, Callable[[dict[str, bytes]], dict[str, bytes]]] = {
    "missing-items": missing_items,
    "short-summary": short_summary,
    "pension-gap": pension_gap,
    "bad-photo": bad_photo_sample,
    "paper-incomplete": paper_incomplete,
    "broken-files": broken_files,
    "direct-application": direct_application,
}


# --------------------------------------------------------------------------------------------------------
# Broken bytes


@contextmanager
def _fixed_pypdf_ids():
    """pypdf draws its file identifiers from `secrets`; pin them so the encrypted PDF is reproducible."""
    import secrets

    original = secrets.token_bytes
    secrets.token_bytes = lambda n=16: bytes((7 * i + 11) % 256 for i in range(n or 16))
    try:
        yield
    finally:
        secrets.token_bytes = original


def encrypted_pdf(data: bytes, password: str) -> bytes:
    """`data` re-written with a user password (RC4-128, as many office tools still do)."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for page in PdfReader(io.BytesIO(data)).pages:
        writer.add_page(page)
    writer.add_metadata({"/Producer": "Scanner"})
    with _fixed_pypdf_ids():
        writer.encrypt(user_password=password, owner_password="owner-" + password, algorithm="RC4-128")
        buffer = io.BytesIO()
        writer.write(buffer)
    return buffer.getvalue()


def heic_bytes() -> bytes:
    """The start of an HEIC file as iPhones write it: an ftyp box with brand 'heic', then a meta box."""
    ftyp = b"ftypheic" + b"\x00\x00\x00\x00" + b"mif1heicmiaf"
    box = len(ftyp).to_bytes(4, "big") + ftyp
    meta = b"meta" + b"\x00" * 4 + b"hdlr" + b"\x00" * 8 + b"pict" + b"\x00" * 64
    return box + (len(meta) + 4).to_bytes(4, "big") + meta + bytes(range(256)) * 8


def legacy_doc_bytes() -> bytes:
    """An OLE2 compound-file header (Word 97-2003 .doc): D0 CF 11 E0 A1 B1 1A E1, then a minimal header."""
    header = bytearray(512)
    header[0:8] = bytes.fromhex("D0CF11E0A1B11AE1")
    header[24:26] = (0x003E).to_bytes(2, "little")   # minor version
    header[26:28] = (0x0003).to_bytes(2, "little")   # major version 3
    header[28:30] = (0xFFFE).to_bytes(2, "little")   # byte order
    header[30:32] = (9).to_bytes(2, "little")        # sector shift (512)
    header[32:34] = (6).to_bytes(2, "little")        # mini sector shift
    body = "WordDocument 专业技术工作总结".encode("utf-16-le").ljust(1536, b"\x00")
    return bytes(header) + body


# --------------------------------------------------------------------------------------------------------
# Writing


class _GbkZipInfo(zipfile.ZipInfo):
    """A member whose name is written in GBK without the UTF-8 flag, as Windows' built-in zip tool does."""

    def _encodeFilenameFlags(self):  # overrides zipfile's private hook (camelCase is its name)
        return self.filename.encode("gbk"), self.flag_bits & ~0x800


def gbk_zip(files: dict[str, bytes], top: str) -> bytes:
    """Zip `files` under the folder `top` with GBK names, fixed timestamps and MS-DOS attributes."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as archive:
        for rel in sorted(files):
            info = _GbkZipInfo(f"{top}/{rel}", date_time=FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 0
            info.create_version = 20
            info.extract_version = 20
            info.external_attr = 0x20  # FILE_ATTRIBUTE_ARCHIVE
            archive.writestr(info, files[rel])
    return buffer.getvalue()


def write_tree(root: Path, files: dict[str, bytes]) -> None:
    """Write `files` under `root` (which must not exist yet)."""
    for rel in sorted(files):
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(files[rel])


def generate(out: Path) -> dict[str, int]:
    """Write every sample under `out`; return bytes written per sample."""
    if cjk_font_path() is None:
        print("warning: no CJK font found; scanned pages will lack Chinese text and differ from the "
              "committed samples", file=sys.stderr)
    out.mkdir(parents=True, exist_ok=True)
    complete = complete_files()
    sizes: dict[str, int] = {}
    for name in SAMPLES:
        target = out / name
        if target.exists():
            shutil.rmtree(target)
        files = complete if name == "complete" else VARIANTS[name](complete)
        write_tree(target, files)
        sizes[name] = sum(len(v) for v in files.values())
    archive = gbk_zip(complete, ZIP_TOP)
    (out / ZIP_NAME).write_bytes(archive)
    sizes[ZIP_NAME] = len(archive)
    return sizes


def main(argv: list[str] | None = None) -> int:
    """Command line: generate the samples and print their sizes."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=HERE, help="folder to write into (default: samples/)")
    args = parser.parse_args(argv)
    sizes = generate(args.out)
    for name, size in sizes.items():
        print(f"{name:22s} {size / 1024:8.1f} KiB")
    print(f"{'total':22s} {sum(sizes.values()) / 1024:8.1f} KiB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
