"""Everything about contraindications that is not data: schema.json, page.py and what only this kind has."""
