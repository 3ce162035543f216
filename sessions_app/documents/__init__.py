"""The official documents of a session, from data to a signed-off PDF: one package, one way in.

- ``registry``: every document with its builder (``DOCUMENTS`` by slug, ``EXPORT_ONLY`` by file name);
  the session page, the downloads, the export and the ZIP all read it.
- ``builders``: what each document shows (orden del día, convocatoria, lista de asistencia, acta, reporte
  de acuerdos), on whose letterhead; ``note``: the nota informativa's prose drafted from data, and its PDF;
  ``prose``: typed paragraphs as HTML.
- ``rendering``: the one place where HTML becomes PDF (WeasyPrint, one print stylesheet, cached by hash).
- ``caching``: a document's HTML kept while nothing it shows changes.
- ``responses``: a PDF as an HTTP answer, with its ETag and 304, written once.
- ``publishing``: a final document stored once with its SHA-256, never changed.
- ``export``: a session's documents as files and as a streamed ZIP.
"""
