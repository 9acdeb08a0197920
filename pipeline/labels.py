"""The closed label sets: genres and topics of documents, roles of sections.

Apart from ``classify`` (which needs numpy) so that the query commands and the web can check a
``--genre``, ``--topic`` or ``--role`` value without loading the classifier.
"""

GENRES = ("mobilization_speech", "meeting_speech", "experience_report", "candidate_speech",
          "plan_or_regulation", "news_report", "other")
TOPICS = ("competitive_selection", "grassroots_assignment", "secondment", "other")
ROLES = ("background", "significance", "guiding_principles", "arrangements", "requirements",
         "exhortation", "results", "problems", "other")
