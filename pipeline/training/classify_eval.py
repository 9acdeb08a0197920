"""Evaluation of the genre/topic classifier (``jianghua evaluate classify``) and its model card.

1. **Cross-validation** (:func:`cross_validate`) of the whole recipe (augmentation, fit, export, JSON
   inference): grouped stratified 5-fold, a group holding every document of a page (and pages sharing
   a document), so no page is scored by a model that saw it. Macro-F1, per-label F1 and confusion
   matrices over the held-out documents of real pages (the written examples are trained on in every
   fold but scored apart: short and clean, they flattered the old figures) and over the devset pages'
   documents as the pipeline produced them (the figure closest to pages never seen); the reliability
   of the confidence (:func:`reliability`: a table of confidence bins against accuracy, and the
   expected calibration error); and on the held-out documents the truncation and script robustness.
2. **The devset's TEST split** (:func:`devset_split_scores`) for a trained model: its pages processed
   as ``jianghua evaluate devset`` ingests them and each labelled document matched to the produced
   document holding it (macro-F1 as that scorer counts it, a document not found being a wrong answer,
   and over the documents found, with their reliability).
3. **The model card** (:func:`model_card`), written by ``jianghua train``.
4. **Training** (:func:`train`, ``jianghua train``): cross-validate, fit on everything (``train.fit_model``), score
   the test split, write the JSON model and its card.
"""

from __future__ import annotations

import re
import time
from collections import Counter, defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from .. import errors, resources
from ..stages import classify as cl
from ..stages.settings import default_settings
from . import devset as ds
from .train import (
    AUGMENT_MIN_CHARS,
    DEVSET,
    MISTITLED_WEIGHT,
    ROOT,
    TRUNCATE_CHARS,
    C,
    Item,
    devset_documents,
    dump_model,
    fit_model,
    folds,
    load_items,
    shared_dir,
)

N_SPLITS = 5
TEST_SPLIT = "test"
SHORT_TRUNCATE_CHARS = 250  # a harsher cut, reported beside the 500 of training's augmentation
RELIABILITY_BINS = 10  # equal-width confidence bins of the reliability table and the ECE


# --- scores ----------------------------------------------------------------------------------------

def scores(truth: Sequence[str], predicted: Sequence[str], labels: Sequence[str]) -> dict[str, Any]:
    """Macro-F1 (the devset scorer's: labels with support or predictions), accuracy, per-label F1 and
    the confusion matrix (rows: truth; columns: the labels, then ``(not found)`` when it occurs)."""
    pairs = list(zip(truth, predicted, strict=True))
    macro, per = ds.macro_f1(pairs, labels)
    present = [label for label in labels if label in per]
    columns = present + ([ds.MISSING] if ds.MISSING in predicted else [])
    matrix = Counter(pairs)
    return {
        "macro_f1": macro,
        "accuracy": round(sum(t == p for t, p in pairs) / max(len(pairs), 1), 4),
        "documents": len(pairs),
        "f1": {label: per[label]["f1"] for label in present},
        "labels": present,
        "columns": columns,
        "confusion": [[matrix[(t, p)] for p in columns] for t in present],
    }


def reliability(confidence: Sequence[float], correct: Sequence[bool], bins: int = RELIABILITY_BINS) -> dict[str, Any]:
    """Calibration of a confidence: per equal-width bin (non-empty ones) the documents, their mean
    confidence and their accuracy; and the expected calibration error (ECE: the documents' share of
    each bin times the gap between its accuracy and its mean confidence, summed)."""
    grouped: dict[int, list[tuple[float, bool]]] = defaultdict(list)
    for value, right in zip(confidence, correct, strict=True):
        grouped[min(int(value * bins), bins - 1)].append((value, right))
    table = []
    ece = 0.0
    total = max(len(confidence), 1)
    for k in sorted(grouped):
        members = grouped[k]
        mean = sum(v for v, _ in members) / len(members)
        accuracy = sum(r for _, r in members) / len(members)
        ece += len(members) / total * abs(accuracy - mean)
        table.append({"bin": [round(k / bins, 2), round((k + 1) / bins, 2)], "documents": len(members),
                      "mean_confidence": round(mean, 4), "accuracy": round(accuracy, 4)})
    return {"ece": round(ece, 4), "table": table}


def _flagged(results: Sequence[dict[str, Any]], truth: Sequence[tuple[str, str]]) -> dict[str, Any]:
    """How many documents are flagged low_confidence, and how often both labels are right with and without the flag."""
    flagged = [(r["genre"], r["topic"]) == t for r, t in zip(results, truth, strict=True) if r["low_confidence"]]
    kept = [(r["genre"], r["topic"]) == t for r, t in zip(results, truth, strict=True) if not r["low_confidence"]]
    return {"share": round(len(flagged) / max(len(results), 1), 4), "flagged": len(flagged),
            "both_right_flagged": round(sum(flagged) / len(flagged), 4) if flagged else None,
            "both_right_unflagged": round(sum(kept) / len(kept), 4) if kept else None}


def _block(results: Sequence[dict[str, Any]], truth: Sequence[tuple[str, str]]) -> dict[str, Any]:
    """Scores and calibration of classified documents against their (genre, topic)."""
    block: dict[str, Any] = {}
    for k, (name, labels) in enumerate((("genre", cl.GENRES), ("topic", cl.TOPICS))):
        gold = [t[k] for t in truth]
        guess = [r[name] for r in results]
        block[name] = scores(gold, guess, labels)
        block[name]["calibration"] = reliability([r[f"{name}_confidence"] for r in results],
                                                 [g == p for g, p in zip(gold, guess, strict=True)])
    block["low_confidence"] = _flagged(results, truth)
    return block


# --- 1. cross-validation ---------------------------------------------------------------------------

def cross_validate(items: Sequence[Item] | None = None, seed: int = 0, n_splits: int = N_SPLITS,
                   robustness: bool = True) -> dict[str, Any]:
    """Grouped cross-validation of the recipe (module docstring, step 1)."""
    items = list(items if items is not None else load_items())
    predicted: dict[int, dict[str, Any]] = {}
    unchanged: dict[str, list[bool]] = defaultdict(list)  # perturbation -> labels unchanged, per held-out document
    perturb = Perturbations(items) if robustness else None
    for train_index, test_index in folds([i.genre for i in items], [i.group for i in items], n_splits, seed):
        data, _fitted = fit_model([items[i] for i in train_index], seed)
        model = cl.model_from_dict(data, "<cross-validation fold>")
        for i in test_index:
            item = items[i]
            result = predicted[int(i)] = cl.classify_text(item.title, item.text, model)
            if perturb is not None and item.origin != "example":
                for name, same in perturb.check(int(i), result, model).items():
                    unchanged[name].append(same)
    order = sorted(predicted)

    def block(chosen: list[int]) -> dict[str, Any]:
        return _block([predicted[i] for i in chosen], [(items[i].genre, items[i].topic) for i in chosen])

    report: dict[str, Any] = {
        "folds": n_splits, "seed": seed, "grouping": "StratifiedGroupKFold by group (a page's documents), by genre",
        "pages": block([i for i in order if items[i].origin != "example"]),
        "devset_pages": block([i for i in order if items[i].origin == "devset-page"]),
        "both_right_by_origin": {origin: round(sum(rights) / len(rights), 4) for origin, rights in sorted(_by_origin(
            items, predicted).items())},
        "errors": [{"item": items[i].key, "origin": items[i].origin, "truth": [items[i].genre, items[i].topic],
                    "predicted": [predicted[i]["genre"], predicted[i]["topic"]],
                    "confidence": [round(predicted[i]["genre_confidence"], 3), round(predicted[i]["topic_confidence"], 3)]}
                   for i in order if items[i].origin != "example"
                   and (predicted[i]["genre"], predicted[i]["topic"]) != (items[i].genre, items[i].topic)],
    }
    examples = [i for i in order if items[i].origin == "example"]
    if examples:
        report["examples"] = block(examples)
    if robustness:
        report["truncation"] = {"chars": TRUNCATE_CHARS, "documents": len(unchanged["truncated"]),
                                "same_genre_share": _share(unchanged["truncated"]),
                                "shorter": {"chars": SHORT_TRUNCATE_CHARS, "documents": len(unchanged["truncated_short"]),
                                            "same_genre_share": _share(unchanged["truncated_short"])}}
        report["script"] = {"documents": len(unchanged["traditional"]), "same_labels_share": _share(unchanged["traditional"])}
        report["spun"] = {"documents": len(unchanged["spun"]), "same_labels_share": _share(unchanged["spun"])}
        report["mistitled"] = {"documents": len(unchanged["mistitled"]), "same_labels_share": _share(unchanged["mistitled"])}
        report["by_noise"] = _by_noise(items, predicted)
    return report


class Perturbations:
    """Noise put on a held-out document, and whether its labels survive it: cut to its first
    :data:`TRUNCATE_CHARS` (and :data:`SHORT_TRUNCATE_CHARS`) characters (genre), converted to
    traditional script, spun by the synonyms a spinner uses (``spun_words.tsv`` backwards), and given
    the title of a document of another genre (genre and topic)."""

    def __init__(self, items: Sequence[Item]):
        self.items = items
        self.s2t = _s2t()
        # word for word (小我私家 for 个人, 治理 for 管理); the first spun form listed for a word wins
        table = {original: spun for spun, original in list(cl.unspinner().originals.items())[::-1] if len(original) == 2}
        self.spin_pattern = re.compile("|".join(map(re.escape, sorted(table, key=lambda w: (-len(w), w)))))
        self.spin_table = table

    def spin(self, text: str) -> str:
        return self.spin_pattern.sub(lambda match: self.spin_table[match.group()], text)

    def other_title(self, index: int) -> str:
        """The title of the next titled document (in item order) of another genre."""
        item = self.items[index]
        for step in range(1, len(self.items)):
            other = self.items[(index + step) % len(self.items)]
            if other.title.strip() and other.genre != item.genre and other.origin != "example":
                return other.title
        return ""

    def check(self, index: int, result: dict[str, Any], model: cl.Model) -> dict[str, bool]:
        item = self.items[index]
        labels = (result["genre"], result["topic"])

        def same(title: str, text: str, genre_only: bool = False) -> bool:
            again = cl.classify_text(title, text, model)
            return again["genre"] == labels[0] if genre_only else (again["genre"], again["topic"]) == labels

        out = {"traditional": same(self.s2t.convert(item.title), self.s2t.convert(item.text))}
        if len(item.text) > TRUNCATE_CHARS:
            out["truncated"] = same(item.title, item.text[:TRUNCATE_CHARS], genre_only=True)
        if len(item.text) > SHORT_TRUNCATE_CHARS:
            out["truncated_short"] = same(item.title, item.text[:SHORT_TRUNCATE_CHARS], genre_only=True)
        spun = self.spin(item.text)
        if spun != item.text:
            out["spun"] = same(self.spin(item.title), spun)
        title = self.other_title(index)
        if title:
            out["mistitled"] = same(title, item.text)
        return out


def _by_noise(items: Sequence[Item], predicted: dict[int, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Held-out devset pages' documents (as produced) by the noise their page shows: how many, and the
    share with both labels right."""
    rights: dict[str, list[bool]] = defaultdict(list)
    for i, result in predicted.items():
        item = items[i]
        if item.origin == "devset-page":
            for tag in item.noise:
                rights[tag].append((result["genre"], result["topic"]) == (item.genre, item.topic))
    return {tag: {"documents": len(values), "both_right": _share(values)} for tag, values in sorted(rights.items())}


def _by_origin(items: Sequence[Item], predicted: dict[int, dict[str, Any]]) -> dict[str, list[bool]]:
    out: dict[str, list[bool]] = defaultdict(list)
    for i, result in predicted.items():
        out[items[i].origin].append((result["genre"], result["topic"]) == (items[i].genre, items[i].topic))
    return out


def _share(values: Sequence[bool]) -> float:
    return round(sum(values) / max(len(values), 1), 4)


def _s2t() -> Any:
    from opencc import OpenCC

    return OpenCC("s2t")


# --- 2. held-out checks ----------------------------------------------------------------------------

def devset_split_scores(model: cl.Model, folder: Path, split: str = TEST_SPLIT) -> dict[str, Any] | None:
    """Genre and topic on a devset split as ``jianghua evaluate devset`` counts them (a labelled
    document takes the label of the produced document holding its two ends, merged or not; one not
    found is wrong), and over the documents found, with the reliability of their confidence. None when
    the devset is absent."""
    if not folder.is_dir():
        return None
    truth: list[tuple[str, str]] = []
    guesses: list[tuple[str, str]] = []
    found_results: list[dict[str, Any]] = []
    found_truth: list[tuple[str, str]] = []
    counts: Counter[str] = Counter()
    for _page, labelled, produced in devset_documents(folder, split):
        documents = [ds.ProducedDoc(k + 1, title, text, None, None, None) for k, (title, text) in enumerate(produced)]
        results = [cl.classify_text(title, text, model) for title, text in produced]
        for doc, body, whole in labelled:
            holder = ds._holder(*ds.body_anchors(body), documents)[0]
            truth.append((doc.genre, doc.topic))
            if holder is None:
                counts["not_found"] += 1
                guesses.append((ds.MISSING, ds.MISSING))
                continue
            counts["whole" if whole is not None else "merged"] += 1
            found_results.append(results[holder])
            found_truth.append((doc.genre, doc.topic))
            guesses.append((results[holder]["genre"], results[holder]["topic"]))
    headline = {name: scores([t[k] for t in truth], [g[k] for g in guesses], labels)
                for k, (name, labels) in enumerate((("genre", cl.GENRES), ("topic", cl.TOPICS)))}
    return {"split": split, "documents": dict(counts, labelled=len(truth)), "headline": headline,
            "found": _block(found_results, found_truth)}


def test_split_scores(model: cl.Model, shared: Path | None = None, root: Path | None = None) -> dict[str, Any]:
    """``{"devset_test": devset_split_scores(model, <../shared/devset>)}`` (None inside when absent)."""
    folder = (shared if shared is not None else shared_dir(root)) / DEVSET
    return {"devset_test": devset_split_scores(model, folder)}


def evaluate(seed: int = 0) -> dict[str, Any]:
    """``jianghua evaluate classify``: cross-validation of the recipe, and the shipped model on the devset's test split."""
    report = cross_validate(seed=seed)
    report.update(test_split_scores(cl.load_model()))
    return report


# --- 3. the model card -----------------------------------------------------------------------------

def _confusion_table(part: dict[str, Any]) -> list[str]:
    columns = part["columns"]
    lines = ["| truth \\ predicted | " + " | ".join(columns) + " |", "|---" * (len(columns) + 1) + "|"]
    for label, row in zip(part["labels"], part["confusion"], strict=True):
        lines.append(f"| {label} | " + " | ".join(str(v) for v in row) + " |")
    return lines


def _reliability_table(block: dict[str, Any]) -> list[str]:
    lines = ["| confidence | genre: documents | mean confidence | accuracy | topic: documents | mean confidence | accuracy |",
             "|---|---|---|---|---|---|---|"]
    rows: dict[tuple[float, float], list[str]] = {}
    for k, name in enumerate(("genre", "topic")):
        for row in block[name]["calibration"]["table"]:
            cells = rows.setdefault(tuple(row["bin"]), ["", "", "", "", "", ""])
            cells[3 * k:3 * k + 3] = [str(row["documents"]), f"{row['mean_confidence']:.3f}", f"{row['accuracy']:.3f}"]
    for (low, high), cells in sorted(rows.items()):
        lines.append(f"| {low:.1f}-{high:.1f} | " + " | ".join(cells) + " |")
    lines.append(f"| ECE | {block['genre']['calibration']['ece']:.3f} | | | {block['topic']['calibration']['ece']:.3f} | | |")
    return lines


def _score_rows(blocks: Sequence[tuple[str, dict[str, Any]]]) -> list[str]:
    lines = ["| documents | genre macro-F1 | genre accuracy | topic macro-F1 | topic accuracy | n |", "|---|---|---|---|---|---|"]
    for name, block in blocks:
        g, t = block["genre"], block["topic"]
        lines.append(f"| {name} | {g['macro_f1']:.3f} | {g['accuracy']:.3f} | {t['macro_f1']:.3f} | {t['accuracy']:.3f} | "
                     f"{g['documents']} |")
    return lines


def _flag_line(block: dict[str, Any]) -> str:
    flags = block["low_confidence"]
    right = "-" if flags["both_right_flagged"] is None else f"{flags['both_right_flagged']:.0%}"
    return (f"flagged low_confidence: {flags['flagged']} of {block['genre']['documents']} ({flags['share']:.1%}); both labels "
            f"right on {right} of the flagged and {flags['both_right_unflagged']:.0%} of the others")


def _test_split_lines(test: dict[str, Any]) -> list[str]:
    docs = test["documents"]
    return [
        f"{docs['labelled']} labelled documents: {docs.get('whole', 0)} found whole, {docs.get('merged', 0)} merged with "
        f"a neighbour, {docs.get('not_found', 0)} not found by the splitter. The headline counts a document not found as",
        "a wrong answer (as `jianghua evaluate devset` does); the second row scores the documents found.",
        "",
        *_score_rows([("headline (as evaluate devset)", test["headline"]), ("documents found", test["found"])]),
        "",
        "Reliability of the confidence on the documents found:",
        "",
        *_reliability_table(test["found"]),
        "",
        _flag_line(test["found"]),
        "",
        "Genre confusion (documents found):",
        "",
        *_confusion_table(test["found"]["genre"]),
    ]


def _cross_validation_lines(metrics: dict[str, Any]) -> list[str]:
    return [
        *_score_rows([("real pages' documents (seeds, sample, laws, devset dev)", metrics["pages"]),
                      ("devset dev pages, as the pipeline produced them", metrics["devset_pages"])]
                     + ([("written examples (trained on untitled, scored apart)", metrics["examples"])]
                        if metrics.get("examples") else [])),
        "",
        "Per-label F1 on the real pages, genre: " + ", ".join(f"{k} {v:.2f}" for k, v in metrics["pages"]["genre"]["f1"].items()),
        "",
        "Per-label F1 on the real pages, topic: " + ", ".join(f"{k} {v:.2f}" for k, v in metrics["pages"]["topic"]["f1"].items()),
        "",
        "Reliability of the confidence (held-out real-page documents):",
        "",
        *_reliability_table(metrics["pages"]),
        "",
        _flag_line(metrics["pages"]),
        "",
        "Reliability of the confidence on the held-out devset dev pages' documents as the pipeline produced them:",
        "",
        *_reliability_table(metrics["devset_pages"]),
        "",
        _flag_line(metrics["devset_pages"]),
        "",
        "Genre confusion (held-out real-page documents):",
        "",
        *_confusion_table(metrics["pages"]["genre"]),
        "",
        "Topic confusion:",
        "",
        *_confusion_table(metrics["pages"]["topic"]),
    ]


def _robustness_lines(metrics: dict[str, Any]) -> list[str]:
    truncation, script, spun, mistitled = metrics["truncation"], metrics["script"], metrics["spun"], metrics["mistitled"]
    noise = metrics["by_noise"]
    return [
        f"- truncation: the first {truncation['chars']} characters give the same genre on "
        f"{truncation['same_genre_share']:.1%} of {truncation['documents']} documents longer than that; the first "
        f"{truncation['shorter']['chars']} on {truncation['shorter']['same_genre_share']:.1%} of "
        f"{truncation['shorter']['documents']}",
        f"- script: the same document in traditional script (OpenCC s2t) gets the same genre and topic on "
        f"{script['same_labels_share']:.1%} of {script['documents']} documents",
        f"- spinning: spun by the synonyms a spinner uses (`spun_words.tsv` backwards: 管理→治理, 工作→事情...), the same "
        f"genre and topic on {spun['same_labels_share']:.1%} of {spun['documents']} documents",
        f"- a wrong title (the next document's of another genre): the same genre and topic on "
        f"{mistitled['same_labels_share']:.1%} of {mistitled['documents']} documents",
        "- both labels right, by origin: " + ", ".join(f"{k} {v:.1%}" for k, v in metrics["both_right_by_origin"].items()),
        "- devset pages (as produced) by the noise their page shows, both labels right: "
        + ", ".join(f"{tag} {v['both_right']:.0%} of {v['documents']}" for tag, v in noise.items()),
    ]


def report_lines(report: dict[str, Any]) -> list[str]:
    """``jianghua evaluate classify`` as text (Markdown tables)."""
    lines = [f"## Cross-validation ({report['folds']}-fold, grouped: a page's documents stay in one fold)", "",
             *_cross_validation_lines(report), "", "## Robustness (held-out documents)", "", *_robustness_lines(report)]
    if report.get("devset_test"):
        lines += ["", "## Shipped model on the devset test split", "", *_test_split_lines(report["devset_test"])]
    else:
        lines += ["", "(no devset test split: ../shared/devset was not found)"]
    return lines


def model_card(data: dict[str, Any], summary: dict[str, Any]) -> str:
    training, metrics, lib = data["training"], data["metrics"], data["libraries"]
    lines = [
        f"# Model card: {cl.CLASSIFIER_VERSION} (`{Path(cl.MODEL_RESOURCE).name}`)",
        "",
        "Written by `jianghua train` (`jianghua.train.train`); do not edit by hand.",
        "",
        "## What it does",
        "",
        "Genre (" + ", ".join(f"`{g}`" for g in cl.GENRES) + ") and topic (" +
        ", ".join(f"`{t}`" for t in cl.TOPICS) + ") of a document from its text as a whole.",
        f"The view: canonical script, head ({cl.VIEW_HEAD_CHARS}) and tail ({cl.VIEW_TAIL_CHARS}) characters of a long",
        "text, synonym spinning undone (`resources/classify/spun_words.tsv`). Character 1-3-gram TF-IDF plus",
        "structural cues (openings, closings, voice, title words, topic-cue densities) into one multinomial",
        "logistic regression per label, calibrated by temperature scaling. Inference is numpy over the JSON",
        f"file (`jianghua.classify`); no pickle is read. Below {default_settings().classify.genre_min_confidence} (genre) or "
        f"{default_settings().classify.topic_min_confidence} (topic) the label is kept and flagged `low_confidence`.",
        "",
        "## Data",
        "",
        f"- {training['items']} labelled documents, {training['training_rows']} training rows with augmented copies "
        f"(the first {TRUNCATE_CHARS} characters of each longer than {AUGMENT_MIN_CHARS}; each titled one without its title; "
        f"each titled real-page one under the title of a document of another genre, weighed {MISTITLED_WEIGHT})",
        "- sources: " + "; ".join(training["sources"]),
        f"- devset dev split: {training['devset_pages']} pages"
        + ("" if training["devset_pages"] else " (**absent**: ../shared/devset was not found)"),
        f"- genres: {', '.join(f'{k} {v}' for k, v in training['genres'].items())}",
        f"- topics: {', '.join(f'{k} {v}' for k, v in training['topics'].items())}",
        f"- data sha256: `{training['data_sha256']}`",
        "- labels: `corpora/labels/labels.csv` (seeds, sample corpus, laws, written examples) and",
        "  `../shared/devset/labels` (dev split); the written examples (`corpora/labels/examples.jsonl`) enter without",
        "  their titles, the title-only stubs not at all",
        "",
        "## Training",
        "",
        f"- seed {training['seed']}; max_features {data['features']['max_features']}, min_df "
        f"{data['features']['min_df']}, C {C}, structural weight {data['features']['struct_weight']}",
        "- libraries: " + ", ".join(f"{k} {v}" for k, v in sorted(lib.items())),
        f"- model file: {summary['bytes'] / 1e6:.2f} MB; vocabulary {len(data['features']['vocabulary'])} n-grams, "
        f"{len(data['features']['structural'])} structural features",
        f"- time: {summary['seconds']['total']} s ({summary['seconds']['cross_validation']} s cross-validation, "
        f"{summary['seconds']['fit_and_test']} s final fit and held-out checks)",
    ]
    if metrics.get("devset_test"):
        lines += ["", "## Devset test split (pages never trained on)", "", *_test_split_lines(metrics["devset_test"])]
    if metrics.get("pages"):
        lines += ["", f"## Cross-validation ({metrics['folds']}-fold, grouped: a page's documents stay in one fold)", "",
                  *_cross_validation_lines(metrics), "", "## Robustness (held-out documents)", "", *_robustness_lines(metrics)]
    if metrics.get("errors"):
        lines += ["", "Held-out mistakes in cross-validation (real pages):", ""]
        lines += [f"- `{e['item']}` ({e['origin']}): truth {e['truth'][0]} / {e['truth'][1]}, predicted "
                  f"{e['predicted'][0]} / {e['predicted'][1]} ({e['confidence'][0]}, {e['confidence'][1]})" for e in metrics["errors"]]
    lines += [
        "",
        "## Limits",
        "",
        "- The labelled set is small (the devset's dev split reproduces about 90 sites); scores on pages from",
        "  other sites will be lower. A document the splitter merges with a neighbour gets one label for both.",
        "- Topic follows what a text is about, whatever its genre (a novel chapter about 竞岗 is",
        "  `other` / `competitive_selection`).",
        "",
    ]
    return "\n".join(lines)


# --- training entry point --------------------------------------------------------------------------

def default_output() -> Path:
    return Path(str(resources.path(cl.MODEL_RESOURCE)))


def default_card() -> Path:
    """``models/MODEL_CARD.md`` of the checkout; beside the model file when not run from one."""
    models = ROOT / "models"
    return models / "MODEL_CARD.md" if models.is_dir() else default_output().with_suffix(".card.md")


def train(output: str | Path | None = None, seed: int = 0, card: str | Path | None = None,
          items: Sequence[Item] | None = None, evaluate: bool = True) -> dict[str, Any]:
    """Rebuild the model from the labelled data: cross-validate, fit on everything, score the devset's
    test split, write the JSON model (default: the package's ``resources/models/genre-topic.v2.json``)
    and the model card."""
    started = time.perf_counter()
    items = list(items if items is not None else load_items())
    if not items:
        raise errors.M703.error("no_items")
    metrics = cross_validate(items, seed) if evaluate else {}
    evaluated = time.perf_counter()
    data, _fitted = fit_model(items, seed, metrics)
    if evaluate:
        model = cl.model_from_dict(data, "<trained>")
        metrics.update(test_split_scores(model))
        data["metrics"] = metrics
    text = dump_model(data)
    target = Path(output) if output else default_output()
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    cl.load_model.cache_clear()
    finished = time.perf_counter()
    summary = {
        "output": str(target), "bytes": len(text.encode("utf-8")), "items": len(items),
        "data_sha256": data["training"]["data_sha256"], "metrics": metrics,
        "seconds": {"cross_validation": round(evaluated - started, 1), "fit_and_test": round(finished - evaluated, 1),
                    "total": round(finished - started, 1)},
        "sources": data["training"]["sources"],
    }
    card_path = Path(card) if card else default_card()
    card_path.write_text(model_card(data, summary), encoding="utf-8")
    summary["card"] = str(card_path)
    return summary
