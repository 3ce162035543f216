"""The nota's typed paragraphs as HTML: escaped text, ``**bold**`` kept, further lines hung indented."""

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe


def _bold(line: str) -> str:
    parts = line.split("**")
    if len(parts) % 2 == 0:  # an unpaired ** is text, not markup
        parts = [*parts[:-2], parts[-2] + "**" + parts[-1]]
    return "".join(
        f"<strong>{escape(part)}</strong>" if index % 2 else escape(part) for index, part in enumerate(parts)
    )


def paragraph_html(text: str) -> SafeString:
    """A typed paragraph as HTML: everything escaped, ``**bold**`` (within a line) kept as bold.

    The paragraph's further lines (the agreements under "Se adoptaron cinco
    acuerdos:") become blocks that the print stylesheet hangs indented.
    """
    first, *lines = [_bold(line) for line in text.split("\n")]
    html = first + "".join(f'<span class="line">{line}</span>' for line in lines)
    return mark_safe(html)  # noqa: S308 - every piece was escaped by _bold
