"""README.md stays a user's README, and the links of README.md and docs/*.md lead somewhere."""
import re

import pytest

from .conftest import REPO

README = REPO / "README.md"
README_LIMIT = 12_000  # bytes
DOCS = sorted((REPO / "docs").glob("*.md"))

# [text](target) or [text](target "title"); images ![..](..) too. Code spans and fenced blocks are not links.
LINK = re.compile(r"\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
FENCE = re.compile(r"^(```|~~~).*?^\1", re.MULTILINE | re.DOTALL)
CODE_SPAN = re.compile(r"`[^`\n]*`")


def relative_links(markdown: str) -> list[str]:
    text = CODE_SPAN.sub("", FENCE.sub("", markdown))
    links = []
    for target in LINK.findall(text):
        if re.match(r"[a-zA-Z][a-zA-Z0-9+.-]*:", target):  # http:, https:, mailto:, ...
            continue
        path = target.split("#", 1)[0]
        if path:  # a bare #anchor points into the same file
            links.append(path)
    return links


def test_readme_is_under_the_limit():
    size = len(README.read_bytes())
    assert size < README_LIMIT, f"README.md is {size} bytes; keep it under {README_LIMIT} and move detail to docs/"


def test_docs_folder_exists():
    assert DOCS, "docs/*.md is missing"


@pytest.mark.parametrize("document", [README, *DOCS], ids=lambda path: str(path.relative_to(REPO)))
def test_relative_links_point_to_files(document):
    missing = []
    for link in relative_links(document.read_text(encoding="utf-8")):
        target = (document.parent / link).resolve()
        if not (target.is_relative_to(REPO.resolve()) and target.exists()):
            missing.append(link)
    assert not missing, f"{document.relative_to(REPO)} links to files missing from the repository: {missing}"


def test_link_parser():
    text = ("[a](docs/x.md#part) [b](https://example.com) [c](#top) ![d](img.png \"t\")\n"
            "`[e](not/a/link.md)`\n```\n[f](nor/this.md)\n```\n[g](../labeled/README.md)")
    assert relative_links(text) == ["docs/x.md", "img.png", "../labeled/README.md"]
