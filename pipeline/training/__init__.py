"""Fitting the shipped models and scoring the pipeline against labelled pages: the genre/topic
classifier (``train``, ``classify_eval``), the furniture line model (``train_lines``), the rules records
(``rules_eval``) and the whole pipeline on the devset (``devset``).
"""
