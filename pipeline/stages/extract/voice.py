"""Whether a document states a campaign's rules at all, and in whose voice (the record's ``standing``).

Rules are taken only where rules are stated. A document is one of:

- ``rules``: a plan, notice, speech, report or news item that may state rules: everything is extracted;
- ``candidate``: a candidate's account of themselves (我叫…, 35岁, 中共党员 are biography, never
  eligibility): only the post competed for, the campaign's figures, the unit and cited documents;
- ``law``: law text (articles, 本法/本条例, 常务委员会) with no campaign in it: nothing (a law's 由常务委
  员会… names no campaign's people, 不满十六周岁 is no age limit);
- ``narrative`` (fiction), ``research`` (papers, digests), ``explainer`` (guides, Q&A, essays): they
  narrate or explain procedures in general; nothing is extracted.

The genre the classifier gave (``doc.classification``) is one piece of evidence, never the
only one: every decision also needs textual evidence (voice, narrative, directive or regulatory
phrasing), so a misclassified document is judged by what it says. Each test is a handful of regex
scans over the text (law text, most of the bench corpus, is settled by the first ones).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from ...document import Document
from ..settings import ExtractSettings, default_settings

RULES, CANDIDATE, LAW, NARRATIVE, RESEARCH, EXPLAINER = (
    "rules", "candidate", "law", "narrative", "research", "explainer")
STANDINGS = (RULES, CANDIDATE, LAW, NARRATIVE, RESEARCH, EXPLAINER)
# What each standing keeps: None is every field.
CANDIDATE_FIELDS = frozenset({"organization", "date_of_text", "positions", "position_counts", "cited_documents"})

# Law text: numbered articles and the legislator's own words.
_ARTICLE = re.compile(r"(?m)^\s*第\s*[一二三四五六七八九十百零〇0-9]{1,5}\s*条(?:之[一二三四五六七八九十])?")
_LAW_WORDS = re.compile(r"本法|本条例|本规定|本细则|本解释|本决定|本办法|本规则|本规程|本准则|常务委员会|审判委员会|人民代表大会|"
                        r"国务院令|主席令|总统令|最高人民法院|最高人民检察院|订定发布|制定公布|修正公布|修正发布")
# ... or a law's header: its legislative history (沿革：…字第 1000105050 号令订定发布) or the body that passed it.
_LAW_HEADER = re.compile(r"沿革[：:]|字第\s*[0-9A-Za-z]+\s*号|令第\s*[0-9]+\s*号|(?:订定|修正|制定)(?:发布|公布)全文\s*[0-9]+\s*条|(?:人民代表大会|常务委员会|审判委员会|检察委员会)[^。\n]{0,30}?会议通过|"
                         r"国务院(?:批准|发布|公布)")
# The words of a selection campaign: a regulation that uses them (选拔任用办法) is a campaign's rules.
_CAMPAIGN = re.compile(r"竞争上岗|竞聘|竞岗|公开选拔|遴选|选调|挂职|驻村|考察对象|民主测评|演讲答辩|任前公示")

# A candidate's voice: a self-introduction or the post one competes for, in the first person.
_SELF_INTRODUCTION = re.compile(r"我叫|我的名字|本人名叫|我是来自|我今年[0-9一二三四五六七八九十]+岁|本人现年")
_COMPETING = re.compile(r"(?:我|本人)(?:这次|今天|此次)?(?:报名|申请)?(?:竞聘|竞选|竞争|竞职|应聘)|"
                        r"(?:如果|假如|倘若|若)(?:我|本人)(?:有幸)?(?:竞聘|竞选|当选)|(?:如果|假如|倘若|若)有幸(?:竞聘|竞选|当选)|"
                        r"我(?:今天)?演讲的题目")
# (如果竞聘不成功 in a leader's speech is about the candidates, not the speaker: the conditional needs 我 or 有幸)
# ... or a title (the document's, or its first line) naming a competition speech: 竞聘科长的演讲稿
_COMPETING_TITLE = re.compile(r"竞(?:聘|选|职|岗|争上岗)[^，。；：\n]{0,12}?(?:演讲|报告|陈述)")
_LEADER_TITLE = re.compile(r"讲话|致辞|主持|动员|总结|会议|大会")  # 竞聘演讲答辩会领导总结讲话 is a leader's
# (a title line among the first lines of the text, no longer than a title: ``title_head_chars`` and
# ``title_line_chars``; a law's articles, header and campaign words: the ``law_*`` keys of ExtractSettings)
_FIRST_PERSON = re.compile(r"我(?![们局校县市区乡镇院所司厂行部委处科省国党])")
FIRST_PERSON_PER_1000 = 3.0  # a candidate speaks of 我 every few sentences; a leader of 我们

# Fiction: dialogue, chapters, narration of he/she.
# (the verb ends its word: “…”的原则，演讲答辩 / “…”的问题 quote no one)
_DIALOGUE = re.compile(r"[”\"][^“”\"\n，。；,;]{0,8}?(?:说|道|问|笑|喊|叹|答)(?=[，。：:！？,.!?…—]|道|着|了|$)|"
                       r"(?:说|道|问|喊)[：:]\s*[“\"]")
_CHAPTER = re.compile(r"第[0-9一二三四五六七八九十百零]{1,4}[章节回]|上一章|下一章|加入书签|书趣阁|笔趣阁")
_THIRD_PERSON = re.compile(r"[他她]")
# Research: abstracts, papers and digests.
_RESEARCH = re.compile(r"摘要|关键词|参考文献|本文|研究发现|撰文|论文|学报|[期刊]第[0-9]+期|所著|读完|书中|作者")
# Explainers, guides, essays, Q&A: general talk about how such things are done.
_EXPLAINER = re.compile(r"是什么意思|的含义|是指|写法|怎么写|如何写|怎么办|技巧|注意事项|范文|问[：:]|答[：:]|"
                        r"一般来说|通常|往往|例如|比如")
# ... of which these only explain (a speech says 比如 and 通常 too): an explainer has one of them at least.
_EXPLAINING_ONLY = re.compile(r"是什么意思|的含义|是指|写法|怎么写|如何写|怎么办|技巧|注意事项|问[：:]|答[：:]")
# Directive or regulatory phrasing: a text that states rules says who must, by when, how many.
_DIRECTIVE = re.compile(r"须|应当|不得|原则上|一律|(?:以下|以上)(?:学历|职称)|周岁以下|不超过|不少于|公示[0-9一二三四五六七八九十]|"
                        r"[0-9一二三四五六七八九十][:：∶︰比][0-9一二三四五六七八九十]|实施方案|报名条件|任职条件")


@dataclass(frozen=True)
class Standing:
    kind: str
    reason: str
    directive: int = 0  # how often the text uses directive or regulatory phrasing (counted where it is read)

    @property
    def states_rules(self) -> bool:
        return self.kind in (RULES, CANDIDATE)

    def keeps(self, field: str) -> bool:
        if self.kind == RULES:
            return True
        return self.kind == CANDIDATE and field in CANDIDATE_FIELDS

    def as_json(self) -> dict[str, Any]:
        return {"kind": self.kind, "reason": self.reason}


def _genre(doc: Document) -> str | None:
    classification = doc.classification
    return classification.get("genre") if isinstance(classification, dict) else None


def _per_1000(count: int, text: str) -> float:
    return 1000.0 * count / max(len(text), 200)


def _candidate_title(text: str) -> bool:
    found = _COMPETING_TITLE.search(text)
    return found is not None and not _LEADER_TITLE.search(text, found.start())


def standing(doc: Document, settings: ExtractSettings | None = None) -> Standing:
    """The document's standing (see the module docstring); ``settings``: the packaged defaults when None."""
    s = settings or default_settings().extract
    text = doc.text
    articles = len(_ARTICLE.findall(text))
    header = _LAW_HEADER.search(text, 0, s.law_header_chars)
    if header and articles >= s.law_min_articles:  # a law's own history over its articles: a law on selection (遴选办法) is a law
        return Standing(LAW, f"legislative header {header.group()!r} and {articles} articles")
    if (articles >= s.law_min_articles and _LAW_WORDS.search(text)) or header:
        campaign_words = 0
        for _found in _CAMPAIGN.finditer(text):
            campaign_words += 1
            if campaign_words > s.law_max_campaign_words:
                break
        if campaign_words <= s.law_max_campaign_words:
            why = f"legislative header {header.group()!r}" if header else f"{articles} articles and legislative wording"
            return Standing(LAW, f"{why}, no campaign")
    genre = _genre(doc)
    directive = len(_DIRECTIVE.findall(text))
    dialogue = len(_DIALOGUE.findall(text))
    chapters = len(_CHAPTER.findall(text))
    narration = _per_1000(len(_THIRD_PERSON.findall(text)) + 3 * dialogue, text)
    if (chapters and dialogue) or (dialogue >= 3 and narration >= 8.0 and directive < 3 * dialogue):
        return Standing(NARRATIVE, f"dialogue {dialogue}, chapters {chapters}, narration {narration:.1f}/1000")
    research = len(set(_RESEARCH.findall(text)))
    # (a report or plan from a journal index keeps its 摘要/关键词 lines: it is research only when those
    # markers outnumber its rule phrasing)
    if research >= 2 and (genre in (None, "other") or (research >= 3 and directive <= research)):
        return Standing(RESEARCH, f"{research} research markers")
    first_person = _per_1000(len(_FIRST_PERSON.findall(text)), text)
    introduced = bool(_SELF_INTRODUCTION.search(text))
    competing = bool(_COMPETING.search(text) or _candidate_title(doc.title) or any(
        _candidate_title(line) for line in text[:s.title_head_chars].split("\n")[:3] if len(line) <= s.title_line_chars))
    if competing and (genre == "candidate_speech" or introduced or first_person >= FIRST_PERSON_PER_1000):
        return Standing(CANDIDATE, f"first person {first_person:.1f}/1000, competing for a post"
                        + (", self-introduction" if introduced else ""))
    if genre == "other":
        explaining = len(_EXPLAINER.findall(text))
        if dialogue >= 2 or narration >= 8.0:
            return Standing(NARRATIVE, f"genre other; dialogue {dialogue}, narration {narration:.1f}/1000")
        if research:
            return Standing(RESEARCH, f"genre other; {research} research markers")
        if explaining >= 2 and explaining > directive and _EXPLAINING_ONLY.search(text):
            return Standing(EXPLAINER, f"genre other; general talk {explaining}, directive phrasing {directive}")
        if directive == 0 and first_person >= FIRST_PERSON_PER_1000:  # a participant's 心得体会: no rule is stated
            return Standing(EXPLAINER, f"genre other; a personal essay (first person {first_person:.1f}/1000), no directive phrasing")
    return Standing(RULES, f"directive phrasing {directive}", directive)
