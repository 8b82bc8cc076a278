"""The copy-paste templates on "Add or correct an entry" come from the schemas: as printed, a
template holds exactly the required fields; with its '#' removed, every field of its kind."""

from __future__ import annotations

import re

import yaml

from ptref.model.kinds import KINDS
from ptref.model.schema import raw_schemas
from ptref.render.docs import entry_templates_doc


def _templates() -> dict[str, str]:
    doc = entry_templates_doc()
    found = re.findall(r"Add to `data/(\w+)\.yml`.*?```text\n(.*?)\n```", doc, re.S)
    return dict(found)


def test_there_is_a_template_per_kind():
    assert set(_templates()) == set(KINDS)


def test_a_template_holds_the_required_fields_and_offers_the_rest():
    for kind, text in _templates().items():
        schema = raw_schemas()[kind]
        required = yaml.safe_load(text)
        assert isinstance(required, list) and len(required) == 1, kind
        assert set(required[0]) == set(schema.get("required", [])), kind
        everything = yaml.safe_load(re.sub(r"^(\s*(?:- )?)# ", r"\1", text, flags=re.M))
        assert set(everything[0]) == set(schema["properties"]), kind
