"""Strings without a translation are answered at once instead of after a walk through every catalog.

The screens are written in Spanish, so in Spanish (the default language) most
strings a page shows have no entry in any catalog. Python's ``gettext`` then
asks the language's catalog and each of its fallbacks in turn (Django's own
Spanish, each contributed app's: seven levels here) before giving the string
back unchanged: about 5 µs per string, and a page shows hundreds (a fifth of
a page's rendering). Each translation object Django makes learns, once, every
message its chain knows (singular and plural ids); a message none of them
knows is given back unchanged at once, exactly as the walk would have.
"""

from django.utils.translation import trans_real

_MARK = "_sesiones_knows"


def _known(translation) -> frozenset[str]:
    """Every message id any catalog of the translation's fallback chain holds (a plural's singular id too)."""
    known = set()
    node = translation
    while node is not None:
        catalog = getattr(node, "_catalog", None)
        if catalog is not None:
            for key in catalog.keys():  # noqa: SIM118 - Django's TranslationCatalog has keys(), no __iter__
                known.add(key[0] if isinstance(key, tuple) else key)
        node = getattr(node, "_fallback", None)
    return frozenset(known)


def _quick(translation):
    if getattr(translation, _MARK, None) is not None:
        return translation
    known = _known(translation)
    walk = translation.gettext

    def gettext(message):
        return walk(message) if message in known else message

    translation.gettext = gettext
    setattr(translation, _MARK, known)
    return translation


def install() -> None:
    """Make every translation object Django builds answer unknown strings at once (``CoreConfig.ready``)."""
    if getattr(trans_real.translation, _MARK, False):
        return
    build = trans_real.translation

    def translation(language):
        return _quick(build(language))

    setattr(translation, _MARK, True)
    trans_real.translation = translation
    # Those built before (an app's ``ready`` may have translated something already).
    for built in list(getattr(trans_real, "_translations", {}).values()):
        _quick(built)
    if trans_real._default is not None:
        _quick(trans_real._default)
