"""Versions of what a council's pages show, so that what has not changed is neither queried nor rendered again.

Each council has a version: a random token kept in the cache and replaced
whenever anything its pages show is saved or deleted — its sessions, their
agenda, invitations, votes, agreements and their progress, documents, actas,
its seats and groups. The directory (institutions and people, whose names
every page shows) has one version for all councils. A cached fragment or
result carries both versions in its key: a change makes a new key, and the
old entry is simply never read again (it expires on its own).

Saves and deletes through the ORM replace the version by themselves (the
signals ``sessions_app.fragments`` connects); a service that writes in bulk (``bulk_create``,
``bulk_update``, ``QuerySet.update``), which sends no signal, calls
``council_changed``. The version is replaced at once and again when the
transaction commits, so a page rendered from data read before the commit is
never kept under the new version. Views check permissions on every request,
then use a fragment keyed by what the viewer may see. The facts a check reads
(on the staff of which councils, which institution a user answers for, whether
it is convened to a session) are kept under their own version, the access
version (``kept_standing``), which every change of a council (its sessions and
invitations included), of the directory (people and their accounts) and of a
council's staff replaces: a change in who may see what is seen by the next
request, and a warm page asks the database nothing.

Answers and check-ins — what changes every few seconds on the day of a
session — replace narrower versions instead (``attendance_changed``): one of
the council (its lists and counts follow it) and one of the session. A
session's page (``lookup(council, session_id=…)``) follows the council's
version and its own attendance, so an answer in another session leaves it
alone, and its agenda and agreements, kept under the council's version
alone (``content_version``), are not rendered again after an answer.

Versions also carry the release: a digest of the code, templates,
translations and static files this deployment renders with, so that a new
release never serves what the last one rendered.

A whole page (``CachedPageMixin``) is kept the same way, under a key that
says who is looking and at what, and with the version it was rendered from:
a request whose permission check has passed reads the council's version and
the page in one round trip, and answers with the stored HTML if the versions
match. The stored page holds a placeholder where the CSRF token goes; each
response gets the request's own token. A request with flash messages to show,
or with a query string, is rendered and not stored.

A list that shows counts of answers and check-ins (``page_live``) is kept under the content version
instead, with each part that follows them marked (``{% live %}`` in ``core.templatetags.live``):
after an answer only those parts are computed again (``live_parts``), kept under the full version
(for any host: a live part holds no absolute URL) and filled in; the rest of the page is not
rendered again. The dashboard, the session list and the session page are kept so.
"""

import functools
import hashlib
import re
import uuid
from dataclasses import dataclass
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.contrib.messages import get_messages
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import get_language

from core.submissions import fresh_tokens

# How long a fragment is kept at most; a change makes a new key long before.
FRAGMENT_TIMEOUT = 24 * 60 * 60

_COUNCIL_KEY = "fragments:council:%s"
_COUNCIL_ATTENDANCE_KEY = "fragments:council-attendance:%s"
_SESSION_ATTENDANCE_KEY = "fragments:session-attendance:%s"
# A session with its council, as a session's pages read it, kept under the content version (``kept_object``):
# a session and its council change only through saves, which replace the council's version.
SESSION_KEY = "fragments:session:%s"
_DIRECTORY_KEY = "fragments:directory"
# Where users stand: staff of which councils, which institution, convened to which session (``kept_standing``).
_ACCESS_KEY = "fragments:access"
# How long what a permission check read is kept at most; a change makes it unread long before.
STANDING_TIMEOUT = 60 * 60


def _new_token() -> str:
    return uuid.uuid4().hex[:12]


def release() -> str:
    """A digest of what this deployment renders with: the project's code, templates, translations, static files.

    Read once per process; with DEBUG on, from the files' sizes and times on
    every call, so that a template edited while developing shows at once.
    """
    return _release_files(contents=False) if settings.DEBUG else _release_once()


@functools.cache
def _release_once() -> str:
    return _release_files(contents=True)


def _release_files(*, contents: bool) -> str:
    digest = hashlib.sha256(str(getattr(staticfiles_storage, "manifest_hash", "")).encode())
    base = Path(settings.BASE_DIR).resolve()
    roots = [Path(d) for engine in settings.TEMPLATES for d in engine.get("DIRS", [])]
    roots += [Path(d) for d in settings.LOCALE_PATHS]
    roots += [  # the project's own apps, not the installed packages (a virtualenv may live inside BASE_DIR)
        Path(app.path)
        for app in apps.get_app_configs()
        if Path(app.path).resolve().is_relative_to(base) and "site-packages" not in Path(app.path).parts
    ]
    for root in sorted({r.resolve() for r in roots if r.is_dir()}):
        for path in sorted(root.rglob("*")):
            if path.suffix in {".py", ".html", ".txt", ".mo"} and path.is_file():
                digest.update(str(path.relative_to(base) if path.is_relative_to(base) else path).encode())
                if contents:
                    digest.update(path.read_bytes())
                else:
                    stat = path.stat()
                    digest.update(f"{stat.st_size}:{stat.st_mtime_ns}".encode())
    return digest.hexdigest()[:12]


def _tokens(version_keys: list[str], keys) -> tuple[list[str], dict]:
    """The tokens under ``version_keys`` (a missing one is made) and whatever the cache holds under ``keys``."""
    found = cache.get_many([*version_keys, *keys])
    tokens = []
    for key in version_keys:
        token = found.get(key)
        if token is None:
            cache.add(key, _new_token(), timeout=None)
            token = cache.get(key)
        tokens.append(token)
    return tokens, {key: found[key] for key in keys if key in found}


@dataclass(frozen=True)
class Versions:
    """What a page was rendered from: ``full`` (everything it shows) and ``content`` (all but attendance)."""

    full: str
    content: str


def lookup(council_id: int, keys: list[str] = (), *, session_id: int | None = None) -> tuple[str, dict]:
    """The current version of a council's pages and whatever the cache holds under ``keys``, in one round trip.

    With ``session_id``, the version of that session's page: the council's, with the session's own
    attendance instead of the whole council's (``lookup_session`` also gives the content version).
    """
    versions, found = lookup_session(council_id, keys, session_id=session_id)
    return versions.full, found


def lookup_session(council_id: int, keys: list[str] = (), *, session_id: int | None = None) -> tuple[Versions, dict]:
    """``lookup`` with the content version too: what does not follow answers and check-ins."""
    attendance_key = (
        _COUNCIL_ATTENDANCE_KEY % council_id if session_id is None else _SESSION_ATTENDANCE_KEY % session_id
    )
    (council, directory, attendance), found = _tokens([_COUNCIL_KEY % council_id, _DIRECTORY_KEY, attendance_key], keys)
    content = ".".join([release(), council, directory])
    return Versions(full=f"{content}.{attendance}", content=content), found


def lookup_many(council_ids: list[int], keys: list[str] = (), *, attendance: bool = True) -> tuple[str, dict]:
    """``lookup`` for what several councils show at once (a list across councils): one version for all of them.

    ``attendance=False``: the content version only, for what answers and check-ins do not change.
    """
    versions, found = lookup_many_versions(council_ids, keys, attendance=attendance)
    return versions.full, found


def lookup_many_versions(
    council_ids: list[int], keys: list[str] = (), *, attendance: bool = True
) -> tuple[Versions, dict]:
    """``lookup_many`` with the content version too (all but the councils' answers and check-ins)."""
    council_ids = sorted(council_ids)
    content_keys = [*(_COUNCIL_KEY % council_id for council_id in council_ids), _DIRECTORY_KEY]
    attendance_keys = [_COUNCIL_ATTENDANCE_KEY % council_id for council_id in council_ids] if attendance else []
    tokens, found = _tokens([*content_keys, *attendance_keys], keys)
    content = hashlib.sha256(".".join([release(), *tokens[: len(content_keys)]]).encode()).hexdigest()
    if not attendance:
        return Versions(full=content, content=content), found
    full = hashlib.sha256(".".join([content, *tokens[len(content_keys) :]]).encode()).hexdigest()
    return Versions(full=full, content=content), found


def version(council_id: int) -> str:
    """The current version of a council's pages (one cache round trip)."""
    return lookup(council_id)[0]


def _replace(*keys: str) -> None:
    cache.set_many({key: _new_token() for key in keys}, timeout=None)
    # Again after the commit: a reader between the two may have cached what it read before the commit.
    transaction.on_commit(lambda: cache.set_many({key: _new_token() for key in keys}, timeout=None))


def council_changed(council_id: int | None) -> None:
    """Something a page of the council shows changed: its fragments, and what permission checks read, are no
    longer used (a session or an invitation made or deleted changes who may see it)."""
    if council_id is not None:
        _replace(_COUNCIL_KEY % council_id, _ACCESS_KEY)


def attendance_changed(council_id: int | None, session_id: int | None) -> None:
    """An answer or a check-in in a session: the council's lists and counts and that session's page change.

    The other sessions' pages, and this session's agenda and agreements, are not rendered again.
    """
    if council_id is None:
        return
    if session_id is None:
        council_changed(council_id)
        return
    _replace(_COUNCIL_ATTENDANCE_KEY % council_id, _SESSION_ATTENDANCE_KEY % session_id)


def directory_changed() -> None:
    """An institution or a person changed: every council's fragments, and what permission checks read (whose
    account answers for which institution), are no longer used."""
    _replace(_DIRECTORY_KEY, _ACCESS_KEY)


def access_changed() -> None:
    """Who is on a council's staff changed: what permission checks read is read again."""
    _replace(_ACCESS_KEY)


def kept_standing(key: str, load):
    """What ``load`` reads for a permission check (plain values), kept under the access version: one cache round
    trip instead of a query while no council, directory or staff changes.

    Stored under the version read before ``load`` ran: a change meanwhile makes it never read (the version is
    replaced at once and again when the change commits).
    """
    (token,), found = _tokens([_ACCESS_KEY], [key])
    stored = found.get(key)
    if stored is not None and stored[0] == token:
        return stored[1]
    value = load()
    cache.set(key, (token, value), STANDING_TIMEOUT)
    return value


# --- Whole pages.

# How long a whole page is kept at most; it is per viewer, so it is let go sooner than a fragment.
PAGE_TIMEOUT = 60 * 60
# Stands for the request's CSRF token in a stored page (the template sees it as ``csrf_token``).
CSRF_PLACEHOLDER = "csrf-token-of-the-request-5b0f3c9e2a71"
# Marks a live part in a page kept under the content version (``{% live %}``); HTML the page escapes never matches.
LIVE_MARK = "<!--live:%s-->"
_LIVE_MARKS = re.compile(r"<!--live:([\w:.-]+)-->")


def _has_messages(request) -> bool:
    """Whether the request has flash messages to show (without marking them shown)."""
    return len(get_messages(request)) > 0


def this_minute() -> str:
    """A part of the key of a page that says what is due, upcoming or open now: it is kept for a minute at most."""
    return timezone.localtime().strftime("%Y-%m-%dT%H:%M")


def _personal(html: str, request) -> str:
    """A stored page for this response: the request's CSRF token, and new one-time form tokens."""
    return fresh_tokens(html.replace(CSRF_PLACEHOLDER, get_token(request)))


class CachedPageMixin:
    """Serve a page's whole HTML from the cache while nothing it shows has changed.

    For a template view whose permission check runs in ``dispatch`` (the
    access mixins), before ``get``: a refusal is never cached, and a stored
    page is only ever served after the check has passed. The view says which
    councils' version the page follows (``page_council_ids``, or one
    ``page_council_id``; a session's page also ``page_session_id``) and what
    else it depends on (``page_cache_parts``: what the viewer may see, facts
    that change with time — ``this_minute`` for what is due or upcoming). The
    key also holds the host and path (the language form sends the path back),
    the language and the user with what the menu shows of them (name,
    platform admin, staff somewhere, institution). ``self.fragment_version`` is
    the version read and ``self.content_version`` its part that does not
    follow answers and check-ins, for the template's fragments.
    """

    page_placeholder = False  # rendering a page to keep (GET without query string nor messages)
    page_found: dict = {}  # what the round trip of the versions found under ``page_kept_keys``
    # False for a page that answers and check-ins of sessions not yet held do not change (agreements,
    # statistics of held sessions): it follows the content version only and stays cached through them.
    page_follows_attendance = True
    # True for a page whose only parts that follow answers and check-ins are marked ``{% live %}``.
    page_live = False

    def page_council_id(self) -> int:
        raise NotImplementedError

    def page_council_ids(self) -> list[int]:
        return [self.page_council_id()]

    def page_session_id(self) -> int | None:
        return None

    def page_cache_parts(self) -> list:
        raise NotImplementedError

    def page_viewer_parts(self) -> list:
        """What the menu shows of the viewer beyond their name: whether they manage councils, their institution."""
        viewer = self.request.viewer
        viewer.read_standing()  # both facts in one query, unless a check read them already
        return [viewer.staff_anywhere, viewer.institution_id]

    def page_cache_key(self) -> str:
        return (
            "fragments:page:"
            + hashlib.sha256(repr([self.request.get_host(), *self._page_parts()]).encode()).hexdigest()
        )

    def live_cache_key(self) -> str:
        """Where a live page's parts are kept: as its key, but for any host (live parts hold no absolute URL)."""
        return "fragments:live:" + hashlib.sha256(repr(self._page_parts()).encode()).hexdigest()

    def _page_parts(self) -> list:
        request, user = self.request, self.request.user
        return [
            type(self).__name__,
            request.get_full_path(),
            get_language(),
            user.pk,
            user.get_username(),
            user.get_full_name() if user.is_authenticated else "",
            user.is_superuser,
            *self.page_viewer_parts(),
            *self.page_cache_parts(),
        ]

    def page_versions(self, keys: list[str] = ()) -> tuple[Versions, dict]:
        council_ids = self.page_council_ids()
        if len(council_ids) == 1:
            read, found = lookup_session(council_ids[0], keys, session_id=self.page_session_id())
            if not self.page_follows_attendance:
                read = Versions(full=read.content, content=read.content)
            return read, found
        return lookup_many_versions(council_ids, keys, attendance=self.page_follows_attendance)

    def page_kept_keys(self) -> list[str]:
        """Where the page keeps objects it reads under the content version (``kept_object``): read in the
        round trip of the versions."""
        return []

    def kept_object(self, key: str, load):
        """What ``load`` reads, kept under the content version: after an answer it is not read again."""
        content = getattr(self, "content_version", None)
        if content is None:  # not a page's GET
            return load()
        stored = self.page_found.get(key)
        if stored is not None and stored[0] == content:
            return stored[1]
        loaded = load()
        cache.set(key, (content, loaded), PAGE_TIMEOUT)
        return loaded

    def live_parts(self, names: list[str]) -> dict[str, str]:
        """The HTML of the live parts named (``page_live``): what follows answers and check-ins."""
        raise NotImplementedError

    def live_render(self, template_name: str, context: dict) -> str:
        """A live part's template, with the placeholders of a kept page (CSRF and form tokens), never a token."""
        context = {**context, "csrf_token": CSRF_PLACEHOLDER, "page_placeholder": True}
        return render_to_string(template_name, context, request=self.request)

    def _filled(self, html: str, stored, full: str, live_key: str) -> str:
        """The page with its live parts: the ones kept under the full version, else computed and kept."""
        names = list(dict.fromkeys(_LIVE_MARKS.findall(html)))
        if not names:
            return html
        if stored is not None and stored[0] == full and all(name in stored[1] for name in names):
            parts = stored[1]
        else:
            parts = self.live_parts(names)
            cache.set(live_key, (full, parts), PAGE_TIMEOUT)
        return _LIVE_MARKS.sub(lambda mark: parts.get(mark.group(1), ""), html)

    def get(self, request, *args, **kwargs):
        self.page_placeholder = False
        # A query string would make a new key each time (a logged-in user could fill the cache with copies of a
        # page), and flash messages are shown once: such requests are rendered and not stored.
        if request.META.get("QUERY_STRING") or _has_messages(request):
            read, self.page_found = self.page_versions(self.page_kept_keys())
            self.fragment_version, self.content_version = read.full, read.content
            return super().get(request, *args, **kwargs)
        key = self.page_cache_key()
        live_key = self.live_cache_key() if self.page_live else ""
        read, found = self.page_versions([key, *([live_key] if self.page_live else []), *self.page_kept_keys()])
        self.fragment_version, self.content_version, self.page_found = read.full, read.content, found
        # A live page is kept under the content version, its live parts under the full one.
        rendered_from = read.content if self.page_live else read.full
        stored = found.get(key)
        if stored is not None and stored[0] == rendered_from:
            html = stored[1]
            if self.page_live:
                html = self._filled(html, found.get(live_key), read.full, live_key)
            return HttpResponse(_personal(html, request))
        self.page_placeholder = True
        response = super().get(request, *args, **kwargs)

        def store(response):
            html = response.content.decode()
            if response.status_code == 200:
                # Under the version read before the page was: a change meanwhile makes it never read.
                cache.set(key, (rendered_from, html), PAGE_TIMEOUT)
            if self.page_live:
                html = self._filled(html, None, read.full, live_key)
            response.content = _personal(html, request)

        response.add_post_render_callback(store)
        return response

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.page_placeholder:
            context["csrf_token"] = CSRF_PLACEHOLDER
            context["page_placeholder"] = True  # forms' one-time tokens too (``core.templatetags.form_tokens``)
            context["page_live"] = self.page_live  # live parts as marks (``core.templatetags.live``)
        return context
