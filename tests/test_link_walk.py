"""Every link and form a page offers works for whoever it is offered to: no 404, no 403, no 500, no refusal.

The demo council (``demo.loader.load_demo``) and the whole world of the permission matrix
(``tests.worlds``) are walked as each role: anonymous, a delegate, the council's staff, the staff of
another council, a platform admin. From the start pages every same-site link (``<a href>``,
``hx-get``) is followed breadth-first to a bounded depth and fetched; each answer must be a page, a
download or a redirect that is not a refusal (an error message put on the next page counts as one, and so
does a confirmation page that says the action is refused now).
Every ``<form method="post">`` must point at a URL of the project that the role may use: a GET of it
is answered with its confirmation page, its form, or 405 for a button that only posts (the permission
check comes before the method's), never 403, 404 or a refusal. Nothing is posted.
"""

import datetime as dt
from collections import deque
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from django.contrib.messages import constants as message_levels
from django.core.cache import cache
from django.db import transaction
from django.test import Client
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone

from demo.loader import load_demo
from sessions_app.documents import rendering
from sessions_app.models import AgendaItem, Invitation, Session
from tests.sessions_app.factories import SessionFactory

pytestmark = pytest.mark.django_db

DEPTH = 3
# At most this many pages of one view per walk (one URL name and its words: each document of a session counts
# apart), and as many of its forms: a sample of the directory's institutions and people, of a session's
# invitations. The pages of a council and of a session are all walked: they are where states differ.
PER_VIEW = 5
ALWAYS = {"sessions_app:detail", "council:detail"}
# Not followed: leaving the app (logout ends the walk's session), Django's own admin (the platform
# admin's back office, not the app's pages), the language switch (a POST), files served as they are.
SKIPPED_PREFIXES = ("/cuenta/salir/", "/admin/", "/static/", "/media/", "/i18n/")
# What a page shows in place of an action refused now (templates/includes/_refusal.html).
REFUSED = "data-refused"
# Buttons not pressed, and why.
NOT_PRESSED = {
    "account:two_factor_enrol": "starts an enrolment that the walk's session would then owe",
}
# The pages each walk starts from: the dashboard, and for the staff the lists of sessions and councils.
STARTS = {"all": ("dashboard",), "staff": ("sessions_app:list", "council:list")}
STAFF_ROLES = ("staff_x", "staff_y", "admin", "demo secretaria")


@dataclass
class _Form:
    """A POST form as the page offers it: where it posts, what its hidden inputs and its button send."""

    action: str
    data: dict = field(default_factory=dict)
    button: bool = True  # nothing to fill in: pressing it is the whole action


class _Links(HTMLParser):
    """The links, htmx GETs and POST forms of a page."""

    def __init__(self):
        super().__init__()
        self.links: list[str] = []
        self.forms: list[_Form] = []
        self._form: _Form | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        if attrs.get("hx-get"):
            self.links.append(attrs["hx-get"])
        if attrs.get("hx-post"):
            self.forms.append(_Form(attrs["hx-post"], button=False))
        if tag == "form" and (attrs.get("method") or "get").lower() == "post":
            self._form = _Form(attrs.get("action") or "")
            self.forms.append(self._form)
        elif self._form is not None and tag in ("input", "select", "textarea", "button"):
            kind = (attrs.get("type") or ("submit" if tag == "button" else "text")).lower()
            if tag == "input" and kind == "hidden" and attrs.get("name"):
                self._form.data[attrs["name"]] = attrs.get("value") or ""
            elif kind == "submit" and attrs.get("name"):
                self._form.data.setdefault(attrs["name"], attrs.get("value") or "")
            elif kind not in ("submit", "button", "hidden", "reset"):
                self._form.button = False

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None


def _same_site(base: str, href: str) -> str | None:
    """The path (and query) of a same-site link, or None for another site, an anchor, mailto: or a skipped one."""
    if href.startswith(("#", "mailto:", "tel:", "javascript:")):
        return None
    url = urlsplit(urljoin(base, href))
    if url.netloc not in ("", "testserver"):
        return None
    if url.path.startswith(SKIPPED_PREFIXES):
        return None
    return url.path + (f"?{url.query}" if url.query else "")


def _errors_queued(response) -> list[str]:
    """Error messages the answer left for the next page: an action offered and then refused."""
    storage = getattr(response.wsgi_request, "_messages", None)
    if storage is None:
        return []
    return [str(m) for m in getattr(storage, "_queued_messages", []) if m.level >= message_levels.ERROR]


@dataclass
class Walk:
    role: str
    client: Client
    problems: list[str] = field(default_factory=list)
    seen: set[str] = field(default_factory=set)
    forms: dict[str, tuple[str, _Form]] = field(default_factory=dict)  # action -> (page that offered it, form)
    pages: int = 0
    per_view: dict = field(default_factory=dict)

    def worth_a_visit(self, path: str) -> bool:
        """A new URL of the project, of a view not yet visited ``PER_VIEW`` times."""
        if path in self.seen:
            return False
        self.seen.add(path)
        try:
            match = resolve(urlsplit(path).path)
        except Resolver404:
            self.problems.append(f"{self.role}: a link to {path}, which is no URL")
            return False
        return match.view_name in ALWAYS or self._count(match, self.per_view) <= PER_VIEW

    @staticmethod
    def _count(match, counts: dict) -> int:
        words = tuple(sorted((k, v) for k, v in match.kwargs.items() if not str(v).isdigit()))
        key = (match.view_name, words)
        counts[key] = counts.get(key, 0) + 1
        return counts[key]

    def fetch(self, path: str, referrer: str):
        response = self.client.get(path)
        self.pages += 1
        status = response.status_code
        if status in (403, 404, 410) or status >= 500:
            self.problems.append(f"{self.role}: {status} on {path} (linked from {referrer})")
            return None
        if status in (301, 302):
            if errors := _errors_queued(response):
                self.problems.append(f"{self.role}: {path} (linked from {referrer}) refused: {errors}")
            return None
        if not response.get("Content-Type", "").startswith("text/html"):
            return None
        body = response.content.decode()
        if REFUSED in body:  # a confirmation page that, asked the service's rule, says the action is refused now
            self.problems.append(f"{self.role}: {path} (linked from {referrer}) says it is refused")
        return body

    def run(self, starts: list[str]) -> None:
        queue = deque((path, 0, "start") for path in starts)
        self.seen.update(starts)
        while queue:
            path, depth, referrer = queue.popleft()
            body = self.fetch(path, referrer)
            if body is None:
                continue
            parser = _Links()
            parser.feed(body)
            for form in parser.forms:
                target = _same_site(path, form.action) if form.action else path
                if target is not None:
                    self.forms.setdefault(target, (path, form))
            if depth >= DEPTH:
                continue
            for href in parser.links:
                target = _same_site(path, href)
                if target is not None and self.worth_a_visit(target):
                    queue.append((target, depth + 1, path))

    def check_forms(self) -> None:
        """Each POST form leads to a URL of the project whose view lets this role in, and a button is not refused.

        A GET of the action must not be refused (a confirmation page, the form, or 405 for a view that only
        posts: the permission check comes first). A button (a form with nothing to fill in) is pressed as a
        browser would, with its hidden inputs, inside a savepoint rolled back at once: it must not be refused.
        """
        tried: dict = {}
        for action, (page, form) in self.forms.items():
            try:
                match = resolve(urlsplit(action).path)
            except Resolver404:
                self.problems.append(f"{self.role}: a form on {page} posts to {action}, which is no URL")
                continue
            if self._count(match, tried) > PER_VIEW:
                continue
            if action != page:
                response = self.client.get(action)
                self._judge(response, f"a form on {page} posts to {action}, whose GET")
            if form.button and match.view_name not in NOT_PRESSED:
                with transaction.atomic():
                    response = self.client.post(action, form.data)
                    transaction.set_rollback(True)
                self._judge(response, f"the button on {page} that posts to {action}")

    def _judge(self, response, what: str) -> None:
        status = response.status_code
        if status in (403, 404, 410) or status >= 500:
            self.problems.append(f"{self.role}: {what} answers {status}")
        elif status in (301, 302) and (errors := _errors_queued(response)):
            self.problems.append(f"{self.role}: {what} is refused: {errors}")


def _more_states(world) -> None:
    """Council X's sessions in the states the world lacks: a past draft, a closed one, a cancelled one, and a
    convened one whose agenda approves the held session's acta (circulated) before it has started."""
    council = world.council_x
    past = timezone.now() - dt.timedelta(days=40)
    SessionFactory(council=council, status=Session.Status.DRAFT, starts_at=past)
    closed = SessionFactory(council=council, status=Session.Status.CLOSED, starts_at=past - dt.timedelta(days=30))
    AgendaItem.objects.create(session=closed, order=1, title="Asunto", kind=AgendaItem.Kind.FOR_AGREEMENT)
    SessionFactory(council=council, status=Session.Status.CANCELLED, status_reason="Sin sede")
    approving = SessionFactory(council=council, status=Session.Status.CONVENED)
    AgendaItem.objects.create(session=approving, order=1, title="Acta", kind=AgendaItem.Kind.MINUTES_APPROVAL)
    Invitation.objects.create(
        session=approving, institution=world.inst_a, seat=world.x.held_invitations["a"].seat, has_vote=True
    )


@pytest.fixture(autouse=True)
def _documents_not_laid_out(monkeypatch):
    """The walk asks whether a download is offered and served, not what it prints: no PDF is laid out.

    The stand-in bytes are cached under each document's HTML hash like real ones: the cache is emptied after the
    walk, or a later test (signing a published PDF) would be handed a PDF that is not one.
    """
    monkeypatch.setattr(rendering, "render_pdf", lambda html, **_options: b"%PDF-1.4\n%%EOF\n")
    yield
    cache.clear()


@pytest.fixture(scope="module")
def demo_world(whole_world, django_db_blocker):
    """The whole world of the permission matrix, a few more states, and the demo council with its accounts."""
    with django_db_blocker.unblock():
        _more_states(whole_world)
        demo = load_demo(with_accounts=True)
    whole_world.demo = demo
    return whole_world


def _client(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)  # the suite's force_login also passes the second step (tests/conftest.py)
    return client


def _roles(world, django_user_model) -> dict[str, Client]:
    """Each kind of user: the world's (their own councils) and the demo's staff and delegate."""
    demo_users = django_user_model.objects.filter(username__in=["secretaria", "salud"])
    clients = {role: world.clients[role] for role in world.clients}
    for user in demo_users:
        clients[f"demo {user.username}"] = _client(user)
    return clients


def _start_pages(world, role: str) -> list[str]:
    names = STARTS["all"] + (STARTS["staff"] if role in STAFF_ROLES else ())
    pages = [reverse(name) for name in names]
    if role == "anonymous":  # what a delegate without an account opens: the e-mail's personal link
        pages.append(reverse("sessions_app:answer", args=[world.x.tokens["a"]]))
    return pages


@pytest.mark.parametrize(
    "role", ["anonymous", "delegate_a", "delegate_b", "staff_x", "staff_y", "admin", "demo secretaria", "demo salud"]
)
def test_every_link_and_form_offered_works(demo_world, django_user_model, role):
    clients = _roles(demo_world, django_user_model)
    walk = Walk(role=role, client=clients[role])
    walk.run(_start_pages(demo_world, role))
    walk.check_forms()
    assert walk.pages > (3 if role == "anonymous" else 10), f"{role} walked too little to mean anything"
    assert not walk.problems, "\n".join(walk.problems)
