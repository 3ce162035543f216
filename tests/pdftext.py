"""Reading PDFs in tests as a person would: the text of every page, the page count, the fonts."""

import io
import re

from pypdf import PdfReader


def pdf_reader(content: bytes) -> PdfReader:
    assert content.startswith(b"%PDF"), content[:40]
    return PdfReader(io.BytesIO(content))


def _readable(text: str) -> str:
    text = re.sub(r"\u2010\s+", "", text)  # a word hyphenated at the end of a line (Spanish hyphenation), whole again
    return " ".join(text.split())


def pdf_text(content: bytes) -> str:
    """The text of every page, with runs of white space made single spaces (line breaks fall anywhere)
    and hyphenated words joined."""
    return _readable("\n".join(page.extract_text() or "" for page in pdf_reader(content).pages))


def pdf_page_texts(content: bytes) -> list[str]:
    """The text of each page on its own, read as ``pdf_text`` reads the whole: what a page break cuts shows."""
    return [_readable(page.extract_text() or "") for page in pdf_reader(content).pages]


def pdf_pages(content: bytes) -> int:
    return len(pdf_reader(content).pages)


def pdf_fonts(content: bytes) -> set[str]:
    """The base names of the fonts embedded in the PDF, without their subset prefix ("Montserrat-Bold")."""
    fonts = set()
    for page in pdf_reader(content).pages:
        resources = page.get("/Resources") or {}
        for font in (resources.get("/Font") or {}).values():
            font = font.get_object()
            name = str(font.get("/BaseFont", ""))
            descendants = font.get("/DescendantFonts")
            embedded = False
            for descendant in descendants or [font]:
                descriptor = descendant.get_object().get("/FontDescriptor")
                if descriptor is not None:
                    descriptor = descriptor.get_object()
                    embedded = any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))
            if embedded:
                fonts.add(name.lstrip("/").split("+")[-1])
    return fonts
