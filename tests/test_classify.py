"""The classifier: golden seed labels, JSON inference against scikit-learn, refusal of incompatible
model files, script and truncation robustness, section roles."""

from __future__ import annotations

import json

import pytest
from jianghua import classify as cl
from jianghua.document import Document, Section
from jianghua.offsets import OffsetMap

from .conftest import GOLDEN

GOLDEN_LABELS = json.loads((GOLDEN / "classify_seeds.json").read_text(encoding="utf-8"))


def _doc(title: str, text: str, sections: list[Section] | None = None) -> Document:
    return Document(ordinal=1, title=title, text=text, original=text, omap=OffsetMap.identity(len(text)),
                    sections=sections or [])


@pytest.fixture(scope="module")
def model():
    return cl.load_model()


# --- golden: every seed document as a careful reader labels it --------------------------------------

@pytest.mark.seeds
def test_every_seed_document_is_annotated(seed_pages):
    annotated = {(name, int(k)) for name, docs in GOLDEN_LABELS.items() if not name.startswith("_") for k in docs}
    produced = {(name, doc.ordinal) for name, page in seed_pages.items() for doc in page.documents}
    assert annotated == produced


@pytest.mark.seeds
@pytest.mark.parametrize("name", sorted(k for k in GOLDEN_LABELS if not k.startswith("_")))
def test_seed_genre_and_topic(name, seed_pages, model):
    for doc in seed_pages[name].documents:
        expected = GOLDEN_LABELS[name][str(doc.ordinal)]
        got = cl.classify(doc, model)
        assert (got["genre"], got["topic"]) == (expected["genre"], expected["topic"]), (name, doc.ordinal, got["genre_probabilities"])


# --- the shipped model and the result shape ---------------------------------------------------------

def test_result_shape(model):
    result = cl.classify(_doc("在中层干部竞争上岗动员大会上的讲话", "同志们：\n今天召开动员大会，对竞争上岗工作进行部署。\n谢谢大家！"), model)
    assert result["genre"] == "mobilization_speech" and result["topic"] == "competitive_selection"
    assert set(result["genre_probabilities"]) == set(cl.GENRES)
    assert set(result["topic_probabilities"]) == set(cl.TOPICS)
    assert abs(sum(result["genre_probabilities"].values()) - 1) < 1e-9
    assert result["genre_confidence"] == max(result["genre_probabilities"].values())
    assert isinstance(result["low_confidence"], bool)
    assert result["top_features"]["genre"] and all({"feature", "weight"} <= set(f) for f in result["top_features"]["genre"])
    assert result["classifier"] == cl.CLASSIFIER_VERSION


def test_model_file_is_small_and_current(model):
    path = cl.default_model_path()
    with open(path, "rb") as handle:
        size = len(handle.read())
    assert size < 3_200_000
    assert model.meta["training"]["items"] >= 300
    assert model.meta["metrics"]["genre"]["macro_f1"] >= 0.90


def test_load_model_is_cached():
    assert cl.load_model() is cl.load_model()


def test_low_confidence_is_flagged_not_relabelled(model):
    result = cl.classify(_doc("", "这个文档几乎什么也没有说。"), model)
    assert result["genre"] in cl.GENRES
    assert result["low_confidence"] == (result["genre_confidence"] < cl.GENRE_MIN_CONFIDENCE
                                        or result["topic_confidence"] < cl.TOPIC_MIN_CONFIDENCE)


# --- refusal of model files -------------------------------------------------------------------------

def _shipped() -> dict:
    with open(cl.default_model_path(), encoding="utf-8") as handle:
        return json.load(handle)


@pytest.mark.parametrize(("key", "value", "message"), [
    ("format_version", 2, "format version 2"),
    ("sklearn_version", "2.0.1", "scikit-learn 2.0.1"),
    ("sklearn_version", "0.24.2", "scikit-learn 0.24.2"),
    ("classifier_version", "classifier.genre.v0", "classifier.genre.v0"),
    ("format", "something-else", "not a jianghua.genre-topic model"),
])
def test_incompatible_model_is_refused(tmp_path, key, value, message):
    data = _shipped()
    data[key] = value
    path = tmp_path / "model.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(cl.ModelError) as caught:
        cl.load_model(str(path))
    text = str(caught.value)
    assert caught.value.code == cl.MODEL_INCOMPATIBLE
    assert message in text and str(path) in text and "jianghua train" in text


def test_malformed_and_missing_model_are_refused(tmp_path):
    data = _shipped()
    data["heads"]["genre"]["coef"] = data["heads"]["genre"]["coef"][:2]
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(cl.ModelError, match="malformed"):
        cl.load_model(str(bad))
    broken = tmp_path / "broken.json"
    broken.write_text("{not json", encoding="utf-8")
    with pytest.raises(cl.ModelError, match="not valid JSON"):
        cl.load_model(str(broken))
    with pytest.raises(cl.ModelError) as caught:
        cl.load_model(str(tmp_path / "absent.json"))
    assert caught.value.code == cl.MODEL_MISSING and "jianghua train" in str(caught.value)


# --- JSON inference equals scikit-learn ------------------------------------------------------------

def test_json_inference_matches_sklearn_predict_proba(small_training):
    items, data, fitted = small_training
    from jianghua.train import design_matrix

    model = cl.model_from_dict(json.loads(json.dumps(data)))
    probes = items[::3] + [
        _item_like("在驻村工作队员欢送会上的讲话", "各位队员：\n明天你们就要出发了。祝大家工作顺利！"),
        _item_like("", "第一条 为规范竞争上岗工作，制定本办法。"),
        _item_like("短", "短"),
    ]
    matrix = design_matrix(fitted.vectorizer, probes)
    for name in ("genre", "topic"):
        expected = fitted.heads[name].predict_proba(matrix)
        head = model.heads[name]
        assert list(head.labels) == [str(c) for c in fitted.heads[name].classes_]
        for row, item in zip(expected, probes, strict=True):
            got, _logits = cl.predict_head(model, head, cl.vectorize(model, item.title, item.text))
            assert max(abs(a - b) for a, b in zip(got, row, strict=True)) < 1e-6, (name, item.title)


def _item_like(title: str, text: str):
    from jianghua.train import Item

    return Item("probe", "0", "other", "other", "probe", title, text, "probe")


# --- robustness -------------------------------------------------------------------------------------

SCRIPT_FLOOR = 0.95


@pytest.mark.seeds
def test_script_robustness_on_seeds_and_sample(seed_pages, sample_documents, model):
    """The same document in traditional script (OpenCC s2t) gets the same genre and topic."""
    from opencc import OpenCC

    s2t = OpenCC("s2t")
    docs = [doc for page in seed_pages.values() for doc in page.documents] + sample_documents
    same = 0
    for doc in docs:
        simplified = cl.classify(doc, model)
        traditional = cl.classify_text(s2t.convert(doc.title), s2t.convert(doc.text), model)
        same += (simplified["genre"], simplified["topic"]) == (traditional["genre"], traditional["topic"])
    share = same / len(docs)
    print(f"script robustness: {same}/{len(docs)} = {share:.1%}")
    assert share >= SCRIPT_FLOOR


def test_traditional_page_through_the_pipeline_gets_the_same_labels(sample_pages, model):
    """xuexi-hant/002 is the Big5, Taiwan-converted spun copy of fanwen-hans/001 #1."""
    original = sample_pages["fanwen-hans/001-zhongceng-jingzheng-shanggang-dongyuan-jingxuan.txt"].documents[0]
    copy = sample_pages["xuexi-hant/002-shichang-jianguan-dongyuan-big5.txt"].documents[0]
    a, b = cl.classify(original, model), cl.classify(copy, model)
    assert (a["genre"], a["topic"]) == (b["genre"], b["topic"]) == ("mobilization_speech", "competitive_selection")


@pytest.mark.seeds
def test_truncation_share_is_reported(seed_pages, sample_documents, model):
    docs = [d for page in seed_pages.values() for d in page.documents] + sample_documents
    long_docs = [d for d in docs if len(d.text) > 500]
    same = sum(cl.classify(d, model)["genre"] == cl.classify_text(d.title, d.text[:500], model)["genre"] for d in long_docs)
    share = same / len(long_docs)
    print(f"truncation robustness (first 500 chars, shipped model): {same}/{len(long_docs)} = {share:.1%}")
    cv = model.meta["metrics"]["truncation"]
    print(f"truncation robustness (cross-validated, model card): {cv['same_genre_share']:.1%} of {cv['documents']}")
    assert share >= 0.8 and cv["same_genre_share"] >= 0.8


# --- section roles ----------------------------------------------------------------------------------

ROLE_CASES = [
    ("一、", "一、统一思想，充分认识这次竞争上岗工作的重要意义", "mobilization_speech", "significance"),
    ("二、", "二、竞聘工作的指导思想、基本原则和有关规定。", "mobilization_speech", "guiding_principles"),
    ("（一）", "（一）竞聘职位", "mobilization_speech", "arrangements"),
    ("（三）", "（三）时间安排及方法程序", "plan_or_regulation", "arrangements"),
    ("三、", "三、竞聘工作的有关要求", "mobilization_speech", "requirements"),
    ("（四）", "（四）公道正派，严肃纪律。", "mobilization_speech", "requirements"),
    ("（一）", "（一）竞争上岗是人事制度改革的必然要求。", "mobilization_speech", "significance"),
    ("三要", "三要端正态度，统一认识。", "mobilization_speech", "requirements"),
    ("一是", "一是拓宽了选拔人才视野。", "meeting_speech", "results"),
    ("一、", "一、“党外干部挂职锻炼工作”实现了个人成长和工作推进的双丰收", "mobilization_speech", "results"),
    ("四、", "四、存在的问题和不足", "experience_report", "problems"),
    ("五、", "五、希望和号召", "mobilization_speech", "exhortation"),
    ("一、", "一、基本情况", "experience_report", "background"),
    ("四、", "四、成绩计算和递补", "plan_or_regulation", "arrangements"),
    ("一、", "一、坚持公正重“平等”。", "experience_report", "arrangements"),
    ("一是", "一是熟悉情况，有较强的综合协调能力。", "candidate_speech", "other"),
]


@pytest.mark.parametrize(("marker", "heading", "genre", "role"), ROLE_CASES)
def test_heading_roles(marker, heading, genre, role):
    doc = _doc("t", heading, [Section(level=1, marker=marker, heading=heading, start=0, end=len(heading))])
    assert cl.section_roles(doc, genre) == [role]


def test_unmatched_child_takes_its_parents_role():
    sections = [Section(1, "二、", "二、做好竞争上岗工作的几点要求", 0, 10),
                Section(2, "一是", "一是正视自己，选好适合自己的岗位。", 2, 10, parent=0)]
    assert cl.section_roles(_doc("t", "x" * 10, sections), "mobilization_speech") == ["requirements", "requirements"]


@pytest.mark.seeds
def test_section_roles_of_a_seed_speech(seed_pages):
    doc = seed_pages["000_86ae1a88adefc9d4.txt"].documents[1]
    roles = cl.section_roles(doc)
    assert len(roles) == len(doc.sections)
    assert roles[:3] == ["significance", "guiding_principles", "requirements"]
    assert set(roles) <= set(cl.ROLES)


def test_role_lexicon_bad_line_is_reported_as_file_line(monkeypatch):
    from jianghua import resources
    from jianghua.errors import ResourceError

    real_tsv = resources.tsv

    def fake_tsv(name, columns, min_columns=None):
        if name == cl.ROLE_RULES:
            return [(7, ["not_a_role", "x", ""])]
        return real_tsv(name, columns, min_columns)

    monkeypatch.setattr(resources, "tsv", fake_tsv)
    cl.role_rules.cache_clear()
    try:
        with pytest.raises(ResourceError, match=r"section_roles.tsv:7"):
            cl.role_rules()
    finally:
        cl.role_rules.cache_clear()


# --- the fast paths equal the plain computation ------------------------------------------------------
# classify_text counts only the vocabulary's n-grams with numpy, counts some structural cues with
# str.count, and screens headings before trying the role rules; each must give exactly (not nearly)
# what the straightforward computation gives.

EDGE_TEXTS = [
    ("", ""),
    ("短", "短"),
    ("ＡＢＣ İstanbul ΣΑΣ", "第一条　为了规范１２３.４５和٣٤٥，制定本办法。\t\n\n  \u3000\u2028\x85\x1c 𝟘𝟙 𠀀 \ud800 结束"),
    ("在中层干部竞争上岗动员大会上的讲话", "同志们：\n" + "今天召开动员大会，对竞争上岗工作进行部署。要求大家10.5%以上…\n" * 300 + "谢谢大家！"),
    ("關於競爭上崗工作的通知", "各單位：\n現將有關事項通知如下：\n一、競聘職位\n二、報名條件"),
]


def _plain_classify(model: cl.Model, title: str, text: str) -> dict:
    """classify_text as first written: a dict of every n-gram, fancy indexing, a full sort."""
    import numpy as np

    title, text = cl.canonical(title, text)
    vector = cl.vectorize_reference(model, title, text)
    indices = np.fromiter(vector.keys(), dtype=np.int64, count=len(vector))
    values = np.fromiter(vector.values(), dtype=np.float64, count=len(vector))
    result: dict = {"classifier": cl.CLASSIFIER_VERSION}
    tops, low = {}, False
    for name, floor in (("genre", cl.GENRE_MIN_CONFIDENCE), ("topic", cl.TOPIC_MIN_CONFIDENCE)):
        head = model.heads[name]
        weights = head.coef_matrix[:, indices]
        probabilities = cl._logits_to_probabilities((weights @ values + np.asarray(head.intercept)).tolist(), head.beta)
        best = max(range(len(head.labels)), key=lambda k: (probabilities[k], -k))
        result[name] = head.labels[best]
        result[f"{name}_confidence"] = probabilities[best]
        result[f"{name}_probabilities"] = dict(zip(head.labels, probabilities, strict=True))
        push = values * (weights[best] - weights.mean(axis=0))
        order = [i for i in np.lexsort((indices, -push)) if push[i] > 0]
        tops[name] = [{"feature": model.feature_name(int(indices[i])), "weight": round(float(push[i]), 4)}
                      for i in order[:cl.TOP_FEATURES]]
        low = low or probabilities[best] < floor
    result["low_confidence"] = low
    result["top_features"] = tops
    return result


def _texts(documents) -> list[tuple[str, str]]:
    return [(doc.title, doc.text) for doc in documents] + EDGE_TEXTS


def test_fast_classification_equals_the_plain_one(sample_documents, model):
    for title, text in _texts(sample_documents):
        canonical = cl.canonical(title, text)
        assert list(cl.vectorize(model, *canonical).items()) == list(cl.vectorize_reference(model, *canonical).items())
        assert cl.classify_text(title, text, model) == _plain_classify(model, title, text), title


@pytest.mark.seeds
def test_fast_classification_equals_the_plain_one_on_seeds(seed_pages, model):
    for title, text in _texts(doc for page in seed_pages.values() for doc in page.documents):
        assert cl.classify_text(title, text, model) == _plain_classify(model, title, text), title


def test_fast_vectors_equal_the_plain_ones_for_another_vocabulary(small_training, sample_documents):
    _items, data, _fitted = small_training
    other = cl.model_from_dict(json.loads(json.dumps(data)))
    for title, text in _texts(sample_documents[:10]):
        assert list(cl.vectorize(other, title, text).items()) == list(cl.vectorize_reference(other, title, text).items())


def test_gathered_and_centered_weights_are_the_plain_ones(sample_documents, model):
    """Head.columns gathers with take in the layout of coef_matrix[:, indices], and Head.centered holds
    per column what the mean over the gathered columns gives (numpy adds row after row either way:
    a column of 1e16 and six ones sums to 1e16, not 1e16 + 6)."""
    import numpy as np

    for title, text in _texts(sample_documents):
        indices, _values = cl._vector_arrays(model, *cl.canonical(title, text))
        for head in model.heads.values():
            weights = head.columns(indices)
            assert weights.strides == head.coef_matrix[:, indices].strides
            assert np.array_equal(weights, head.coef_matrix[:, indices])
            centered = weights - weights.mean(axis=0)
            for label in range(len(head.labels)):
                assert np.array_equal(head.centered[label][indices], centered[label])
    column = np.array([1e16, 1, 1, 1, 1, 1, 1.0])
    wide = np.tile(column[:, None], (1, 9))
    gathered = np.ascontiguousarray(wide.T).take([0, 4, 8], axis=0).T
    assert wide.mean(axis=0)[0] == gathered.mean(axis=0)[0] == 1e16 / 7


def test_a_vocabulary_beyond_the_tables_takes_the_plain_path(monkeypatch, sample_documents, model):
    title, text = sample_documents[0].title, sample_documents[0].text
    expected = cl.classify_text(title, text, model)
    monkeypatch.setattr(cl.Model, "gram_index", property(lambda _model: None))
    assert cl.classify_text(title, text, model) == expected == _plain_classify(model, title, text)


def test_ngram_codes_equal_ngram_text():
    import random

    import numpy as np

    rng = random.Random(0)
    alphabet = list("aZİẞΣ 0９٣²①\t\n\r\x0b\x0c\x1c\x1f\x85\xa0\u2028\u3000要是") + ["𝟘", "𠀀"]
    texts = EDGE_TEXTS + [("".join(rng.choices(alphabet, k=rng.randint(0, 5))), "".join(rng.choices(alphabet, k=rng.randint(0, 40))))
                          for _ in range(3000)] + [("t", "".join(rng.choices(alphabet[:-2], k=7000)))]
    for title, text in texts:
        expected = np.frombuffer(cl.ngram_text(title, text).encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
        assert np.array_equal(cl._ngram_codes(title, text), expected), (title, text)


def test_fast_structural_counts_equal_their_patterns(sample_documents):
    """A rate feature is defined by its regex (len(findall)); a faster count must agree everywhere."""
    import random
    import re

    rng = random.Random(0)
    texts = [doc.text for doc in sample_documents] + [text for _title, text in EDGE_TEXTS]
    for name, _part, function in cl._structural_table():
        if not hasattr(function, "pattern"):
            continue
        # random strings over the pattern's own characters, where overlaps and near misses abound
        alphabet = sorted(set(re.sub(r"\\[a-zA-Z]|[\\\[\](){}?*+|^$<=!:.,]", "", function.pattern.pattern))
                          | set("0１٣.。，、：: x\n"))
        randoms = ["".join(rng.choices(alphabet, k=rng.randint(0, 24))) for _ in range(3000)]
        for text in texts + randoms:
            assert function.count(text) == len(function.pattern.findall(text)), (name, text)


def test_role_screen_changes_no_role(sample_documents):
    def plain(heading: str, genre: str) -> str | None:
        for rule in cl.role_rules():
            if (not rule.genres or genre in rule.genres) and rule.pattern.search(heading):
                return rule.role
        return None

    headings = [s.heading for doc in sample_documents for s in doc.sections] + [case[1] for case in ROLE_CASES]
    headings += ["第三条 本办法所称的需要", "工作原则，", "坚持原则", "", "了解情况", "拓宽了视野"]
    for genre in cl.GENRES:
        for heading in headings:
            assert cl.heading_role(heading, genre) == plain(heading, genre), (genre, heading)


def _plain_section_roles(headings_and_parents, genre):
    """section_roles as first written: every rule of the genre tried in order on every heading."""
    roles = []
    for heading, parent in headings_and_parents:
        role = None
        for rule in cl.role_rules():
            if (not rule.genres or genre in rule.genres) and rule.pattern.search(heading):
                role = rule.role
                break
        if role is None and parent is not None and parent < len(roles):
            role = roles[parent]
        roles.append(role or cl.role_defaults().get(genre, "other"))
    return roles


def test_rules_the_finder_skips_change_no_role(sample_documents, seed_pages):
    import random

    rng = random.Random(1)
    documents = list(sample_documents) + [doc for page in seed_pages.values() for doc in page.documents]
    headings = [s.heading for doc in documents for s in doc.sections] + [case[1] for case in ROLE_CASES]
    headings += ["第三条 本办法所称的需要", "工作原则，", "坚持原则", "", "了解情况", "拓宽了视野", "不足之处", "存在问题",
                 "必然要求", "要求", "要", "重要", "问题和不足", "问题与不足的原因", "基本情况和工作回顾", "x", "\n"]
    strings = sorted({s for rule in cl.role_rules() for s in cl._required_strings(rule.pattern) or ()})
    alphabet = sorted(set("".join(strings)) | set("了为除重主需必只坚持，,。一、第条 x"))
    headings += strings + ["".join(rng.sample(strings, 2)) for _ in range(500)]
    # strings that overlap: the second starts inside the first, found only by searching on from there
    headings += [a + b[k:] for a in strings for b in strings for k in range(1, min(len(a), len(b))) if a[-k:] == b[:k]]
    headings += [a + a[k:] for a in strings for k in range(1, len(a)) if a[-k:] == a[:k]]
    headings += ["".join(rng.choices(alphabet, k=rng.randint(1, 12))) for _ in range(3000)]
    for genre in cl.GENRES:
        # one document per genre; every third section a child of the one before, to exercise inheritance
        sections = [Section(1, "", heading, 0, 1, parent=i - 1 if i % 3 == 2 else None) for i, heading in enumerate(headings)]
        got = cl.section_roles(_doc("t", "x", sections), genre)
        assert got == _plain_section_roles([(s.heading, s.parent) for s in sections], genre), genre


def test_longest_of_matches_what_the_longest_first_alternation_matches():
    import random
    import re

    rng = random.Random(2)
    sets = [["不足", "不足之处"], ["要", "要求", "需要"], ["ab", "abcd", "abd", "b", "bc"], ["a.b", "a", "(", "a(b"],
            sorted({s for rule in cl.role_rules() for s in cl._required_strings(rule.pattern) or ()})]
    for _ in range(200):
        sets.append(["".join(rng.choices("abc", k=rng.randint(1, 4))) for _ in range(rng.randint(1, 6))])
    for strings in sets:
        trie = re.compile(cl._longest_of(sorted(set(strings))))
        flat = re.compile("|".join(map(re.escape, sorted(set(strings), key=lambda s: (-len(s), s)))))
        alphabet = sorted(set("".join(strings)) | {"x"})
        for _ in range(200):
            text = "".join(rng.choices(alphabet, k=rng.randint(0, 10)))
            for pos in range(len(text) + 1):
                a, b = trie.search(text, pos), flat.search(text, pos)
                assert (a and a.span()) == (b and b.span()), (strings, text, pos)


def test_required_strings_of_a_pattern():
    import re

    assert cl._required_strings(re.compile("ab|c.d")) == {"ab", "c"}
    assert cl._required_strings(re.compile("(?<![重主])要(?![求点])")) == {"要"}
    assert cl._required_strings(re.compile("^[^，。]{0,16}(?<![为除])了(?!解)")) == {"了"}
    assert cl._required_strings(re.compile("存在的?问题|不足")) == {"存在", "不足"}  # 的? breaks the run
    assert cl._required_strings(re.compile(".")) is None
    assert cl._required_strings(re.compile("(?i)ab")) is None
    assert cl._required_strings(re.compile("ab", re.IGNORECASE)) is None


# --- the whole-text string scans, the vocabulary tables, the top features --------------------------

def _plain_structural(title: str, text: str) -> list[float]:
    """structural_features as first written: every feature on its own part."""
    parts = {"head": cl._head(title, text), "open": text[:200], "close": text[-150:].rstrip(), "text": text}
    return [function(parts[part]) for _name, part, function in cl._structural_table()]


def _scanned_strings() -> list[str]:
    return [string for _scan, rows in cl._literal_scans()[0] for string in rows]


def test_string_scans_give_the_features_one_by_one(sample_documents):
    import random

    names = [name for name, _part, _function in cl._structural_table()]
    scanned = {names[row] for row in cl._literal_scans()[1]}
    # the rates of plain strings share scans; single strings and real regexes are left alone
    assert {"rate_hope", "rate_results", "rate_reporting", "rate_percent", "cue_grassroots"} <= scanned
    assert not scanned & {"rate_le", "rate_women", "rate_yao", "rate_digits", "cue_competitive", "title_speech"}
    rng = random.Random(0)
    # the scanned strings cut in pieces and glued again: overlaps, near misses, one inside another
    pieces = sorted({string[i:j] for string in _scanned_strings() for i in range(len(string)) for j in range(i + 1, len(string) + 1)})
    pieces += ["了", "我们", "据", "成", "上", "\n", "，", "1"]
    texts = [(doc.title, doc.text) for doc in sample_documents] + EDGE_TEXTS
    texts += [("", "".join(rng.choices(pieces, k=rng.randint(0, 60)))) for _ in range(3000)]
    texts += [("", "".join(rng.choices(pieces, k=3000)))]
    for title, text in texts:
        assert cl.structural_features(title, text) == _plain_structural(title, text), text


@pytest.mark.seeds
def test_string_scans_give_the_features_one_by_one_on_seeds(seed_pages):
    for doc in (doc for page in seed_pages.values() for doc in page.documents):
        title, text = cl.canonical(doc.title, doc.text)
        assert cl.structural_features(title, text) == _plain_structural(title, text)


def test_strings_that_can_overlap_are_not_scanned_together(monkeypatch):
    """A made-up table: the scans must leave out what would change a count and still agree."""
    import random

    table = (
        ("a", "text", cl._rate("ab|bc|abc", 5)),  # overlaps among its own strings: findall settles them
        ("b", "text", cl._rate("cd|xy", 5)),  # bc ends where cd begins: another scan
        ("c", "text", cl._rate("[xz]", 5, cl._occurrences("x", "z"))),  # x is inside xy: a third scan
        ("d", "text", cl._rate("q+", 5, cl._occurrences("q", "qq"))),  # strings counted that overlap: left alone
        ("e", "text", cl._rate("z|w", 5)),
        ("f", "text", cl._rate("(?i)ab|cd", 5)),  # a flag: not plain strings
        ("g", "text", cl._rate("a.|b", 5)),  # a real regex
        ("h", "head", cl._found("ab|bc")),
        ("i", "text", cl._rate("bb", 5)),  # one string: its own scan
        ("j", "text", cl._rate("ww|wv", 5)),
        ("k", "text", cl._rate("k+", 5, cl._findall_count("kk|k"))),  # what the count does decides
    )
    monkeypatch.setattr(cl, "_structural_table", lambda: table)
    cl._literal_scans.cache_clear()
    try:
        scans, halves = cl._literal_scans()
        groups = [sorted({table[row][0] for row in rows.values()}) for _scan, rows in scans]
        assert groups == [["a", "c", "j", "k"], ["b", "e"]]
        assert sorted(halves) == [0, 1, 2, 4, 9, 10]
        rng = random.Random(0)
        for _ in range(5000):
            text = "".join(rng.choices("abcdxyzqwvkB", k=rng.randint(0, 30)))
            assert cl.structural_features("ab", text) == _plain_structural("ab", text), text
    finally:
        cl._literal_scans.cache_clear()


def test_overlap_and_plain_strings():
    assert cl._overlap("提高了", "了") and cl._overlap("记者", "第一书记") and cl._overlap("上挂", "成以上")
    assert cl._overlap("ab", "ab") and cl._overlap("ab", "ba") and not cl._overlap("ab", "cd")
    assert cl._plain_strings(cl._rate("希望|必须|希望", 3)) == (("希望", "必须"), True)
    assert cl._plain_strings(cl._rate("[他她]", 5, cl._occurrences("他", "她"))) == (("他", "她"), False)
    for pattern in (r"a\.b", "a.b", "a|", "(a|b)", "a b", r"\d"):
        assert cl._plain_strings(cl._rate(pattern, 3)) is None, pattern
    assert cl._plain_strings(cl._found("ab|cd")) is None
    assert cl._plain_strings(cl._rate("a+", 3, cl._findall_count("a|aa"))) == (("a", "aa"), True)
    assert cl._plain_strings(cl._rate("ab|cd", 3, cl._findall_count("a.|cd"))) is None
    assert cl._plain_strings(cl._rate("x", 3, cl._occurrences("a", ""))) is None


def _tiny_model(grams: list[str]) -> cl.Model:
    idf = tuple(1.0 + k / 7 for k in range(len(grams)))
    return cl.Model(path="<tiny>", grams=tuple(grams), vocabulary={g: i for i, g in enumerate(grams)}, idf=idf,
                    structural=cl.structural_names(), struct_weight=0.5, heads={}, meta={})


def test_vocabulary_tables_equal_the_plain_vectors():
    """Grams of every kind the tables must get right: a 3-gram whose 2-gram prefix is not in the
    vocabulary, the folded 0 and space, astral and top-of-table characters, a 4-gram (never counted)."""
    import random

    grams = ["a", "b", "ab", "ba", "abc", "cab", "xyz", "0", " ", "0 ", " a", "a0b", "𠀀", "𠀀a", "a𠀀b",
             "\uffff", "a\uffff", "\ufffe\uffffa", "abca", "了", "了解", "为了解", "é"]
    model = _tiny_model(grams)
    assert model.gram_index is not None
    rng = random.Random(0)
    alphabet = list("abcxyz0１ 了解为é\t\n\r\u3000") + ["𠀀", "\uffff", "\ufffe", "É", "İ"]
    texts = EDGE_TEXTS + [("".join(rng.choices(alphabet, k=rng.randint(0, 4))), "".join(rng.choices(alphabet, k=rng.randint(0, 50))))
                          for _ in range(3000)]
    for title, text in texts:
        assert list(cl.vectorize(model, title, text).items()) == list(cl.vectorize_reference(model, title, text).items()), (title, text)


def test_a_vocabulary_too_large_for_the_tables_takes_the_plain_path(monkeypatch):
    model = _tiny_model(["a", "ab", "abc", "bcd"])
    monkeypatch.setattr(cl, "_TABLE_CELLS", 15)  # 4 characters and 0: a 25-cell square
    assert cl._build_gram_index(model) is None
    assert cl.vectorize(model, "ab", "abcd") == cl.vectorize_reference(model, "ab", "abcd")


def test_count_in_order_equals_a_counter():
    from collections import Counter

    import numpy as np

    rng = np.random.default_rng(0)
    for size, top in [(1, 1), (5, 3), (100, 4), (3000, 50), (4000, 8000)]:
        for dtype in (np.int16, np.int64):
            grams = rng.integers(0, top, size).astype(dtype)
            values, counts = cl._count_in_order(grams)
            expected = Counter(grams.tolist())
            assert values.tolist() == list(expected) and counts.tolist() == list(expected.values())


def test_top_features_with_ties_equal_a_full_sort(model):
    """_top sorts only the pushes that can rank; a full lexsort of every push must give the same
    list, ties (equal pushes, by feature index) included."""
    import numpy as np

    rng = np.random.default_rng(0)
    n = model.n_features
    coef = rng.choice([-1.0, 0.0, 0.5, 1.0, 2.0], size=(3, n))
    head = cl.Head("genre", ("x", "y", "z"), tuple(map(tuple, coef.tolist())), (0.0, 0.0, 0.0), 1.0)
    for size in (0, 1, 5, 8, 9, 40, 2000):
        for _ in range(20):
            indices = rng.choice(n, size=size, replace=False).astype(np.intp)
            values = rng.choice([0.25, 0.5, 1.0], size=size)
            for label in range(3):
                weights = head.coef_matrix[:, indices]
                push = values * (weights[label] - weights.mean(axis=0))
                order = [i for i in np.lexsort((indices, -push)) if push[i] > 0][:cl.TOP_FEATURES]
                expected = [{"feature": model.feature_name(int(indices[i])), "weight": round(float(push[i]), 4)} for i in order]
                assert cl._top(model, head, indices, values, label) == expected
