"""Stable codes for everything that can happen to an input file or a resource, with the exit status each
gives the command line.

The same code appears in the ingest ledger, in log messages and in docs/errors.md, so a user can search
for it. Codes never change meaning; new situations get new codes. Every code is registered here: the
ledger codes as ``Code`` objects (``ALL_CODES``), the others in ``COMMAND_CODES`` (what the code means);
``EXIT_STATUS`` gives each its exit status (``Exit``), which the command line exits with.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum, StrEnum


class Exit(IntEnum):
    """The command line's exit statuses (docs/errors.md)."""

    OK = 0  # done, every input accounted for
    PARTIAL = 1  # done, but not for everything: some files not ingested, a check failed
    USAGE = 2  # a bad command line: an unknown option value, a number out of range, a malformed query
    DATA = 3  # an input, the corpus, an output path, a model or a data file cannot be used as it is
    INTERNAL = 4  # a failure of jianghua or of its environment (worker processes, an unexpected error)


class Status(StrEnum):
    """Ledger status of one input file: every file gets exactly one current row with one of the first
    four; an earlier version of a file keeps its row as ``superseded`` (history, no documents)."""

    INGESTED = "ingested"
    DUPLICATE = "duplicate"
    QUARANTINED = "quarantined"
    ERROR = "error"
    SUPERSEDED = "superseded"


@dataclass(frozen=True)
class Code:
    code: str
    status: Status
    slug: str
    text: str

    def message(self, **details: object) -> str:
        extra = ", ".join(f"{k}={v}" for k, v in details.items())
        return f"[{self.code}] {self.text}" + (f" ({extra})" if extra else "")


def _c(code: str, status: Status, slug: str, text: str) -> Code:
    return Code(code, status, slug, text)


OK = _c("J100", Status.INGESTED, "ok", "ingested")
OK_LOSSY = _c("J101", Status.INGESTED, "invalid_bytes_replaced",
              "ingested; a few invalid byte sequences were replaced with U+FFFD and flagged")
OK_NO_DOCUMENTS = _c("J102", Status.INGESTED, "no_documents",
                     "ingested, but nothing but page furniture was found: no documents")
KEPT_WHOLE = _c("J110", Status.INGESTED, "kept_whole",
                "ingested whole: every line looked like furniture, so none was removed (see the page's flags)")
REMOVAL_REFUSED = _c("J111", Status.INGESTED, "removal_refused",
                     "ingested; removals that would have taken most of the page's sentences on weak evidence were refused")
DUPLICATE_BYTES = _c("J201", Status.DUPLICATE, "same_bytes", "the same bytes were already ingested")
EMPTY = _c("Q301", Status.QUARANTINED, "empty", "the file is empty")
BLANK = _c("Q302", Status.QUARANTINED, "whitespace_only", "the file holds only whitespace")
BINARY = _c("Q303", Status.QUARANTINED, "binary", "the file is binary, not text")
UNDECODABLE = _c("Q304", Status.QUARANTINED, "undecodable",
                 "no supported encoding decodes the file without losing text")
TOO_LARGE = _c("Q305", Status.QUARANTINED, "too_large", "the file is over the size cap")
UNSUPPORTED = _c("Q306", Status.QUARANTINED, "unsupported_type", "the file type is not supported")
UNREADABLE = _c("E901", Status.ERROR, "unreadable", "the file could not be read")
INTERNAL = _c("E900", Status.ERROR, "internal_error", "processing failed with an internal error")

ALL_CODES: dict[str, Code] = {
    c.code: c
    for c in (OK, OK_LOSSY, OK_NO_DOCUMENTS, KEPT_WHOLE, REMOVAL_REFUSED, DUPLICATE_BYTES, EMPTY, BLANK, BINARY, UNDECODABLE,
              TOO_LARGE, UNSUPPORTED, UNREADABLE, INTERNAL)
}


class JianghuaError(Exception):
    """An error a user can act on: carries a stable code and says what to do. ``argument`` names the
    library argument a message is about (``limit``, ``min_count``): the command line shows it as its
    option (``--limit``), the web workbench as its query parameter."""

    def __init__(self, code: str, message: str, argument: str | None = None):
        super().__init__(f"[{code}] {message}")
        self.code = code
        self.argument = argument

    @property
    def exit_status(self) -> Exit:
        return exit_status(self.code)


class ResourceError(JianghuaError):
    """R500: a bad line in a data file under resources/, reported as file:line like jieba does."""


class SettingsError(JianghuaError):
    """R501: a stage settings file that cannot be used (``file:line: reason``, or ``file: reason``)."""


class ModelError(JianghuaError):
    """M701, M702: a model file that cannot be used: missing, malformed, or written by an incompatible version."""


class TrainingError(JianghuaError):
    """M703: training data missing or inconsistent (a bad label row is reported as file:line)."""


class WorkerCrashed(JianghuaError):
    """S805: a worker process ended while running a task (raised only when ``Pool.map`` has no ``on_crash``),
    or worker processes cannot start at all (always raised)."""


class Quarantine(Exception):
    """Raised inside a stage when a file must be quarantined rather than ingested."""

    def __init__(self, code: Code, **details: object):
        super().__init__(code.message(**details))
        self.code = code
        self.details = details


# Codes of the other families, raised as JianghuaError by the commands and the library (the ledger codes
# above are ``Code`` objects). Each is a ``Message``: what the code means, and the message template of each
# situation it covers (like spaCy's ``Errors.E088.format(...)``). A raise site passes the values and
# never writes the text: ``raise errors.D401.error(path=db)``, ``errors.D402.error("newer", path=..., ...)``.
# A code whose errors callers catch by kind (ResourceError, ModelError ...) names that subclass, and its
# ``error`` raises it.
# Templates are the library's: they name library arguments, never a command-line option; a situation
# whose name starts with ``cli_`` is the command line's own wording and is used only under interfaces/
# (tests/test_validate.py checks both, and that each code raised under pipeline/ is registered).


@dataclass(frozen=True)
class Message:
    """A command code: what it means (docs/errors.md) and its message templates, one per situation
    (``""`` the default), filled with ``str.format`` from the values a raise site passes."""

    code: str
    meaning: str
    templates: dict[str, str]
    kind: type[JianghuaError] = JianghuaError  # the exception ``error`` makes

    def text(self, situation: str = "", /, **values: object) -> str:
        """The message of ``situation`` filled with ``values`` (without the ``[CODE]`` prefix)."""
        return self.templates[situation].format(**values)

    def error(self, situation: str = "", /, argument: str | None = None, **values: object) -> JianghuaError:
        """The coded error of ``situation``; ``argument`` names the library argument it is about."""
        return self.kind(self.code, self.text(situation, **values), argument)


def _m(code: str, meaning: str, template: str | None = None, *, kind: type[JianghuaError] = JianghuaError,
       **situations: str) -> Message:
    templates = ({"": template} if template is not None else {}) | situations
    return Message(code, meaning, templates, kind)


# D4xx: the corpus database
D401 = _m("D401", "no corpus database at the path given", "no corpus database at {path}")
D402 = _m("D402", "the file is not a jianghua corpus (another SQLite database, another kind of file, an empty file given"
                  " to a command that reads a corpus, or another schema version)",
          "{path} is not a jianghua corpus: it is not an SQLite database (another kind of file, or a corpus whose first"
          " page is damaged)",
          empty="{path} is an empty file, not a jianghua corpus: an ingest into it makes one",
          foreign="{path} is not a jianghua corpus: an SQLite database of another application (tables {tables}) or of an"
                  " interrupted early build; it is left as it is: give another database file",
          newer="{path} has schema version {version}, made by a newer jianghua; this one reads versions up to"
                " {supported}. Open it with that jianghua, or re-ingest into a new database.",
          older="{path} has schema version {version}; this jianghua reads {supported}: migrating it (opening it"
                " writable once) brings it up to date",
          unmigratable="{path} was built by an earlier jianghua and cannot be brought up to date ({reason}). Re-ingest"
                       " into a new database.",
          bad_version="{path}: its schema_version is damaged ({value!r} is not a version number); restore the file from"
                      " a backup or re-ingest into a new database")
D403 = _m("D403", "writing the database failed", "writing {path} failed: {reason}")
D404 = _m("D404", "no such document, or a document without what was asked of it",
          "no document {ref!r} in {path}; 'jianghua export documents' lists them",
          unclassified="{ref} in {path} has no classification; ingest it again (a newer jianghua classifies it)")
D410 = _m("D410", "not a devset folder, or a label or page of it cannot be read",
          "{path} is not a devset folder (it needs labels/ and pages/)",
          unreadable="{path}: cannot read the label or its page: {reason}",
          empty="no labelled pages in {path} for split {split!r}")
D411 = _m("D411", "the scratch database of 'evaluate devset --db' exists already",
          cli_exists="{path} exists; --db takes a new file for the scratch corpus")
D430 = _m("D430", "the corpus database is damaged: SQLite found corruption while reading it",
          "{path} is damaged ({reason}): restore the file from a backup or re-ingest into a new database")
D431 = _m("D431", "the database path is a folder or another kind of non-regular file",
          "{path} is {kind}: a corpus is a database file, e.g. {example}")
D432 = _m("D432", "the corpus database cannot be opened, created or read (permissions, a missing folder, an I/O error,"
                  " a read-only folder holding a write-ahead log)",
          "{path} cannot be read ({reason})",
          no_folder="{path} cannot be created: the folder {folder} does not exist",
          wal="{path} cannot be read here: its folder is read-only and its write-ahead log ({wal}) holds changes not yet"
              " in the database; open it once where it can be written (any jianghua command), or copy the three files"
              " elsewhere")
D433 = _m("D433", "the command writes to the corpus, and the database (or its folder) is read-only",
          "{path} is read-only ({reason}) and this command writes to the corpus: make the file and its folder"
          " writable, or work on a copy",
          checked="{path} is read-only and this command writes to the corpus: make the file and its folder writable,"
                  " or work on a copy (the query commands and verify read it as it is)")
# E9xx beyond the ledger's: an input named on the command line. E901 means here what it means in the ledger
# (a file that cannot be read: missing, a dangling link, no permission), for a path a command was given;
# a folder that can be read but holds nothing to read is E902.
E901 = _m("E901", "a file or folder named on the command line cannot be read (it does not exist, or reading it failed):"
                  " the ledger's E901 for a path given to a command",
          "{path}: the file could not be read ({reason})",
          missing="no such file or folder: {paths}",
          no_golden="no golden annotation folder at {path}",
          golden_unreadable="cannot read the golden annotation in {path}: {reason}")
E902 = _m("E902", "a folder named on the command line holds nothing to read",
          no_records="no golden records (*{suffix}) in {path}")
# Q7xx: queries and the values of options
Q701 = _m("Q701", "malformed search query",
          unbalanced="unbalanced quote in query {query!r}: close the phrase with \"",
          near="NEAR (proximity) is not supported in query {query!r}: use AND for both words in one paragraph, or a"
               " \"phrase\"",
          empty="empty query: give a word or a phrase, e.g. 干部 or \"竞争上岗\"",
          web_empty="empty query: give a word or a phrase, e.g. ?q=干部",
          unexpected="unexpected {token!r} in query {query!r}",
          syntax="{what} in query {query!r}; write e.g. 干部 AND (竞争上岗 OR 竞聘) NOT 挂职",
          collocate="{word!r} is not a word to find collocates of (a word, or a prefix such as 竞*)")
Q702 = _m("Q702", "the index could not run the query", "the index could not run this query ({reason}); simplify it")
Q703 = _m("Q703", "unknown sort order", "sort must be left or right, not {sort!r}")
Q704 = _m("Q704", "unknown grouping (--by)", "unknown by {by!r}; valid: {valid}",
          missing="by must be one of genre, topic, year, site")
Q705 = _m("Q705", "--ngram below 1", "ngram must be 1 or more")
Q706 = _m("Q706", "unknown association measure", "unknown measure {measure!r}; valid: {valid}")
Q707 = _m("Q707", "no documents of the target group",
          absent="no documents with {by} {value!r} (for {name}); with documents: {listed}",
          absent_filtered="no documents with {by} {value!r} (for {name}) among the filtered documents; with documents:"
                          " {listed}",
          same="reference is the target ({target!r}): give another group, or none for all others",
          no_words="the documents with {by} {target!r} have no words")
Q720 = _m("Q720", "unknown devset split", "unknown split {split!r}; valid: {valid}")
Q721 = _m("Q721", "cross-validation asked for what it cannot do (a fold count out of range, a split other than dev, a"
                  " scratch database kept)",
          too_few="n_folds {n_folds}: cross-validation needs at least {minimum} folds",
          too_many="n_folds {n_folds}: more folds than the {pages} dev pages in {root}",
          cli_split="--cross-validate scores the dev split (the models learn from it), not {split!r}: use --split dev",
          cli_db="--cross-validate runs the pages in this process and keeps no corpus: drop --db")
Q730 = _m("Q730", "the query is longer than the query size limit",
          "the {name} has {length:,} characters; at most {limit:,} are allowed")
Q731 = _m("Q731", "the query nests parentheses deeper than the limit",
          "the query nests parentheses {depth:,} deep; at most {limit} are allowed")
Q732 = _m("Q732", "the query has more terms than the limit", "the query has {terms:,} terms; at most {limit} are allowed")
Q733 = _m("Q733", "a number out of its range (a negative limit, a year past 9999, an integer too big for SQLite) or not"
                  " a whole number",
          "{name} must be a whole number from {low} to {high}, not {value} ({kind})")
Q734 = _m("Q734", "an unknown value of an option with a closed set (the message lists the valid values)",
          "unknown {name} {value!r}; valid: {valid}")
Q735 = _m("Q735", "the search ran past its time limit (60 s; 20 s in the web workbench)",
          "the query ran past its time limit ({seconds:g} s): make it more specific (fewer or longer terms, a filter)")
Q736 = _m("Q736", "a --stopwords file cannot be read or has a line that is not one word (file:line)",
          one_word="{path}:{line}: one word per line (no spaces inside a word)",
          unreadable="stopwords {spec!r}: not 'default', 'none' or a readable UTF-8 file of one word per line ({reason})")
# X6xx: exports
X601 = _m("X601", "unknown export table", "unknown table {table!r}; choose one of {valid}")
X602 = _m("X602", "unknown export format", "unknown format {format!r}; choose one of {valid}")
X603 = _m("X603", "parquet needs an output file", "parquet is binary: give an output file (FILE.parquet)")
X604 = _m("X604", "the output file's folder does not exist", "the folder of {path} does not exist ({folder}): create it first")
X605 = _m("X605", "the output path is a folder", "{path} is a folder: give a file name, e.g. {example}")
X606 = _m("X606", "the output file cannot be written (permissions, a special file such as /proc/version, a full disk)",
          "{path} cannot be written: {reason}",
          not_regular="{path} is not a regular file: give a file name to write",
          kernel="{path} is a file of the kernel's, not one to write an export into")
X607 = _m("X607", "--excel with a format other than CSV",
          "excel writes CSV for Excel (UTF-8 with a byte-order mark): use the csv format, not {format}",
          cli_excel="--excel writes CSV for Excel: use --format csv, not {format}")
# R5xx, M7xx, S8xx, V5xx, U8xx: resources, models, the Dask engine, rules records, reuse
R500 = _m("R500", "a bad line in a resource file (file:line)", kind=ResourceError,
          fields="{path}:{line}: expected {least}..{most} tab-separated fields, got {got}",
          regex="{path}:{line}: bad regular expression: {error}",
          empty="{path}:{line}: empty {what}",
          duplicate="{path}:{line}: duplicate {what} {value!r}",
          unknown="{path}:{line}: unknown {what} {value!r}; valid: {valid}",
          unknown_pair="{path}:{line}: unknown {what} {value!r} or {other} {other_value!r}",
          unknown_fragment="{path}:{line}: unknown fragment {{{fragment}}}; valid: {valid}",
          second_row="{path}:{line}: a second row for {code!r}, which takes one pattern",
          no_row="{path}:{line}: no row for code {code!r}",
          spun_pair="{path}:{line}: a spun form and a different original are needed",
          one_word="{path}:{line}: one word per line (no spaces inside a word)",
          dictionary="{path}:{line}: expected 'word [freq [tag]]'",
          not_json="{path}:{line}: not JSON: {error}",
          rule_keys="{path}:{line}: expected an object with keys label, pattern and optional id",
          rule_label="{path}:{line}: label must be a non-empty string without '|'",
          rule_id="{path}:{line}: id must be a string",
          rule_pattern="{path}:{line}: pattern must be a non-empty list of token objects",
          bad_pattern="{path}:{line}: bad pattern: {error}")
R501 = _m("R501", "a bad stage settings file: not TOML, an unknown table or key, a missing key or a value of the wrong"
                  " type (file:line and the key)", kind=SettingsError,
          not_toml="{at}: not valid TOML: {error}",
          unknown_table="{at}: unknown stage table [{table}]; the stages with settings: {valid}",
          not_a_table="{at}: [{table}] must be a table of settings, not {value!r}",
          unknown_key="{at}: unknown key {table}.{key}; the keys of [{table}]: {valid}",
          not_integer="{at}: {table}.{key} must be an integer, not {value!r}",
          not_number="{at}: {table}.{key} must be a number, not {value!r}",
          not_bool="{at}: {table}.{key} must be true or false, not {value!r}",
          out_of_range="{at}: {table}.{key} must be a finite number of 0 or more, not {value!r}",
          missing_keys="{at}: [{table}] lacks {keys}",
          unreadable="{at}: cannot be read: {error}")
R510 = _m("R510", "a rules record names a schema this version does not know", "unknown rules schema {name!r}; valid: {valid}")
M701 = _m("M701", "incompatible or malformed model", kind=ModelError,
          format="model file {path} is not a {format} model (format {found!r}); rebuild it with `jianghua train`",
          format_version="model file {path} has format version {found!r}; this jianghua reads version {supported};"
                         " rebuild it with `jianghua train`",
          sklearn="model file {path} was built by scikit-learn {found}; this jianghua reads models built by"
                  " scikit-learn {supported}.x; rebuild it with `jianghua train`",
          classifier_version="model file {path} holds classifier {found!r}, not {supported}; rebuild it with"
                             " `jianghua train`",
          malformed="model file {path} is malformed ({reason}); rebuild it with `jianghua train`",
          invalid_json="model file {path} is not valid JSON ({reason}); rebuild it with `jianghua train`",
          not_json="{path}: not JSON: {reason}",
          not_object="{path}: not a JSON object",
          unusable="{path}: not a usable {model}: {reason}")
M702 = _m("M702", "missing model", "{model} {path} is missing: {reason}", kind=ModelError,
          classifier="no classifier model at {path}; build it with `jianghua train`")
M703 = _m("M703", "bad training data", kind=TrainingError,
          no_shared="training the {model} needs the devset and the seeds under {path}",
          no_items="no labelled items found",
          no_labels="no labels at {path}: training needs a checkout with corpora/labels/",
          header="{path}:1: header must be {columns}",
          fields="{path}:{line}: expected {expected} fields, got {got}",
          unknown_label="{path}:{line}: unknown genre {genre!r} or topic {topic!r}",
          labelled_twice="{path}:{line}: {source} {item} is labelled twice",
          not_example="{path}:{line}: not an example record ({reason})",
          duplicate_id="{path}:{line}: duplicate id {ident!r}",
          no_example="{path}:{line}: no example {item!r} in {examples}",
          example_differs="{path}:{line}: the labels of {item!r} differ from {examples}",
          no_file="{path}:{line}: no file {file}",
          too_few_documents="{path}:{line}: {source} has {count} documents, not #{ordinal}",
          no_document="{path}:{line}: {member} gives no document",
          archive_lacks="{archive} lacks {members}",
          sklearn_version="scikit-learn {found} is installed; this jianghua trains and reads models of scikit-learn"
                          " {supported}.x")
M704 = _m("M704", "training and evaluating models need scikit-learn installed",
          "{what} needs scikit-learn: pip install 'jianghua[train]'")
S800 = _m("S800", "the Dask engine needs Dask installed", "the Dask engine needs Dask: pip install 'jianghua[dask]'")
S801 = _m("S801", "the shard folder already holds shards", "{path} already holds shards; give an empty folder (or remove them)")
S802 = _m("S802", "no shards in the folder", "no shards (part-*.ledger.parquet) in {path}")
S803 = _m("S803", "too many partitions for the candidate order key", "{count} partitions: too many for the candidate order key")
S804 = _m("S804", "a damaged or foreign shard",
          unreadable="{path}: unreadable shard ({reason})",
          foreign="{path}: not a jianghua shard (no column {columns})",
          unknown_code="{path}: its shard ledger row has code {code!r}, unknown to this jianghua",
          no_rows="{path}: ingested in the shard ledger, but its shard holds none of its rows")
S805 = _m("S805", "worker processes cannot start, or one ended while running a task", kind=WorkerCrashed,
          crashed="{task}: {reason}",
          no_start="a worker process could not start (its initializer failed: the error is printed above)")
V501 = _m("V501", "a rules record does not validate against the published schema", "{doc} does not validate: {problems}")
U801 = _m("U801", "bad reuse parameters",
          unknown="unknown reuse parameter(s) {names}; known: {known}",
          shingle_size="shingle_size must be 1..16, not {value}",
          threshold="threshold must be between 0 and 1, not {value}",
          min_chars="min_unit_chars and min_sentence_chars must be at least shingle_size",
          bands="give both bands and rows, or neither (then the threshold chooses them)",
          bands_rows="bands x rows must be at most num_perm ({num_perm})",
          spans="same_span and nested_span must be between 0 and 1, not {same}, {nested}",
          nested_edge="nested_edge must be 0 or more characters, not {value}",
          windows="bucket_window and max_group_pairs must be at least 1")
U802 = _m("U802", "no reuse tables, or tables built by another version: run 'jianghua reuse'",
          "no reuse tables in {path}: build them first with 'jianghua reuse' (jianghua.reuse.build_reuse)",
          version="the reuse tables of {path} were built by {version}; this jianghua reads {supported}: rebuild them")
U803 = _m("U803", "no such reused passage (a cluster id or a text that matches none, or a text too short to look up)",
          too_short="{text!r} is too short to look up: give at least {chars} characters",
          none="there are no reused passages in this corpus",
          no_match="no reused passage matches {text!r}; 'jianghua passages' lists them",
          no_cluster="no passage cluster {cluster}; 'jianghua passages' lists them")
U804 = _m("U804", "(retired: no longer raised since the reuse build draws its MinHash permutations itself; kept so the"
                  " code never takes another meaning)",
          "(retired)")
# W9xx: the web workbench
W901 = _m("W901", "unknown grouping of the overview's counts", "unknown grouping {column!r}; one of {valid}")
W902 = _m("W902", "the request's URL or query string is over the size limit (HTTP 414)",
          "the address is too long (at most {query_bytes:,} bytes of query string and {path_bytes:,} of path)",
          head="the request is too large (over {head_bytes:,} bytes before its body)")
W903 = _m("W903", "the Host header names a host this server does not answer for (DNS rebinding guard, HTTP 421)",
          cli_host="this server does not answer for the host {host!r}; open it by the address it is bound to (jianghua"
                   " serve --allow-host NAME adds a name)")
W904 = _m("W904", "no such page (HTTP 404)", "no page at {path}")
W905 = _m("W905", "the server failed on this request (HTTP 500; details in the server's log, not in the page)",
          "the server failed on this request; its log says why")
W906 = _m("W906", "the method is not allowed on this page (HTTP 405)", "{method} is not allowed here")
W907 = _m("W907", "the request is not valid HTTP/1.1, e.g. raw non-ASCII bytes in its URL (HTTP 400)",
          "the request is not valid HTTP/1.1 (a URL must be percent-encoded ASCII)")

MESSAGES: dict[str, Message] = {m.code: m for m in globals().copy().values() if isinstance(m, Message)}
COMMAND_CODES: dict[str, str] = {code: m.meaning for code, m in MESSAGES.items()}  # what each code means


# The exit status of every code: what a command that stops with it exits with. A ledger code is a file's
# outcome: ingested or a duplicate is OK, quarantined or unreadable is DATA when the command was about
# that one file (``normalize FILE``, ``classify FILE``) and makes an ingest run PARTIAL when other files
# went in (DATA when none did); tests/test_validate.py checks that every registered code has one.
_EXITS: dict[Exit, str] = {
    Exit.OK: "J100 J101 J102 J110 J111 J201",
    Exit.USAGE: "D411 Q701 Q703 Q704 Q705 Q706 Q707 Q720 Q721 Q730 Q731 Q732 Q733 Q734 Q735 X601 X602 X603 X607 M704 S800 U801 W901",
    Exit.DATA: "Q301 Q302 Q303 Q304 Q305 Q306 E901 E902 D401 D402 D403 D404 D410 D430 D431 D432 D433 Q702 Q736"
               " X604 X605 X606 R500 R501 R510 M701 M702 M703 S801 S802 S803 S804 V501 U802 U803 U804"
               " W902 W903 W904 W906 W907",
    Exit.INTERNAL: "E900 S805 W905",
}
EXIT_STATUS: dict[str, Exit] = {code: status for status, codes in _EXITS.items() for code in codes.split()}


def exit_status(code: str) -> Exit:
    """The exit status of ``code`` (DATA for a code this build does not know: never raised by it)."""
    return EXIT_STATUS.get(code, Exit.DATA)
