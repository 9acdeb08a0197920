"""The furniture line model's training (jianghua.training.train_lines)."""

from __future__ import annotations

from jianghua.stages import lines
from jianghua.stages.runner import process_page
from jianghua.training import cases, train_lines


def test_the_line_model_is_trained_on_the_inputs_it_scores_at_ingest(devset_dir, monkeypatch):
    """Regression: training ran the whole clean stage (title repeats, the guard) before recording which
    lines were fixed, while ingest fixes them right after the patterns: title repeats were sure furniture
    in training and the model's to decide at ingest. Both now take them from ``clean.model_inputs``."""
    pages = cases.devset_pages(devset_dir)
    trained = {page.group: page for page in train_lines.devset_lines(pages)}
    seen: list[tuple[tuple[str, ...], tuple[bool | None, ...]]] = []
    real_decide = lines.decide

    def recording_decide(texts, model=None, fixed=None, classes=None):
        seen.append((tuple(texts), tuple(fixed)))
        return real_decide(texts, model, fixed, classes)

    monkeypatch.setattr(lines, "decide", recording_decide)
    compared = 0
    for page in pages:
        if page.devset.id not in trained:  # (a page whose repaired lines do not match its raw lines)
            continue
        seen.clear()
        process_page(page.data, page.path)
        expected = trained[page.devset.id]
        assert seen == [(expected.texts, expected.fixed)], page.devset.id
        compared += 1
    assert compared >= 90


def test_a_title_repeat_is_the_models_to_decide_in_training_as_at_ingest():
    title = "关于开展中层干部竞争上岗工作的实施方案"
    body = "为进一步深化干部人事制度改革，经研究决定，在全局范围内开展中层干部竞争上岗工作，现制定如下方案。"
    page, inputs = train_lines._model_inputs(f"{title}\n{title}\n{body}\n".encode(), "x.txt")
    assert inputs.texts == [title, title, body]
    assert inputs.fixed == [False, False, False]  # a title line is protected, a repeat as well; never sure furniture
    assert [line.removed for line in page.lines if line.text] == [None, None, None]
