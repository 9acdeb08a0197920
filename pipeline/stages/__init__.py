"""The ingest pipeline: one module per stage, and the runner that calls them in order.

``runner`` holds the registry (each stage a function ``stage(unit, ctx) -> None`` with what it reads and
writes) and runs it per page: decode -> repair -> normalize -> clean -> rejoin -> split -> date, then per
document structure -> segment -> classify -> extract (the rules stage, the package ``jianghua.extract``).
The other modules are the stages and what only they use (``lines``: the furniture line model, ``screens``:
the regex screens, ``boundaries``/``headings``/``titles``: where documents start and what they are called).
Modules here import only each other and the shared basics (``document``, ``errors``, ``offsets``,
``resources``, ``labels``, ``validate``); nothing here knows the corpus database.
"""
