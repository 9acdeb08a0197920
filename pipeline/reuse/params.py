"""The parameters of the reuse build: everything that changes its results, stored with the index it built."""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields, replace
from typing import Any

from .. import errors
from ..corpus.schema import REUSE_VERSION  # noqa: F401  (the build's version: defined with the tables it fills)


@dataclass(frozen=True)
class ReuseParams:
    """Everything that changes results; stored in ``reuse_meta`` with the tables it built."""

    shingle_size: int = 3            # content characters per shingle
    num_perm: int = 128              # MinHash permutations
    threshold: float = 0.4           # LSH Jaccard threshold; bands/rows follow unless given
    bands: int | None = None
    rows: int | None = None
    seed: int = 1                    # MinHash permutation seed
    min_unit_chars: int = 12         # shorter paragraphs (content characters) are not units
    min_sentence_chars: int = 16     # sentences this long of multi-sentence paragraphs are units too
    min_clause_chars: int = 10       # clauses (between ，；：) this long of multi-clause sentences too; 0: none
    max_unit_chars: int = 4000       # longer paragraphs are represented by their sentences only
    bucket_window: int = 3           # earlier texts of an LSH bucket each text is compared with, per band
    min_match_chars: int = 20        # shortest passage kept (content characters)
    max_gap: int = 4                 # longest edit (each side) joining matching blocks into one piece
    join_gap: int = 12               # pieces this close (each side) join when the result stays dense
    min_density: float = 0.7         # matched share of a joined passage, on each side
    min_block_chars: int = 3         # matching blocks shorter than this do not anchor a passage
    max_group_pairs: int = 16        # a text's instances link to the first this many of its partner's
    same_span: float = 0.5           # two spans of a paragraph are one occurrence from this interval Jaccard
    nested_span: float = 0.25        # or when the shorter is this share of the longer and lies in it (0: never)
    nested_edge: int = 10            # or when it lies in it (but this much) starting or ending this close to its start or end
    duplicate_coverage: float = 0.6  # share of the shorter document aligned for a duplicate
    duplicate_min_chars: int = 100   # and at least this many aligned characters
    furniture_score: float = 0.5
    furniture_min_pages: int = 3

    @classmethod
    def from_dict(cls, values: dict[str, Any] | None) -> ReuseParams:
        """Defaults overridden by ``values``; an unknown key is an error, not a silent no-op."""
        values = dict(values or {})
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(values) - known)
        if unknown:
            raise errors.U801.error("unknown", names=", ".join(unknown), known=", ".join(sorted(known)))
        return replace(cls(), **values).checked()

    def checked(self) -> ReuseParams:
        if not 1 <= self.shingle_size <= 16:
            raise errors.U801.error("shingle_size", value=self.shingle_size)
        if not 0.0 < self.threshold < 1.0:
            raise errors.U801.error("threshold", value=self.threshold)
        if self.min_unit_chars < self.shingle_size or self.min_sentence_chars < self.shingle_size:
            raise errors.U801.error("min_chars")
        if (self.bands is None) != (self.rows is None):
            raise errors.U801.error("bands")
        if self.bands is not None and self.rows is not None and (self.bands < 1 or self.rows < 1
                                                                 or self.bands * self.rows > self.num_perm):
            raise errors.U801.error("bands_rows", num_perm=self.num_perm)
        if not (0.0 <= self.same_span <= 1.0 and 0.0 <= self.nested_span <= 1.0):
            raise errors.U801.error("spans", same=self.same_span, nested=self.nested_span)
        if self.nested_edge < 0:
            raise errors.U801.error("nested_edge", value=self.nested_edge)
        if self.bucket_window < 1 or self.max_group_pairs < 1:
            raise errors.U801.error("windows")
        return self

    def resolved(self) -> ReuseParams:
        """With ``bands`` and ``rows`` filled in: datasketch's choice for ``threshold`` and ``num_perm``."""
        if self.bands is not None:
            return self
        from datasketch import MinHashLSH

        lsh = MinHashLSH(threshold=self.threshold, num_perm=self.num_perm)
        return replace(self, bands=int(lsh.b), rows=int(lsh.r))

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def resolve(params: ReuseParams | dict[str, Any] | None, known: ReuseParams | None = None) -> ReuseParams:
    """Parameters given as an object, a dict of overrides or nothing, checked and with bands/rows filled:
    those of ``known`` (the stored index's) when they are the same parameters otherwise, so an update
    does not ask datasketch again (its import alone costs about two seconds)."""
    if isinstance(params, dict) or params is None:
        params = ReuseParams.from_dict(params)
    params = params.checked()
    if (params.bands is None and known is not None and known.bands is not None
            and replace(known, bands=None, rows=None) == params):
        return known
    return params.resolved()
