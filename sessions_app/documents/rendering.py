"""The one place where HTML becomes PDF: every official document goes through here.

A document is a template under ``templates/pdf/`` extending ``pdf/base.html``
(letterhead on every page, footer with the office address and "Página N de
M", one print stylesheet, Montserrat embedded). Rendering is in two steps:

1. ``render_html(template, context)`` writes the HTML, always in Spanish
   (official documents are Spanish whatever the reader's interface);
2. ``pdf_for(html)`` returns the PDF, rendered by WeasyPrint only when this
   exact HTML has never been rendered: the PDF is cached under the SHA-256 of
   the HTML, so an unchanged document is never rendered twice, by any process
   (the cache is the shared one: Redis or the database).

Every PDF is tagged (WeasyPrint's PDF/UA-1 variant: a structure tree a screen reader follows,
the language, an XMP packet with the title), with the subject and creation date the print base
writes in ``<meta>``. A published document is rendered archival instead (PDF/A-2a: PDF/A with
the same tags, the sRGB output intent and its identification in the XMP); WeasyPrint takes one
variant per PDF, and PDF/A-2a is the one that keeps the tags.

``responses.document_response`` answers a download with that hash as its
ETag, and 304 to a client that already has it. Published documents (a final
nota, an approved acta) are frozen by ``publishing.document_publish``.

WeasyPrint never reaches the network: the URL fetcher serves only the font
files, the static files and uploaded logos from disk.

A new document is a builder (``builders`` or its own module, as ``note``)
registered in ``registry``: the session page, the downloads, the export and
the ZIP then find it there.
"""

import hashlib
import html as html_escape
import mimetypes
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlparse

import segno
import weasyprint.pdf.fonts
from django.conf import settings
from django.core.cache import cache
from django.template.loader import get_template, render_to_string
from django.utils import timezone, translation
from PIL import Image
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

DOCUMENT_LANGUAGE = "es-mx"
TAGGED = "pdf/ua-1"
ARCHIVAL = "pdf/a-2a"
PDF_TIMEOUT = 7 * 24 * 60 * 60  # a draft nobody asks for again leaves the cache after a week
FONT_DIR = Path(settings.BASE_DIR) / "node_modules" / "@fontsource" / "montserrat" / "files"
PRINT_CSS = Path(settings.BASE_DIR) / "static" / "css" / "print.css"
_WEIGHTS = (400, 600, 700)


def _allowed_roots() -> list[Path]:
    roots = [FONT_DIR, Path(settings.BASE_DIR) / "static"]
    if getattr(settings, "MEDIA_ROOT", None):
        roots.append(Path(settings.MEDIA_ROOT))
    return [root.resolve() for root in roots]


class LocalFetcher(URLFetcher):
    """Serve ``file://`` URLs under the fonts, static files and media; refuse everything else."""

    def fetch(self, url, headers=None):
        parsed = urlparse(url)
        if parsed.scheme != "file":
            raise ValueError(f"Los documentos no cargan recursos externos: {url}")
        path = Path(unquote(parsed.path)).resolve()
        if not any(path.is_relative_to(root) for root in _allowed_roots()) or not path.is_file():
            raise ValueError(f"Recurso no permitido en un documento: {url}")
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(url, body=path.read_bytes(), headers={"Content-Type": content_type})


url_fetcher = LocalFetcher()


_SIZED_ARRAY = re.compile(r"(\w+)\[(\d+)\]")


class _OpenArrays:
    """WeasyPrint's cffi ``ffi`` for subsetting fonts, with each sized array (``'hb_codepoint_t[N]'``) asked for as
    the open array of the same items (``'hb_codepoint_t[]'``): the same C array.

    cffi parses each new type string with pycparser, against every type WeasyPrint declares (about 9 ms here), and
    the font subsetter (``weasyprint.pdf.fonts``) sizes its arrays by the glyphs each font uses in the document: a
    document whose counts no earlier one had paid up to two parses per font, a worker's first document 35 ms of its
    50. The open array is parsed once per process.
    """

    def __init__(self, ffi):
        self._ffi = ffi

    def __getattr__(self, name):
        return getattr(self._ffi, name)

    def new(self, cdecl, init=None):
        sized = _SIZED_ARRAY.fullmatch(cdecl) if isinstance(cdecl, str) else None
        if sized and isinstance(init, Sequence) and len(init) == int(sized[2]):
            return self._ffi.new(f"{sized[1]}[]", init)
        return self._ffi.new(cdecl, init)


# Only the subsetter's module sees it: the rest of WeasyPrint keeps cffi's own ``ffi``.
if not isinstance(weasyprint.pdf.fonts.ffi, _OpenArrays):
    weasyprint.pdf.fonts.ffi = _OpenArrays(weasyprint.pdf.fonts.ffi)


def _font_faces() -> str:
    faces = []
    for weight in _WEIGHTS:
        for style in ("normal", "italic"):
            font = FONT_DIR / f"montserrat-latin-{weight}-{style}.woff"
            if font.exists():
                faces.append(
                    "@font-face { font-family: 'Montserrat'; "
                    f"src: url('{font.as_uri()}') format('woff'); font-weight: {weight}; font-style: {style}; }}"
                )
    return "\n".join(faces)


_stylesheets: tuple[FontConfiguration, list[CSS]] | None = None


def stylesheets() -> tuple[FontConfiguration, list[CSS]]:
    """The fonts and the print stylesheet, parsed once per process."""
    global _stylesheets
    if _stylesheets is None:
        fonts = FontConfiguration()
        sheets = [
            CSS(string=_font_faces(), font_config=fonts, url_fetcher=url_fetcher),
            CSS(filename=str(PRINT_CSS), font_config=fonts, url_fetcher=url_fetcher),
        ]
        _stylesheets = (fonts, sheets)
    return _stylesheets


# The print templates a worker compiles before its first document (``warm_up``).
PRINT_TEMPLATES = (
    "pdf/agenda.html",
    "pdf/agreements.html",
    "pdf/attendance.html",
    "pdf/convocation.html",
    "pdf/informative_note.html",
    "pdf/minutes.html",
)
# A page laid out like the documents: letterhead and foot in the margin boxes, a table, a list, every weight and
# style, and Spanish words long enough to be hyphenated (WeasyPrint loads the hyphenation dictionary on first use).
# Each size of text the documents print sets every letter, digit and sign they write: Pango measures a glyph the
# first time a font at that size draws it.
_WARM_UP_CHARACTERS = (
    "ABCDEFGHIJKLMNÑOPQRSTUVWXYZ ÁÉÍÓÚÜ abcdefghijklmnñopqrstuvwxyz áéíóúü 0123456789 .,;:¿?¡!()«»“”'-–—/°#%&·"
)
_WARM_UP_BODY = (
    f"<h1 class='title'>{_WARM_UP_CHARACTERS}</h1><p class='subtitle'>{_WARM_UP_CHARACTERS}</p>"
    f"<table><thead><tr><th>{_WARM_UP_CHARACTERS}</th></tr></thead>"
    f"<tbody><tr><td>{_WARM_UP_CHARACTERS}</td></tr></tbody></table>"
    f"<ol class='agenda'><li><span class='item-time'>10:00</span><strong>{_WARM_UP_CHARACTERS}</strong>"
    f"<div class='meta'>{_WARM_UP_CHARACTERS}</div></li></ol>"
    f"<h2>{_WARM_UP_CHARACTERS}</h2><h3>{_WARM_UP_CHARACTERS}</h3><p>{_WARM_UP_CHARACTERS}</p>"
    f"<p class='small'>{_WARM_UP_CHARACTERS}</p><p class='badge'>{_WARM_UP_CHARACTERS}</p>"
    "<p style='width: 3cm'>Presentación del informe interinstitucional de corresponsabilidad gubernamental, "
    "<strong>administración</strong>, <em>reglamentación</em> y <strong><em>consolidación</em></strong> "
    "<span style='font-weight: 600'>intergubernamentalmente</span>.</p>"
)


def warm_up() -> None:
    """What a process needs before its first document, done when it starts (gunicorn's and Celery's workers).

    The fonts and the print stylesheet are parsed, a short page in every weight and style of the letterhead
    is laid out (WeasyPrint reads each font file on first use) and the print templates are compiled, so
    that the first document a worker builds is not slower than the next.
    """
    stylesheets()
    Image.preinit()  # Pillow imports its PNG and JPEG readers (a logo's formats) when it opens its first image
    for name in PRINT_TEMPLATES:
        get_template(name)
    page = render_html(
        "pdf/base.html",
        {
            "issuer": {"name": _WARM_UP_CHARACTERS},
            "unit_lines": [_WARM_UP_CHARACTERS],
            "footer_address": _WARM_UP_CHARACTERS,
        },
    )
    render_pdf(page.replace("</body>", _WARM_UP_BODY + "</body>", 1))


def render_html(template_name: str, context: dict) -> str:
    """The document's HTML, in Spanish whatever the interface language of who asks for it.

    It carries its creation date (the day: a draft's HTML, and so its cached PDF, stays the same all day).
    """
    with translation.override(DOCUMENT_LANGUAGE):
        return render_to_string(template_name, {"created_on": timezone.localdate().isoformat(), **context})


def html_hash(html: str) -> str:
    return hashlib.sha256(html.encode()).hexdigest()


def render_pdf(html: str | Sequence[str], *, variant: str | None = TAGGED) -> bytes:
    """WeasyPrint, with the embedded fonts and the print stylesheet; no network.

    Several HTML parts (the letters of a convocatoria) are laid out one by one, each
    numbered "Página N de M" on its own, and bound into one PDF. ``variant`` is the PDF
    standard: tagged (``TAGGED``), archival (``ARCHIVAL``), or ``None`` for an untagged
    PDF (only the benchmark asks for one, to measure what tagging costs).
    """
    fonts, sheets = stylesheets()
    parts = [html] if isinstance(html, str) else list(html)
    laid_out = [
        HTML(string=part, base_url=str(settings.BASE_DIR), url_fetcher=url_fetcher).render(
            stylesheets=sheets, font_config=fonts
        )
        for part in parts
    ]
    options = {"pdf_variant": variant} if variant else {}
    if len(laid_out) == 1:
        return laid_out[0].write_pdf(**options)
    return laid_out[0].copy([page for document in laid_out for page in document.pages]).write_pdf(**options)


def pdf_for(html: str, parts: Sequence[str] = (), *, variant: str = TAGGED) -> bytes:
    """The PDF of this HTML (or of these parts, ``html`` being their concatenation), cached by its hash."""
    key = f"pdf:{variant}:{html_hash(html)}"
    pdf = cache.get(key)
    if pdf is None:
        pdf = render_pdf(list(parts) or html, variant=variant)
        cache.set(key, pdf, timeout=PDF_TIMEOUT)
    return pdf


@dataclass(frozen=True)
class RenderedDocument:
    """A document ready to download: its file name, its HTML's hash and a way to get its bytes.

    ``parts``, when given, are documents bound together, each paginated on its own (one
    letter per institution); ``html`` is then their concatenation, which the hash covers.
    """

    filename: str
    html: str
    parts: tuple[str, ...] = ()

    @classmethod
    def bound(cls, filename: str, parts: Sequence[str]) -> "RenderedDocument":
        return cls(filename=filename, html="".join(parts), parts=tuple(parts))

    @property
    def etag(self) -> str:
        return f'"{html_hash(self.html)}"'

    @property
    def pdf(self) -> bytes:
        """The tagged PDF, as downloaded while the document is a draft."""
        return pdf_for(self.html, self.parts)

    @property
    def archival_pdf(self) -> bytes:
        """The archival PDF (PDF/A, tagged), as a published version is stored."""
        return pdf_for(self.html, self.parts, variant=ARCHIVAL)

    def verifiable_archival_pdf(self, *, code: str, url: str) -> bytes:
        """The archival PDF carrying, on every page, where anyone checks it: the verification page's QR beside the
        letterhead and its address and code at the foot (so a one-page document stays one page)."""
        parts = tuple(verifiable_html(part, code=code, url=url) for part in self.parts)
        html = "".join(parts) if parts else verifiable_html(self.html, code=code, url=url)
        return pdf_for(html, parts, variant=ARCHIVAL)


def verifiable_html(html: str, *, code: str, url: str) -> str:
    """A document's HTML with the verification page's QR (segno, inline SVG) in its letterhead and, in its foot,
    "Verifique este documento en <url> · código <code>"."""
    qr = segno.make(url, error="m").svg_inline(scale=2, border=1, omitsize=True)
    with translation.override("es-mx"):
        text = translation.gettext("Verifique este documento en %(url)s · código %(code)s") % {
            "url": html_escape.escape(url),
            "code": html_escape.escape(code),
        }
        label = html_escape.escape(translation.gettext("Código QR de la página de verificación"))
    # First in the letterhead, so that it floats to its top right and the letterhead holds it (print.css): after
    # the lines, it floated below them, out of the letterhead, over its rule and the first lines of the page.
    html = re.sub(
        r'(<header class="letterhead[^"]*">)',
        lambda opening: f'{opening[1]}<span class="verification-qr" role="img" aria-label="{label}">{qr}</span>',
        html,
        count=1,
    )
    return html.replace('<div class="footer">', f'<div class="footer"><div class="verification-line">{text}</div>', 1)
