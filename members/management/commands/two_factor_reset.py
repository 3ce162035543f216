"""Remove a user's authenticator app and recovery codes, for someone who lost both: they set it up again."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from members.services.two_factor import two_factor_reset


class Command(BaseCommand):
    help = (
        "Restablece la verificación en dos pasos de un usuario (pierde su aplicación y sus códigos de recuperación); "
        "si su función la requiere, al entrar se le pedirá configurarla de nuevo."
    )

    def add_arguments(self, parser):
        parser.add_argument("username", help="nombre de usuario")

    def handle(self, *args, **options):
        user = get_user_model().objects.filter(username__iexact=options["username"]).first()
        if user is None:
            raise CommandError(f"No existe el usuario «{options['username']}».")
        removed = two_factor_reset(user=user)
        if removed:
            self.stdout.write(f"Se restableció la verificación en dos pasos de «{user.get_username()}».")
        else:
            self.stdout.write(f"«{user.get_username()}» no tenía la verificación en dos pasos activada.")
