"""Probe of who and where (issue 16): organization, positions, position counts, speaker, date_of_text.

Short pages written for this probe (none copied from a site or the devset), each in the forms real pages use
(spun synonyms, traditional script, hard line breaks, full-width digits, Chinese numerals, masked names, a
unit named only in the title or the signature, a table of posts flattened into lines). Each page is run
through the whole pipeline (``process_page``), as ingest runs it; a case expects, per field, spans of its
text: a fact is *found* when an extracted value of that field has its evidence inside the span (compared
folded, as ``jianghua evaluate devset`` does); values of these fields whose evidence lies in no expected
span are *outside* (a precision loss) -- a case with ``[]`` for a field expects nothing there.

    python bench/probe_who_where.py [--verbose]
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter

from jianghua.stages.runner import process_page
from jianghua.training.devset import fold, value_evidences

FIELDS = ("organization", "positions", "position_counts.total", "position_counts.principal", "position_counts.deputy",
          "speaker", "date_of_text", "panel")

# (name, page text, {field: [spans]})
CASES: list[tuple[str, str, dict[str, list[str]]]] = [
    # --- organization ----------------------------------------------------------------------------------------
    ("org-issuer-line",
     "县委组织部关于选派优秀年轻干部到村任职的通知\n各乡镇党委，县直各单位：\n为加强农村基层组织建设，"
     "决定从县直机关选派20名优秀年轻干部到村任职。请各单位按要求做好推荐工作。\n县委组织部\n2023年4月6日",
     {"organization": ["县委组织部"], "date_of_text": ["2023年4月6日"]}),
    ("org-subject-long-name",
     "机关中层干部竞争上岗实施方案\n为进一步深化干部人事制度改革，市人力资源和社会保障局决定在局机关开展中层干部竞争上岗工作。"
     "现制定如下方案。\n一、竞争岗位\n本次竞争上岗岗位共5个。",
     {"organization": ["市人力资源和社会保障局"], "position_counts.total": ["岗位共5个"]}),
    ("org-our-bureau-party-group",
     "股级干部竞聘工作方案\n经局党组研究，决定在局机关开展股级干部竞聘工作，具体方案如下。\n一、竞聘职位\n"
     "办公室主任1职、财务股股长1职、综合股副股长2职。",
     {"organization": ["经局党组研究"], "positions": ["办公室主任1职", "财务股股长1职", "综合股副股长2职"],
      "position_counts.deputy": ["综合股副股长2职"]}),
    ("org-only-in-title",
     "青山县财政局中层干部竞争上岗实施方案\n为激发干部干事创业活力，结合我局实际，制定本方案。\n一、指导思想\n"
     "坚持公开、平等、竞争、择优的原则。\n二、竞争职位\n本次拿出3个中层职位进行竞争上岗。",
     {"organization": ["青山县财政局"], "position_counts.total": ["3个中层职位"]}),
    ("org-signature-end",
     "关于开展机关中层岗位竞聘的通知\n局属各科室：\n经研究，决定于近期开展机关中层岗位竞聘工作，"
     "请符合条件的同志踊跃报名。\n\n中共青山县水利局党组\n2022年9月12日",
     {"organization": ["中共青山县水利局党组"], "date_of_text": ["2022年9月12日"]}),
    ("org-traditional",
     "關於公開選拔副科級領導幹部的公告\n經縣委常委會研究決定，面向全縣公開選拔副科級領導幹部12名。現將有關事項公告如下。",
     {"organization": ["經縣委常委會研究決定"], "position_counts.deputy": ["副科級領導幹部12名"]}),
    ("org-spun-synonyms",
     "关于果真竞聘中层治理岗位的通知\n各部门：\n公司党委研究决定，在公司本部果真竞聘中层治理岗位6个。现将有关事情通知如下。",
     {"organization": ["公司党委"], "position_counts.total": ["岗位6个"]}),
    ("org-masked-name",
     "××县交通运输局机关股级干部竞争上岗方案\n经××县交通运输局党组研究决定，在局机关开展股级干部竞争上岗。\n"
     "一、竞争职位\n职位共4个。",
     {"organization": ["××县交通运输局党组"], "position_counts.total": ["职位共4个"]}),
    ("org-news-report",
     "县自然资源局举行中层干部竞聘演讲\n本报讯 6月18日，县自然资源局中层干部竞聘演讲答辩会在局三楼会议室举行。"
     "23名干部参加竞聘，角逐8个中层岗位。",
     {"organization": ["县自然资源局"], "position_counts.total": ["8个中层岗位"]}),
    ("org-dispatching-unit",
     "市委组织部选派干部到乡镇挂职\n今年以来，市委组织部认真落实省委部署，从市直机关选派46名年轻干部到乡镇挂职锻炼，挂职时间为一年。",
     {"organization": ["市委组织部"]}),
    # --- positions and counts --------------------------------------------------------------------------------
    ("pos-colon-list",
     "中层干部竞聘公告\n经研究，决定开展中层干部竞聘。\n竞聘岗位：办公室主任、财务科科长、人事科副科长。\n请于5月8日前报名。",
     {"positions": ["办公室主任", "财务科科长", "人事科副科长"]}),
    ("pos-fenbie-shi",
     "中层岗位竞聘方案\n本次竞聘岗位共两个，分别是：综合办公室副主任、规划发展科科长。",
     {"positions": ["综合办公室副主任", "规划发展科科长"], "position_counts.total": ["岗位共两个"]}),
    ("pos-dept-count-then-lines",
     "中层干部竞聘上岗实施方案\n一、竞聘部门及岗位\n竞聘部门及岗位6个：\n1.办公室主任\n2.人事科科长\n3.财务科科长\n"
     "4.后勤服务中心主任\n5.信息科副科长\n6.保卫科副科长\n二、报名条件\n年龄在45周岁以下。",
     {"positions": ["办公室主任", "人事科科长", "财务科科长", "后勤服务中心主任", "信息科副科长", "保卫科副科长"],
      "position_counts.total": ["岗位6个"]}),
    ("pos-traditional-brackets",
     "機關中層幹部競爭上崗方案\n一、競爭職位\n本次競爭職位為：科長（主任）、副科長（副主任）。\n二、基本條件\n具有大學本科以上學歷。",
     {"positions": ["科長（主任）", "副科長（副主任）"]}),
    ("pos-ranked-counts",
     "中层干部竞争上岗动员会讲话\n同志们：\n这次竞争上岗共拿出中层岗位8个，其中正职3名、副职5名。希望大家积极参与。",
     {"position_counts.principal": ["正职3名"], "position_counts.deputy": ["副职5名"],
      "position_counts.total": ["中层岗位8个"]}),
    ("pos-fullwidth-digits",
     "中层干部竞争上岗动员会讲话\n同志们：\n这次竞争上岗共拿出中层岗位８个，其中正职３个、副职５个。",
     {"position_counts.principal": ["正职３个"], "position_counts.deputy": ["副职５个"],
      "position_counts.total": ["中层岗位８个"]}),
    ("pos-chinese-numerals",
     "股级干部竞聘工作总结\n我局共拿出股级岗位九个，其中正股级职位四个、副股级职位五个，36名干部报名参加。",
     {"position_counts.principal": ["正股级职位四个"], "position_counts.deputy": ["副股级职位五个"],
      "position_counts.total": ["股级岗位九个"]}),
    ("pos-flattened-table",
     "竞聘岗位一览表\n序号\n岗位名称\n职数\n1\n综合科科长\n1\n2\n财务科副科长\n2\n3\n档案室主任\n1\n以上岗位面向局机关全体干部。",
     {"positions": ["综合科科长", "财务科副科长", "档案室主任"]}),
    ("pos-hard-break",
     "中层干部竞聘方案\n本次竞聘设置的岗位分别为：办公室主任、人力资源部经理、市场营\n销部副经理、安全质量部副经理。\n"
     "请各部门组织干部报名。",
     {"positions": ["办公室主任", "人力资源部经理", "市场营\n销部副经理", "安全质量部副经理"]}),
    ("pos-by-post-count-lines",
     "公开竞聘公告\n二、竞聘岗位及职数\n综合办公室主任（1名）\n生产技术部经理（1名）\n客户服务部副经理（2名）\n三、报名条件\n中共党员。",
     {"positions": ["综合办公室主任（1名）", "生产技术部经理（1名）", "客户服务部副经理（2名）"]}),
    ("pos-deputy-count-words",
     "竞争上岗工作方案\n这次共设置竞争岗位12个，其中正科级职位4个、副科级职位8个。",
     {"position_counts.principal": ["正科级职位4个"], "position_counts.deputy": ["副科级职位8个"],
      "position_counts.total": ["竞争岗位12个"]}),
    # --- speaker -----------------------------------------------------------------------------------------------
    ("spk-label",
     "在全县选派干部驻村动员会上的讲话\n讲话人：县委副书记 王建华\n同志们：\n今天召开会议，对选派干部驻村工作进行动员。",
     {"speaker": ["县委副书记 王建华"]}),
    ("spk-title-name",
     "刘国强同志在全市选调生工作座谈会上的讲话\n同志们：\n今天我们召开选调生工作座谈会，听取大家的意见。",
     {"speaker": ["刘国强"]}),
    ("spk-subtitle-byline",
     "扎实做好干部挂职工作\n——在全县挂职干部座谈会上的讲话\n县委常委、组织部部长 ×××\n同志们：\n今天召开座谈会。",
     {"speaker": ["县委常委、组织部部长 ×××"]}),
    ("spk-signature-end",
     "在中层干部竞争上岗动员大会上的讲话\n同志们：\n今天召开动员大会，对中层干部竞争上岗工作进行部署。希望大家积极参与。\n"
     "谢谢大家！\n局党组书记、局长 陈志明",
     {"speaker": ["局党组书记、局长 陈志明"]}),
    ("spk-traditional-title",
     "縣委書記在全縣幹部駐村動員大會上的講話\n同志們：\n今天召開動員大會。",
     {"speaker": ["縣委書記"]}),
    # --- date_of_text ------------------------------------------------------------------------------------------
    ("date-under-title",
     "在全镇驻村工作推进会上的讲话\n（2023年3月5日）\n同志们：\n今天召开推进会。",
     {"date_of_text": ["2023年3月5日"]}),
    ("date-end-chinese",
     "关于开展中层干部竞聘工作的通知\n各科室：\n经研究，决定开展中层干部竞聘工作。\n县卫生健康局\n二〇二三年五月六日",
     {"date_of_text": ["二〇二三年五月六日"], "organization": ["县卫生健康局"]}),
    ("date-fullwidth",
     "在全局竞争上岗动员会上的讲话\n２０２２年１０月９日\n同志们：\n今天召开动员会。",
     {"date_of_text": ["２０２２年１０月９日"]}),
    ("date-in-subtitle",
     "凝心聚力推进驻村帮扶\n——在2023年3月5日全县驻村工作会议上的讲话\n同志们：\n今天召开会议。",
     {"date_of_text": ["2023年3月5日"]}),
    ("date-end-iso",
     "关于公开遴选机关工作人员的公告\n经研究，决定面向全县公开遴选机关工作人员10名。\n县委组织部\n2021-06-18",
     {"date_of_text": ["2021-06-18"]}),
    # --- harder forms (second round) ---------------------------------------------------------------------------
    ("org-news-title-only",
     "县教育局举行中层干部竞聘演讲答辩会\n6月18日上午，中层干部竞聘演讲答辩会在局三楼会议室举行，15名干部参加竞聘，角逐6个中层岗位。",
     {"organization": ["县教育局"], "position_counts.total": ["6个中层岗位"]}),
    ("org-report-title-only",
     "青山镇机关中层岗位竞争上岗工作总结\n今年以来，我镇按照上级要求，在镇机关开展了中层岗位竞争上岗工作，共拿出7个岗位，取得了较好效果。",
     {"organization": ["青山镇"], "position_counts.total": ["7个岗位"]}),
    ("org-plan-title-issuer",
     "中共青山县委组织部关于开展优秀年轻干部到村任职工作的实施方案\n为加强基层组织建设，决定选派30名优秀年轻干部到村任职，任期两年。",
     {"organization": ["中共青山县委组织部"]}),
    ("org-company-decides",
     "公司中层管理人员竞聘上岗动员讲话\n同志们：\n经公司党委会研究决定，拿出5个中层管理岗位面向全公司竞聘。",
     {"organization": ["经公司党委会研究决定"], "position_counts.total": ["5个中层管理岗位"]}),
    ("pos-each-count",
     "股级干部竞聘公告\n经研究，决定公开竞聘综合股股长、财务股股长各1名，业务股副股长2名。",
     {"positions": ["综合股股长", "财务股股长各1名", "业务股副股长2名"], "position_counts.deputy": ["业务股副股长2名"]}),
    ("pos-two-posts-numeral",
     "关于公开竞聘团委书记等职位的通知\n各单位：\n经研究，决定面向全校公开竞聘团委书记、工会副主席两个岗位。",
     {"positions": ["团委书记", "工会副主席"], "position_counts.total": ["两个岗位"]}),
    ("pos-list-you",
     "中层干部竞聘方案\n本次竞聘的岗位有：教务处副处长、学生处副处长、后勤处处长。\n报名时间为3月1日至3月5日。",
     {"positions": ["教务处副处长", "学生处副处长", "后勤处处长"]}),
    ("pos-label-lines",
     "机关中层岗位竞聘方案\n竞聘职位：\n（一）办公室副主任\n（二）组织人事科科长\n（三）纪检监察室主任\n报名条件：中共党员，本科以上学历。",
     {"positions": ["办公室副主任", "组织人事科科长", "纪检监察室主任"]}),
    ("pos-nidaoxuan",
     "公开选拔公告\n根据工作需要，拟选拔办公室主任1名，业务科科长2名。",
     {"positions": ["办公室主任1名", "业务科科长2名"]}),
    ("cand-yingpin",
     "竞聘演讲稿\n尊敬的各位领导、各位评委：\n大家好！我应聘的岗位是客户服务部经理。我叫李明，今年34岁。",
     {"positions": ["客户服务部经理"]}),
    ("cand-traditional",
     "競聘演講稿\n各位領導、同事們：\n大家好！我競聘的崗位是財務科副科長。我於2010年參加工作。",
     {"positions": ["財務科副科長"]}),
    ("cand-header-line",
     "竞聘演讲\n竞聘岗位：办公室副主任\n竞聘人：王丽\n尊敬的各位领导：\n大家好！感谢组织给我这次机会。",
     {"positions": ["办公室副主任"]}),
    ("seconded-county",
     "挂职干部座谈会讲话\n同志们：\n这批同志到我县挂职，分别挂任县长助理和乡镇党委副书记，挂职时间一年。",
     {"positions": ["县长助理", "乡镇党委副书记"]}),
    ("spk-name-role-then-speech",
     "张立新书记在全市选派干部驻村工作会议上的讲话\n同志们：\n今天召开全市选派干部驻村工作会议。",
     {"speaker": ["张立新书记"]}),
    ("spk-news-said",
     "县委组织部召开选调生座谈会\n3月6日，县委组织部召开选调生座谈会。县委常委、组织部部长王海涛出席会议并讲话。",
     {"speaker": ["县委常委、组织部部长王海涛"], "organization": ["县委组织部"]}),
    ("spk-news-emphasized",
     "市水务集团召开中层干部竞聘动员会\n会上，集团党委书记、董事长李建平强调，要坚持公开公正，选出想干事、能干事的干部。",
     {"speaker": ["集团党委书记、董事长李建平"], "organization": ["市水务集团"]}),
    ("spk-masked-end",
     "在驻村工作队员培训会上的讲话\n同志们：\n今天召开培训会，请大家认真学习。\n县委副书记  ×××\n2023年2月10日",
     {"speaker": ["县委副书记  ×××"], "date_of_text": ["2023年2月10日"]}),
    ("date-end-dots",
     "关于选派干部驻村的通知\n各单位：\n经研究，决定选派干部驻村。\n县委组织部\n2023.04.06",
     {"date_of_text": ["2023.04.06"]}),
    ("date-zero-chinese",
     "在中层干部竞聘大会上的讲话\n二〇一九年七月十二日\n同志们：\n今天召开大会。",
     {"date_of_text": ["二〇一九年七月十二日"]}),
    # --- third round: speakers and dates as news and speech pages write them -------------------------------------
    ("spk-news-mobilized",
     "全县选派干部驻村动员会召开\n4月2日，全县选派干部驻村动员会召开。县委副书记、县长王明出席会议并作动员讲话。会议要求，驻村干部要吃住在村。",
     {"speaker": ["县委副书记、县长王明"]}),
    ("spk-news-in-meeting",
     "市直机关中层干部竞争上岗动员会召开\n市委常委、组织部部长张华在会上作动员讲话。他指出，竞争上岗是选人用人的重要方式。",
     {"speaker": ["市委常委、组织部部长张华"]}),
    ("spk-news-requirements",
     "县委召开选派干部座谈会\n5月9日，县委召开选派干部座谈会。县委书记李强对做好选派工作提出三点要求。",
     {"speaker": ["县委书记李强"], "organization": ["县委"]}),
    ("spk-title-bracket",
     "在全县挂职干部欢送会上的讲话（县委书记 王刚）\n同志们：\n今天我们在这里欢送挂职干部。",
     {"speaker": ["县委书记 王刚"]}),
    ("spk-author-note-end",
     "在全市选调生培训班开班式上的讲话\n同志们：\n今天选调生培训班开班了，我讲几点意见。\n（作者系市委常委、组织部部长）",
     {"speaker": ["市委常委、组织部部长"]}),
    ("spk-surname-role-title",
     "李书记在全镇中层干部竞聘动员会上的讲话\n同志们：\n今天召开动员会。",
     {"speaker": ["李书记"]}),
    ("date-before-speech-title",
     "2023年3月5日在全县驻村工作会议上的讲话\n同志们：\n今天召开会议。",
     {"date_of_text": ["2023年3月5日"]}),
    ("date-recording-note",
     "在中层干部竞聘工作会议上的讲话\n（2022年6月8日，根据录音整理）\n同志们：\n今天召开会议。",
     {"date_of_text": ["2022年6月8日"]}),
    ("date-month-only-end",
     "关于开展中层干部竞聘工作的实施意见\n为加强干部队伍建设，决定开展中层干部竞聘工作。\n县卫生健康局党组\n二○二三年三月",
     {"date_of_text": ["二○二三年三月"], "organization": ["县卫生健康局党组"]}),
    ("date-label",
     "在全局竞争上岗动员会上的讲话\n时间：2023年3月5日\n同志们：\n今天召开会议。",
     {"date_of_text": ["2023年3月5日"]}),
    # --- fourth round: unit words, signatures, lists before counts, flattened tables, panels -----------------------
    ("org-cooperative",
     "动员讲话\n同志们：\n今天，县供销社召开中层干部竞争上岗动员大会。",
     {"organization": ["县供销社"]}),
    ("org-school-news",
     "新闻\n近日，市第一中学举行中层干部竞聘上岗演讲答辩会。",
     {"organization": ["市第一中学"]}),
    ("org-party-group-meeting",
     "方案\n为加强干部队伍建设，经县林业局党组会议研究，决定在局机关开展股级干部竞争上岗。",
     {"organization": ["经县林业局党组会议研究"]}),
    ("spk-signature-long",
     "在中层干部竞争上岗动员大会上的讲话\n" + "同志们：\n" + "今天召开动员大会，对竞争上岗工作进行部署。\n" * 8 + "谢谢大家！\n" + "局党组书记、局长 陈志明",
     {"speaker": ["局党组书记、局长 陈志明"]}),
    ("spk-signature-bracket",
     "在中层干部竞争上岗动员大会上的讲话\n" + "同志们：\n" + "今天召开动员大会，对竞争上岗工作进行部署。\n" * 8 + "谢谢大家！\n" + "（县委副书记 王××）",
     {"speaker": ["县委副书记 王××"]}),
    ("spk-name-colon-title",
     "陈志明：在中层干部竞争上岗动员大会上的讲话\n同志们：\n今天召开动员大会。",
     {"speaker": ["陈志明"]}),
    ("pos-pair-before-count",
     "竞聘公告\n本次面向全局公开竞聘综合科科长和财务科副科长两个岗位。",
     {"positions": ["综合科科长", "财务科副科长"], "position_counts.total": ["两个岗位"]}),
    ("pos-lead-before-list",
     "竞聘工作总结\n这次竞争上岗共拿出办公室主任、人事科科长、财务科科长等6个中层职位。",
     {"positions": ["办公室主任", "人事科科长", "财务科科长"], "position_counts.total": ["等6个中层职位"]}),
    ("pos-table-columns",
     "竞聘公告\n一、竞聘岗位\n岗位名称\t职数\n综合科科长\t1\n财务科副科长\t2\n二、报名条件\n本科以上学历。",
     {"positions": ["综合科科长\t1", "财务科副科长\t2"]}),
    ("counts-colon",
     "竞争上岗实施方案\n竞聘职位数：正职：3个；副职：5个。",
     {"position_counts.principal": ["正职：3个"], "position_counts.deputy": ["副职：5个"]}),
    ("panel-raters-size",
     "中层干部竞聘方案\n评委由局领导班子成员、中层干部代表和职工代表共9人组成。",
     {"panel": ["局领导班子成员、中层干部代表和职工代表共9人组成"]}),
    ("panel-size-before-group",
     "竞聘工作总结\n演讲答辩会上，由局领导和各科室负责人组成的11人评委团现场打分。",
     {"panel": ["由局领导和各科室负责人组成的11人评委团"]}),
    ("panel-size-after-group",
     "中层干部竞聘方案\n评委9人，由局党组成员和外请专家组成。",
     {"panel": ["评委9人，由局党组成员和外请专家组成"]}),
    ("panel-invited",
     "中层干部竞聘方案\n聘请7名评委现场打分。",
     {"panel": ["聘请7名评委"]}),
]


def _field_of(name: str) -> str | None:
    for field in FIELDS:
        if name == field or name.startswith(field + "."):
            return field
    return None


def run(verbose: bool) -> tuple[Counter, Counter]:
    found, labelled, outside, values = Counter(), Counter(), Counter(), Counter()
    for name, text, expected in CASES:
        page = process_page(text.encode("utf-8"), f"{name}.txt")
        got: dict[str, list[str]] = {}
        for doc in page.documents:
            for field_name, evidences in value_evidences(doc.rules):
                field = _field_of(field_name)
                if field is None:
                    continue
                got.setdefault(field, []).extend(fold(e.get("text", "")) for e in evidences)
                values[field] += 1
                spans = [fold(s) for s in expected.get(field, [])]
                if not any(fold(e.get("text", "")) and fold(e.get("text", "")) in s for e in evidences for s in spans):
                    outside[field] += 1
                    if verbose:
                        print(f"  {name}: {field} outside: {evidences[0].get('text', '')!r}")
        for field, spans in expected.items():
            for span in spans:
                labelled[field] += 1
                hit = any(g and g in fold(span) for g in got.get(field, []))
                found[field] += hit
                if verbose and not hit:
                    print(f"  {name}: {field} missed: {span!r}")
    return Counter({f: (found[f], labelled[f]) for f in labelled}), Counter({f: (values[f] - outside[f], values[f]) for f in values})


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args()
    recall, precision = run(args.verbose)
    total_found = sum(v[0] for v in recall.values())
    total = sum(v[1] for v in recall.values())
    print(f"probe who/where: {len(CASES)} pages; facts found {total_found}/{total}")
    for field in FIELDS:
        if field in recall or field in precision:
            f, n = recall.get(field, (0, 0))
            p, v = precision.get(field, (0, 0))
            print(f"  {field:28s} found {f}/{n}   values in spans {p}/{v}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
