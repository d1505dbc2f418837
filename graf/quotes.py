"""Checking quoted sentences against the text of their source, with one stated normalisation.

A quote matches when it occurs in the source after both are normalised the same way:

* every run of whitespace (spaces, tabs, line breaks) counts as one space, so a sentence that the
  source wraps over several lines, or splits around a letterhead, still matches;
* in Markdown sources (``.md``), the emphasis marks ``**`` are ignored, so a quote of a table cell
  reads as the rendered text ("Frank Jensen (S), from 1 Jan 2010", not "**Frank Jensen (S)**, ...").

Nothing else is changed: letters, punctuation, quotation marks and ellipses (…) must match exactly.
"""

from __future__ import annotations

import re
from pathlib import Path

NORMALISATION = ("whitespace runs count as one space; in Markdown sources (.md) the emphasis marks ** are "
                 "ignored; everything else must match exactly")

_SPACE = re.compile(r"\s+")


def normalise(text: str, markdown: bool = False) -> str:
    """``text`` as quotes are compared: whitespace runs collapsed, ``**`` removed in Markdown."""
    if markdown:
        text = text.replace("**", "")
    return _SPACE.sub(" ", text).strip()


def is_markdown(path: str | Path) -> bool:
    return str(path).lower().endswith((".md", ".markdown"))


def quote_in(quote: str, source_text: str, markdown: bool = False) -> bool:
    """Whether ``quote`` occurs in ``source_text`` under the normalisation above.

    >>> quote_in("the **large** ones", "of the\\n**large**   ones here", markdown=True)
    True
    >>> quote_in("the large ones", "the large one")
    False
    """
    return normalise(quote, markdown) in normalise(source_text, markdown)
