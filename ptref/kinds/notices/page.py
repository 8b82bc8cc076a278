"""Notices: fixed legal, coding and safety text that several pages and cards show.

A notice has no page of its own. Renderers name it by id (`PageRenderer.notice`, the cards'
`_notice`); `required_ids` lists those ids, and the check fails when one is missing from
data/notices.yml, so a page never loses its CPT notice or safety paragraph quietly.
"""

from .. import Kind

REQUIRED = (
    "cpt-notice",
    "ncci-currency",
    "seventh-character",
    "medicare-timed-units",
    "home-exercise-safety",
    "not-advice",
    "urgency-emergency",
    "urgency-urgent",
    "urgency-routine",
)

KIND = Kind(
    key="notices",
    singular="notice",
    plural="Notices",
    url_dir="notices",
    intro="Fixed legal, coding and safety text shown on several pages and cards.",
    order=100,
    name_of=lambda data: data["title"],
    has_pages=False,
    required_ids=REQUIRED,
)
