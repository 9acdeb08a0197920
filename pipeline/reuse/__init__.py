"""Stage ``reuse``: duplicate documents, reused passages, boilerplate versus template, substitutions.

Reads ``documents``, ``paragraphs`` (text and jieba ``words``), ``sentences``, ``pages.site`` and,
when other stages have filled them, ``documents.organization`` and ``sections.role``. Writes its own
tables (``tables``) and ``documents.duplicate_of``. Everything works on the canonical text, so the
script of a page does not matter; all offsets are offsets into ``documents.text``.

The package is a sequence of steps over small dataclasses, composed by ``build.build_reuse``:

- ``params``: ``ReuseParams``, everything that changes results (stored with the index);
- ``minhash``: content characters, units of a paragraph, MinHash signatures and LSH band keys;
- ``units``: step 1, paragraph classes (equal texts) and the units of new classes, texts numbered;
- ``lsh``: step 2, the persistent LSH index (sorted runs of band keys) and its probe;
- ``seeds``: step 3, the class pairs worth aligning;
- ``align``: alignment of content strings, character diffs, word substitutions (pure functions);
- ``snap``: a passage's span moved to clause boundaries (its brackets, its final punctuation);
- ``pairs``: step 4, class pairs aligned in workers: passages become edges of the passage graph;
- ``duplicates``: step 5, duplicate documents, their clusters (works);
- ``clusters``: step 6, the passage graph's components, occurrences, boilerplate scores;
- ``substitutions``: step 7, the substitutions table;
- ``tables``: every table's DDL, the meta and state rows;
- ``read``: what the CLI, the web and ``export`` read; whether the index covers the documents;
- ``listing``: passage clusters listed with filters and paging, substitutions counted per place,
  variants marked for a pipe.

The build is incremental: the index lives in the corpus, ``ingest`` folds the new documents into it,
and the result equals a build from scratch (tests/reuse/test_reuse.py checks it table by table).
"""

from .align import Region, align, align_many, diff, diff_segments, word_substitutions
from .build import build_reuse
from .listing import passage_page, passages
from .minhash import (
    Signer,
    bucket_pairs,
    content,
    mix64,
    paragraph_units,
    shingle_hash,
    shingles,
    stable_text_hash,
)
from .params import REUSE_VERSION, ReuseParams
from .read import (
    PASSAGE_KINDS,
    coverage,
    duplicate_records,
    index_status,
    passage_records,
    reuse_needed,
    reuse_params,
    substitution_list,
    variants,
)
from .tables import TABLES

__all__ = [
    "PASSAGE_KINDS", "REUSE_VERSION", "TABLES", "Region", "ReuseParams", "Signer", "align", "align_many", "bucket_pairs", "build_reuse",
    "content", "coverage", "diff", "diff_segments", "duplicate_records", "index_status", "mix64", "paragraph_units",
    "passage_page", "passage_records", "passages", "reuse_needed", "reuse_params", "shingle_hash", "shingles", "stable_text_hash", "substitution_list",
    "variants", "word_substitutions",
]
