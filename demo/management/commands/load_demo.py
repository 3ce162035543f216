from django.conf import settings
from django.core.management.base import BaseCommand

from demo.loader import load_demo


class Command(BaseCommand):
    help = "Carga el consejo de demostración (Nuevo León, sesión del 7 de octubre de 2022). Idempotente."

    def add_arguments(self, parser):
        parser.add_argument("--no-accounts", action="store_true", help="No crear las cuentas de demostración.")

    def handle(self, *args, no_accounts=False, **options):
        with_accounts = settings.DEMO and not no_accounts
        result = load_demo(with_accounts=with_accounts)
        self.stdout.write(self.style.SUCCESS(f"Consejo cargado: {result['council'].name}"))
        self.stdout.write(f"Sesión: {result['session'].title} ({result['session'].starts_at:%d/%m/%Y})")
        self.stdout.write(f"Próxima sesión: {result['upcoming'].title}")
        if result["accounts"]:
            self.stdout.write("Cuentas de demostración (usuario / contraseña):")
            for username, password, description in result["accounts"]:
                self.stdout.write(f"  {username:12} {password:15} {description}")
        elif not settings.DEMO:
            self.stdout.write("Cuentas de demostración no creadas: DEMO está desactivado (producción).")
