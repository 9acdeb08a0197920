"""The extractor's exact shortcuts (``jianghua.stages.extract.gates``) never change what it finds:

- a rules file's gate accepts every sentence in which its Matcher finds a match of that label (on
  every sentence of the seed pages, the sample corpus and a slice of the bench corpus), while still
  rejecting most sentences;
- gates derived from hand-made patterns (optional tokens, LOWER, lookarounds, empty IN...) agree with
  a Matcher built from the same patterns;
- a regex's requirement holds of every text the regex matches in;
- ``Context.select`` with its whole-text search and a cue selects exactly what a search of each
  sentence selects.
"""

from __future__ import annotations

import os
import random
import re
import sys
import tarfile

import pytest
from jianghua import resources
from jianghua.stages.extract import gates, nlp
from jianghua.stages.extract.context import Context
from jianghua.stages.extract.evidence import document_sentences

from tests.support import needs_screens

from ...conftest import BENCH

BENCH_FILES_PER_ARCHIVE = 25


def _bench_documents(tmp_path_factory):
    if not BENCH.exists():
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail(f"the bench corpus is not at {BENCH}; CI=true requires it")
        return []
    from jianghua import errors
    from jianghua.stages.runner import process_page

    documents = []
    folder = tmp_path_factory.mktemp("gates")
    for name in ("laws_zh_hans.tar.gz", "laws_zh_hant_tw.tar.gz"):
        with tarfile.open(BENCH / name) as archive:
            members = sorted((m for m in archive.getmembers() if m.isfile() and m.name.endswith(".txt")),
                             key=lambda m: m.name)[::97][:BENCH_FILES_PER_ARCHIVE]
            archive.extractall(folder, members=members, filter="data")
            for member in members:
                path = folder / member.name
                try:
                    documents += process_page(path.read_bytes(), str(path), "bench").documents
                except errors.Quarantine:
                    pass
    return documents


@pytest.fixture(scope="module")
def documents(seeds_dir, sample_documents, tmp_path_factory):
    from jianghua.stages.runner import process_page

    seeds = [doc for path in sorted(seeds_dir.iterdir())
             for doc in process_page(path.read_bytes(), str(path), "seeds").documents]
    return seeds + list(sample_documents) + _bench_documents(tmp_path_factory)


@pytest.fixture(scope="module")
def sentences(documents):
    found = sorted({sentence.text for doc in documents for sentence in document_sentences(doc)})
    assert len(found) > 2000
    return found


@pytest.fixture(scope="module")
def matched(sentences):
    """{rules file: {sentence: labels the Matcher finds in it}} over every sentence."""
    parse = nlp.nlp()
    result = {}
    for name in nlp.RULE_FILES:
        matcher = nlp.matcher(name)
        labels = {}
        for text in sentences:
            doc = parse(text)
            labels[text] = {doc.vocab.strings[match_id].partition("|")[0] for match_id, _s, _e in matcher(doc)}
        result[name] = labels
    return result


def _labels(name):
    entries = nlp.parse_pattern_lines(name, resources.data_lines(f"rules/{name}.jsonl"))
    return sorted({label for _n, label, _v, _p in entries})


@pytest.mark.seeds
@pytest.mark.parametrize("name", nlp.RULE_FILES)
def test_the_gate_accepts_every_sentence_the_matcher_matches(name, sentences, matched):
    for label in [None, *_labels(name)]:
        gate = nlp.gate(name, label)
        assert gate is not None, (name, label)  # every pattern of the shipped files gives a condition
        positives = [text for text in sentences if matched[name][text] and (label is None or label in matched[name][text])]
        assert positives or label == "SCALE", (name, label)  # the corpus exercises the gate
        missed = [text for text in positives if not gate(text)]
        assert not missed, (name, label, missed[:5])
        rejected = sum(not gate(text) for text in sentences)
        assert rejected > 0.5 * len(sentences), (name, label, rejected, len(sentences))


def test_the_scale_gate_on_its_own_patterns():
    parse, matcher = nlp.nlp(), nlp.matcher("cues")
    for text in ["成绩按百分制计算", "满分为一百分", "实行百分制", "按百分 制计算"]:
        found = bool(matcher(parse(text)))
        assert not found or nlp.gate("cues", "SCALE")(text), text


HAND_MADE = [
    [{"TEXT": "报名"}],
    [{"TEXT": {"IN": ["推荐", "自荐"]}}, {"TEXT": "表", "OP": "?"}],
    [{"TEXT": {"REGEX": "^(任前)?公示(期)?$"}}],
    [{"TEXT": {"REGEX": "考察$"}}, {"TEXT": {"NOT_IN": ["对象"]}}],
    [{"TEXT": "民主"}, {"TEXT": "测评", "OP": "+"}],
    [{"ORTH": "面试"}, {"IS_PUNCT": True, "OP": "*"}],
    [{"TEXT": {"IN": []}}, {"TEXT": "x"}],
]
UNGATED = [
    [{"LOWER": "abc"}],
    [{"TEXT": "答辩", "OP": "?"}],
    [{"TEXT": {"REGEX": "(?<=组织)考察"}}],
    [{"TEXT": {"REGEX": "^(?i)abc$"}}],
    [{"NORM": "x"}, {"TEXT": "y", "OP": "!"}],
]
TEXTS = ["请于6月12日前报名", "个人自荐表", "组织推荐", "任前公示期7天", "进行公示", "组织考察对象", "组织考察工作",
         "民主测评", "民主 测评", "面试，", "面 试", "报 名", "abc ABC", "x", "没有规则的句子。", "推荐自荐报名公示考察"]


def _entries(patterns):
    return [(number, "L", None, pattern) for number, pattern in enumerate(patterns, start=1)]


@needs_screens
def test_hand_made_gates_agree_with_the_matcher():
    parse = nlp.nlp()
    entries = _entries(HAND_MADE)
    matcher = nlp.build_matcher("rules/test.jsonl", entries)
    gate = gates.gate_for(entries, "L")
    assert gate is not None and gates.gate_for(entries, "OTHER").quick.search("报名") is None
    for text in TEXTS:
        if matcher(parse(text)):
            assert gate(text), text
    assert not gate("没有规则的句子。") and not gate("报 名") and not gate("x")


@pytest.mark.parametrize("pattern", UNGATED)
def test_a_pattern_without_a_text_condition_disables_the_gate(pattern):
    assert gates.gate_for(_entries([pattern, [{"TEXT": "报名"}]]), "L") is None


@needs_screens
@pytest.mark.parametrize(("regex", "condition"), [
    ("^(组织|个人|公开)?报名$", "(组织|个人|公开)?报名"),
    ("^a\\$$", "a\\$"),        # an escaped dollar sign stays
    ("^a\\\\$", "a\\\\"),      # an escaped backslash before the anchor
    ("a\\bb", None),           # an anchor inside
    ("(?P<x>a)", None),        # a named group
    ("(a)\\1", None),          # a back-reference
])
def test_unanchored(regex, condition):
    assert gates._unanchored(regex) == condition


REGEXES = [r"ab(?i:cd)", r"a(?:bc)+d", r"a(?:bc)?d", r"x(?=abc)", r"(?>abc)", r"ab{2}c*", r"[^ab]c",
           r"(?:ab|)c", r"[a-c]d|e[cd]", r"(?:ba|ca)(?:b|c)+a", r"a|b|c", r"(?:abc|bcd)d?(?:cab|dab)",
           r"(?<=a)bc", r"^ab$", r"a.c", r"a\sb", r"(?:a|b)(?:c|d)", r"(a)(?:\1|b)c", r"[abc]{2}d"]


@pytest.mark.parametrize("regex", REGEXES)
def test_a_requirement_holds_of_every_text_the_regex_matches_in(regex):
    pattern = re.compile(regex)
    rng = random.Random(regex)
    pieces = list("abcdexCD \n") + ["ab", "abc", "bcd", "cab", "dab", "bc"]
    texts = ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 8))) for _ in range(4000)]
    matching = [text for text in texts if pattern.search(text)]
    assert matching, regex
    assert all(gates.may_match(pattern, text) for text in matching), regex
    words = gates.requirement(pattern).best
    if words:
        assert all(any(word in text for word in words) for text in matching), regex


def _module_patterns():
    import jianghua.stages.extract  # noqa: F401  (loads every field module)

    found = []
    for name in ("application", "eligibility", "meta", "panel", "people", "periods", "positions", "procedure",
                 "scoring", "statistics", "timeline"):
        module = sys.modules[f"jianghua.stages.extract.{name}"]
        for value in vars(module).values():
            for item in value if isinstance(value, tuple) else (value,):
                item = item[1] if isinstance(item, tuple) else item
                if isinstance(item, re.Pattern):
                    found.append(item)
    found += list(sys.modules["jianghua.stages.extract.people"]._patterns().values())
    found += [pattern for _c, pattern, _e in resources.pattern_table("extract/organization.tsv")]
    return found


@pytest.mark.seeds
def test_the_extractors_regexes_never_miss_for_their_requirement(sentences):
    for pattern in _module_patterns():
        requirement = gates.requirement(pattern)
        for text in sentences:
            if pattern.search(text):
                assert requirement(text), (pattern.pattern[:60], text)


@needs_screens
@pytest.mark.seeds
def test_select_with_and_without_a_cue_equals_a_search_of_each_sentence(documents):
    scoring = sys.modules["jianghua.stages.extract.scoring"]
    timeline = sys.modules["jianghua.stages.extract.timeline"]
    application = sys.modules["jianghua.stages.extract.application"]
    people = sys.modules["jianghua.stages.extract.people"]
    prefilters = [scoring._PREFILTER, timeline._PREFILTER, application._PREFILTER, people._PREFILTER,
                  re.compile(r"[0-9]\s*(?:名|人|位|%|亿|万)"), re.compile(r"职位|岗位|职数"), re.compile(r"。\n?")]
    cues = [scoring._cue(), timeline._cue(), application._cue(), people._cue()]
    for doc in documents:
        ctx = Context(doc, "case")
        every = ctx.sentences
        for prefilter in prefilters:
            expected = [s for s in every if prefilter.search(s.text)]
            assert ctx.select(prefilter) == expected, prefilter.pattern
            for cue in cues:
                assert ctx.select(prefilter, cue) == [s for s in expected if cue.search(s.text)]


_DUMP_RULES = """
import json, sys
from pathlib import Path
from jianghua import errors
from jianghua.stages.runner import process_page
out = {}
for folder in sys.argv[1:]:
    for path in sorted(p for p in Path(folder).rglob("*") if p.is_file()):
        try:
            page = process_page(path.read_bytes(), str(path), path.parent.name)
        except errors.Quarantine:
            continue
        for doc in page.documents:
            out[f"{path.name}#{doc.ordinal}"] = doc.rules
print(json.dumps(out, ensure_ascii=False, sort_keys=True))
"""


def test_the_shortcuts_change_no_record_on_the_seeds_and_the_sample(seeds_dir):
    """Every record extracted with the gates, requirements and cues equals the one extracted with all
    of them off (JIANGHUA_NO_SHORTCUTS=1: the Matcher on every selected sentence, every regex tried):
    a rule added to an extractor but not to its cue would show up here."""
    import json
    import subprocess

    from ...conftest import SAMPLE

    def records(disabled: bool) -> dict:
        env = {k: v for k, v in os.environ.items() if k != "JIANGHUA_NO_SHORTCUTS"}
        if disabled:
            env["JIANGHUA_NO_SHORTCUTS"] = "1"
        done = subprocess.run([sys.executable, "-c", _DUMP_RULES, str(seeds_dir), str(SAMPLE)], env=env,
                              capture_output=True, text=True, check=True)
        return json.loads(done.stdout)

    fast, slow = records(False), records(True)
    assert len(fast) >= 30 and sum(bool(r["positions"]) for r in fast.values()) >= 5
    assert fast == slow


@needs_screens
def test_an_unexpected_parse_tree_turns_the_shortcuts_off_with_a_warning(monkeypatch):
    from jianghua.resources import pattern_table
    from jianghua.stages import screens
    from jianghua.stages.clean import LINE_PATTERNS

    monkeypatch.setattr(screens, "_SELF_CHECK", ((r"a(?:bc)+d", ("zz",), (), 4),))
    screens._parser_ok.cache_clear()
    screens._requirement.cache_clear()
    try:
        with pytest.warns(RuntimeWarning, match="shortcuts off"):
            assert screens._parser_ok() is False
        assert screens._parse("abc") is None and gates.plain_width("abc") is None
        assert screens.table_screen(pattern_table(LINE_PATTERNS)) is None  # clean tries every row
        assert not gates.requirement(re.compile("x(abc)y")).literals
    finally:
        monkeypatch.undo()
        screens._parser_ok.cache_clear()
        screens._requirement.cache_clear()
    assert screens._parser_ok() is True and gates.plain_width("abc") == 3
