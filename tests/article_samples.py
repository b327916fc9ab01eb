"""Sample articles shared by the tests of reading, scanning and writing out an article (not a test file)."""

from __future__ import annotations

from pathlib import Path

KRATOM = (Path(__file__).parent / "fixtures" / "articles" / "kratom-excerpt.txt").read_text(encoding="utf-8")

NAV_PAGE = """<!DOCTYPE html><html><head><title>Shop</title><script>var x = "may cure";</script>
<style>p { color: red }</style></head><body>
<header><nav><ul><li><a href="/">Home</a></li><li>Natural remedies</li></ul></nav></header>
<div role="navigation">Menu: safe products</div>
<main><article><h1>Herbal Calm</h1><p>This herbal tea may ease stress.<br>Experts say it works.</p>
<ul><li>100% natural</li><li>No side effects</li></ul><noscript>Enable JavaScript</noscript>
<svg><text>guaranteed</text></svg></article></main>
<aside>Related: miracle cures</aside><form><button>Buy now</button></form>
<footer><p>Copyright 2026</p></footer><script>track("proven");</script></body></html>"""


def write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    """Save text (UTF-8) or bytes as tmp_path/name and return its path."""
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path
