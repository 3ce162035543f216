"""Validators any app's fields may use."""

import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Control characters (line feed, carriage return, tab, NUL…) and the Unicode line and paragraph separators.
NOT_ON_ONE_LINE = ("Cc", "Zl", "Zp")


def validate_one_line(value: str) -> None:
    """Refuse a line break or a control character in a one-line text (a name, a title, a place).

    Such a text goes into e-mail headers, file names and single lines of
    documents, where a line break either breaks them or smuggles in more.
    """
    if any(unicodedata.category(character) in NOT_ON_ONE_LINE for character in str(value)):
        raise ValidationError(
            _("Escriba este dato en una sola línea, sin saltos de línea ni caracteres de control."),
            code="not_one_line",
        )
