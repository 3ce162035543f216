"""Write every document of one session, or of all, as PDF files with a manifest of SHA-256 hashes."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from sessions_app.documents.builders import session_slug
from sessions_app.documents.export import manifest, session_files
from sessions_app.models import Session


class Command(BaseCommand):
    help = "Exporta los documentos de una sesión (--session ID) o de todas (--all) a DIR/<sesión>/<documento>.pdf"

    def add_arguments(self, parser):
        which = parser.add_mutually_exclusive_group(required=True)
        which.add_argument("--session", type=int, help="ID de la sesión")
        which.add_argument("--all", action="store_true", help="todas las sesiones")
        parser.add_argument("--out", required=True, help="directorio de salida")

    def handle(self, *args, **options):
        sessions = Session.objects.select_related("council", "working_group").order_by("starts_at", "pk")
        if options["session"] is not None:
            sessions = sessions.filter(pk=options["session"])
            if not sessions.exists():
                raise CommandError(f"No existe la sesión {options['session']}.")
        out = Path(options["out"])
        count = 0
        for session in sessions:
            folder = out / session_slug(session)
            folder.mkdir(parents=True, exist_ok=True)
            files = session_files(session)
            for name, content in files.items():
                (folder / name).parent.mkdir(parents=True, exist_ok=True)
                (folder / name).write_bytes(content)
            (folder / "manifest.json").write_text(
                json.dumps(manifest(session, files), ensure_ascii=False, indent=2), encoding="utf-8"
            )
            count += 1
            self.stdout.write(f"{folder}: {len(files)} documentos")
        self.stdout.write(self.style.SUCCESS(f"{count} sesiones exportadas en {out}"))
