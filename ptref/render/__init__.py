"""Markdown and HTML of the generated pages, cards and feed. No MkDocs import."""

# The site's name as cards and the feed print it (mkdocs.yml's site_name says the same for the
# theme; a test keeps the two equal).
SITE_NAME = "Thoracic Spine PT Reference"
