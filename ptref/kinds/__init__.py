"""The kinds of entry, one folder each: everything about a kind that is not its data.

`ptref/kinds/<key>/` holds:

- `schema.json`: what an entry holds (its `x-ref` fields are its relations, see
  ptref/model/schema.py), and in its `x-kind` block how the kind is named, grouped and tagged,
  with the words of every choice beside its value (ptref/model/kinds.py reads it);
- `page.py`: `PAGE = KindPage(...)`, the sections of an entry's page and any piece of page or
  extra page only this kind has, and `DERIVED`, fields worked out from the data;
- and, where the kind has them, its cards, pathways, question templates and rules.

ptref/site.py finds the folders and hands their pieces to the engines (ptref/render,
ptref/study, ptref/rules), which never import a kind. A kind may use the model and the engines;
`tests/test_layers.py` keeps the imports running that way. CONTRIBUTING.md walks through adding
a kind.
"""
