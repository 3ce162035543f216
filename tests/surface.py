"""The project's surface for the whole-project tests: every URL of the resolver, and a fingerprint of the data."""

import hashlib
from functools import reduce
from operator import or_

from django.apps import apps
from django.db import models
from django.urls import URLPattern, URLResolver, get_resolver

# URLs that are not the project's own pages, and why the whole-project tests leave them out.
SKIPPED_NAMESPACES = {
    "admin": "Django's admin: only is_staff users pass its own login; its pages are tested in tests/*/test_admin.py",
    "djdt": "the debug toolbar, never installed in production",
    "api-v1": "the JSON API: Bearer tokens, not sessions; its own matrix (tests/api/test_permissions.py) and its "
    "fuzz from its own schema (tests/api/test_schema_fuzz.py)",
}
SKIPPED_VIEW_MODULES = {
    "django.views.i18n": "the language switch: a POST that changes only the visitor's own language",
    "django.views.static": "media files served by runserver while DEBUG is on; production serves none this way",
}


def project_urls() -> dict[str, list[URLPattern]]:
    """Every named URL pattern of the project, by its full name ("namespace:name"), minus the skipped ones."""
    found: dict[str, list[URLPattern]] = {}

    def walk(patterns, namespace: str | None):
        for entry in patterns:
            if isinstance(entry, URLResolver):
                if entry.namespace in SKIPPED_NAMESPACES:
                    continue
                inner = f"{namespace}:{entry.namespace}" if namespace and entry.namespace else entry.namespace
                walk(entry.url_patterns, inner or namespace)
            elif isinstance(entry, URLPattern):
                module = getattr(entry.callback, "__module__", "")
                if module in SKIPPED_VIEW_MODULES:
                    continue
                assert entry.name, f"URL pattern {entry.pattern} ({module}) has no name: name it"
                full_name = f"{namespace}:{entry.name}" if namespace else entry.name
                found.setdefault(full_name, []).append(entry)

    walk(get_resolver().url_patterns, None)
    return found


def accepts_post(pattern: URLPattern) -> bool:
    """Whether the pattern's view answers POST (a class-based view with a ``post`` method)."""
    view_class = getattr(pattern.callback, "view_class", None)
    return view_class is not None and hasattr(view_class, "post")


SNAPSHOT_APPS = ("council", "members", "sessions_app", "auth")


def database_fingerprint() -> str:
    """A hash of every row of the project's models (their audit history included) and of the users."""
    digest = hashlib.sha256()
    for model in apps.get_models():
        if model._meta.app_label not in SNAPSHOT_APPS:
            continue
        digest.update(model._meta.label.encode())
        for row in model._default_manager.order_by("pk").values_list():
            digest.update(repr(row).encode())
    return digest.hexdigest()


def one_line_fields() -> list[models.CharField]:
    """Every text field a person types in one line: CharFields without choices, entered through a form."""
    fields = []
    for model in apps.get_models():
        history = model.__name__.startswith("Historical")  # copies of the fields, checked on the model itself
        if model._meta.app_label not in ("council", "members", "sessions_app") or history:
            continue
        for field in model._meta.concrete_fields:
            generated = field.has_default() and callable(field.default)  # tokens the app draws itself
            if type(field) is models.CharField and not field.choices and field.editable and not generated:
                fields.append(field)
    return fields


LINE_BREAKS = ("\n", "\r", "\u2028", "\u2029")


def rows_with_line_breaks() -> int:
    """How many rows have a line break in a one-line field."""
    by_model: dict[type[models.Model], list[str]] = {}
    for field in one_line_fields():
        by_model.setdefault(field.model, []).append(field.name)
    return sum(
        model._default_manager.filter(
            reduce(or_, (models.Q(**{f"{name}__contains": brk}) for name in names for brk in LINE_BREAKS))
        ).count()
        for model, names in by_model.items()
    )
