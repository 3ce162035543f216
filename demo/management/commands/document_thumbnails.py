"""The README's thumbnails of the demo's documents: the first page of each, a small PNG.

``make thumbnails`` loads the demo and runs this; it writes ``docs/screenshots/documento-<name>.png``
(pdftoppm, from poppler-utils, scales the first page to 300 pixels wide). ``--pdf-dir`` keeps the
PDFs too, and ``--resolution`` writes every page at that resolution instead, to look at them whole.
An acta not drafted yet is drafted for the picture and rolled back: the database is left as it was.
"""

import shutil
import subprocess
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from sessions_app.documents.builders import (
    agenda_document,
    agreements_document,
    attendance_document,
    convocation_document,
    minutes_document,
)
from sessions_app.documents.note import session_note_document
from sessions_app.models import Session
from sessions_app.services.minutes import minutes_draft

DOCUMENTS = {
    "convocatoria": lambda session: convocation_document(session),
    "orden-del-dia": agenda_document,
    "lista-de-asistencia": attendance_document,
    "acta": minutes_document,
    "nota-informativa": session_note_document,
    "reporte-de-acuerdos": lambda session: agreements_document(council=session.council, session=session),
}


class _RollBack(Exception):
    pass


class Command(BaseCommand):
    help = "Miniaturas de la primera página de cada documento de la sesión de la demo (docs/screenshots/)."

    def add_arguments(self, parser):
        parser.add_argument("--out", default=str(Path(settings.BASE_DIR) / "docs" / "screenshots"))
        parser.add_argument("--pdf-dir", default="", help="Guardar también los PDF en esta carpeta.")
        parser.add_argument("--resolution", type=int, default=0, help="Todas las páginas a esta resolución (ppp).")
        parser.add_argument("--session", type=int, default=0, help="Otra sesión que la celebrada de la demo.")

    def handle(self, *args, out, pdf_dir, resolution, session, **options):
        if shutil.which("pdftoppm") is None:
            raise CommandError("Falta pdftoppm (Debian: apt-get install poppler-utils).")
        chosen = Session.objects.filter(pk=session) if session else Session.objects.filter(status="held")
        chosen = chosen.order_by("starts_at").first() or Session.objects.order_by("starts_at").first()
        if chosen is None:
            raise CommandError("No hay sesiones: cargue la demo (manage.py load_demo).")
        pdfs = {}
        try:
            with transaction.atomic():
                if chosen.has_been_held and not hasattr(chosen, "minutes"):
                    minutes_draft(session=chosen)
                for name, build in DOCUMENTS.items():
                    document = build(chosen)
                    if document is not None:
                        pdfs[name] = document.pdf
                raise _RollBack
        except _RollBack:
            pass
        out_dir = Path(out)
        out_dir.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory() as scratch:
            for name, pdf in pdfs.items():
                source = Path(pdf_dir or scratch) / f"{name}.pdf"
                source.parent.mkdir(parents=True, exist_ok=True)
                source.write_bytes(pdf)
                target = out_dir / f"documento-{name}"
                if resolution:
                    command = ["pdftoppm", "-r", str(resolution), "-png", str(source), str(target)]
                else:
                    command = ["pdftoppm", "-f", "1", "-l", "1", "-singlefile", "-scale-to", "300", "-png"]
                    command += [str(source), str(target)]
                subprocess.run(command, check=True)  # noqa: S603 (fixed program, our own paths)
                self.stdout.write(f"{target}.png" if not resolution else f"{target}-*.png")
