"""Study material made from the knowledge base: generated questions, case questions and the
Anki deck. No MkDocs import: the site (ptref/site.py) and the CLI call these.

- questions.py: question templates per topic, each answer taken from the data, wrong choices
  drawn from the same kind, and the check that no question has two right answers;
- cases.py: the questions of the hand-written case vignettes (data/cases.yml);
- anki.py: the Anki deck (genanki), one sub-deck per topic, note GUIDs from question ids.
"""
