"""What each official document of a session shows, on whose letterhead: one builder per document.

Each builder reads what its document needs (a fixed number of queries) and returns a ``RenderedDocument``:
the HTML of a template under ``templates/pdf/`` and its file name.
"""

import re
from datetime import timedelta

from django.db.models import Prefetch, QuerySet
from django.utils import timezone, translation
from django.utils.text import slugify

from council.models import Council, Seat
from council.selectors import council_issuing_unit
from members.models import Institution, IssuingUnit
from sessions_app.documents.caching import _remembered, remember_document
from sessions_app.documents.rendering import DOCUMENT_LANGUAGE, RenderedDocument, render_html
from sessions_app.models import AgendaItem, Agreement, Invitation, Minutes, Session
from sessions_app.selectors.agenda import attach_group_reports, follow_up_agreements
from sessions_app.selectors.convocation import addressee, convocation_date, letter_invitations, signer_seat
from sessions_app.selectors.minutes import ATTENDANCE_ORDER, attendance_capacity


def session_slug(session: Session) -> str:
    """``2022-10-07-primera-sesion-ordinaria-2022-cinl``: sortable, readable, unique per council."""
    body = session.council.short_name  # a working group's title already names the group
    day = timezone.localtime(session.starts_at).date().isoformat()
    return slugify(f"{day} {session.title} {body}")[:120]


FOOTER_SEPARATOR = " · "


def footer_parts(footer: str) -> list[str]:
    """The foot's parts (address, "Tel. …", web), each kept whole on its line by the print base."""
    return [part.strip() for part in footer.split(FOOTER_SEPARATOR) if part.strip()]


def letterhead(unit: IssuingUnit | None, *, council: Council) -> dict:
    """What the print base needs from the issuing unit: its institution's name, its lines, logo, place and footer.

    Each issuer prints its own: the logo beside its institution's name and unit lines (the name and lines
    alone when it has no logo), and at the foot its address, phone and web. Without a unit, the council's
    name alone.
    """
    if unit is None:
        return {
            "issuer": council,
            "unit_lines": [],
            "logo_uri": "",
            "place_line": "",
            "footer_address": "",
            "footer_parts": [],
        }
    logo_uri = ""
    if unit.logo:
        try:
            logo_uri = "file://" + unit.logo.path
        except NotImplementedError:  # remote storage: documents go without the logo rather than fetch it
            logo_uri = ""
    with translation.override(DOCUMENT_LANGUAGE):  # "Tel." as the document writes it
        footer = unit.footer
    return {
        "issuer": unit.institution,
        "unit_lines": unit.unit_lines,
        "logo_uri": logo_uri,
        "place_line": unit.place,
        "footer_address": footer,
        "footer_parts": footer_parts(footer),
    }


def _session(session_id: int) -> Session:
    return Session.objects.select_related(
        "council__secretariat_institution",
        "council__presiding_institution",
        "council__default_issuing_unit__institution",
        "working_group",
        "presiding_person__institution",  # the acta's signatures name who presided and who kept the secretariat
        "secretariat_person__institution",
    ).get(pk=session_id)


def _agenda(session: Session) -> list[AgendaItem]:
    return list(
        AgendaItem.objects.filter(session=session)
        .select_related("presenter_institution", "presenter")
        .order_by("order")
    )


def _invitations(session: Session):
    """The session's invitations in the council's seat order, the one every document lists them in."""
    return (
        Invitation.objects.filter(session=session)
        .select_related("institution", "invitee", "attendee", "seat__principal")
        .order_by(*ATTENDANCE_ORDER)
    )


def attendance_rows(session: Session, invitations: list[Invitation]) -> tuple[bool, list[dict]]:
    """Each invitation as the lista de asistencia prints it: who (came or is expected), capacity, arrival.

    Once attendance is being taken (the session started or is held, or anyone checked in) the list says
    who came and marks who did not ("No asistió"); before, it names who is expected, to sign on the day.
    """
    taken = session.has_been_held or any(invitation.attended for invitation in invitations)
    taken = taken or (session.check_in_open and session.has_started)
    rows = []
    for invitation in invitations:
        if taken:
            person = invitation.attendee if invitation.attended else None
        else:
            person = invitation.attendee or invitation.invitee
        absent = taken and not invitation.attended
        rows.append(
            {
                "invitation": invitation,
                "person": person,
                "absent": absent,
                "capacity": "" if absent else attendance_capacity(invitation, person),
                "arrived_at": timezone.localtime(invitation.arrived_at) if invitation.arrived_at else None,
            }
        )
    return taken, rows


def _secretary(council: Council) -> Seat | None:
    """The seat of the technical secretariat, whose titular signs the convocation."""
    return signer_seat(council)


def _base_context(session: Session) -> dict:
    council = session.council
    start = timezone.localtime(session.starts_at)
    return {
        "session": session,
        "council": council,
        "starts_at": start,
        "ends_at": timezone.localtime(session.ends_at),
        "place": session.city or getattr(council, "default_city", "") or council.jurisdiction,
        "today": timezone.localdate(),
        **letterhead(council_issuing_unit(council), council=council),
    }


def printed_description(item: AgendaItem) -> str:
    """An item's description as the orden del día prints it: not when it only repeats the item's title."""
    description = item.description.strip()
    title = item.title.strip().rstrip(".").casefold()
    if not description or description.rstrip(".").casefold().startswith(title):
        return ""
    return description


@_remembered("orden_del_dia")
def agenda_document(session: Session) -> RenderedDocument:
    """The orden del día: date, place, modality and the items in order with their presenters."""
    session = _session(session.pk)
    items = _agenda(session)
    clock = timezone.localtime(session.starts_at)
    for item in items:
        # Printed only when the staff chose to (``Session.agenda_shows_times``): durations are internal.
        item.starts_at = clock if session.agenda_shows_times else None
        clock += timedelta(minutes=item.duration_minutes)
        item.printed_description = printed_description(item)
    # The "Seguimiento de acuerdos" item lists the body's open agreements, as on the session page.
    follow_up = list(follow_up_agreements(session)) if any(i.kind == AgendaItem.Kind.FOLLOW_UP for i in items) else []
    attach_group_reports(session, items)  # a working group's report lists its sessions and agreements
    html = render_html("pdf/agenda.html", {**_base_context(session), "items": items, "follow_up": follow_up})
    return RenderedDocument(filename="orden_del_dia.pdf", html=html)


@_remembered("lista_de_asistencia")
def attendance_document(session: Session) -> RenderedDocument:
    """The lista de asistencia: one row per convened institution, who came (titular or suplente), a signature."""
    session = _session(session.pk)
    invitations = list(_invitations(session).prefetch_related("seat__alternates"))
    taken, rows = attendance_rows(session, invitations)
    context = {
        **_base_context(session),
        "secretary": _secretary(session.council),
        "taken": taken,
        "members": [row for row in rows if row["invitation"].role == Invitation.Role.MEMBER],
        "guests": [row for row in rows if row["invitation"].role != Invitation.Role.MEMBER],
    }
    return RenderedDocument(filename="lista_de_asistencia.pdf", html=render_html("pdf/attendance.html", context))


@_remembered("convocatoria")
def convocation_document(session: Session, *, institution_id: int | None = None) -> RenderedDocument:
    """The convocatoria: one letter per convened institution (or only ``institution_id``'s), with the agenda.

    Never one to the technical secretariat, who signs them; each letter with its oficio number, dated the
    day the convocation went out.
    """
    session = _session(session.pk)
    council = session.council
    invitations = letter_invitations(session=session).select_related("institution", "invitee", "seat")
    if institution_id is not None:
        invitations = invitations.filter(institution_id=institution_id)
    invitations = list(invitations)
    unit = council_issuing_unit(council)
    base = _base_context(session)
    context = {
        **base,
        # A letter is dated the day it went out; one not sent yet, today.
        "today": convocation_date(session),
        "place": base["place_line"] or base["place"],
        "invitations": invitations,
        "items": _agenda(session),
        "secretary": _secretary(council),
        "initials": unit.initials if unit else "",
        "copy_to": [line.strip() for line in council.copy_to.splitlines() if line.strip()],
        "signer_only": institution_id is not None and institution_id == council.secretariat_institution_id,
    }
    name = "convocatoria.pdf" if institution_id is None else f"convocatoria_{institution_id}.pdf"
    if not invitations:
        return RenderedDocument(filename=name, html=render_html("pdf/convocation.html", context))
    # One letter per institution, each paginated on its own: a letter is "Página 1 de 1", not "5 de 21".
    letters = [
        render_html("pdf/convocation.html", {**context, "invitations": [one], "to": addressee(one)})
        for one in invitations
    ]
    return RenderedDocument.bound(name, letters)


_NUMBERED = re.compile(r"^\d+[.)]\s")
_AGREEMENT = re.compile(r"^(ACUERDO\s+\S+?\.)\s+(.*)$", re.DOTALL)


def _is_heading(line: str) -> bool:
    """A line written in capitals ("ASISTENCIA Y QUÓRUM", "3. MENSAJE DE BIENVENIDA") heads what follows."""
    letters = [char for char in line if char.isalpha()]
    return len(letters) >= 3 and all(char.isupper() for char in letters) and len(line) <= 200


def text_blocks(body: str, *, skip_title: str = "") -> list[dict]:
    """Plain text as typed (paragraphs split by a blank line) as blocks an official document lays out.

    A line in capitals becomes a heading kept with what follows; lines starting "- " a list;
    lines numbered "1. " stay numbered with a hanging indent; "ACUERDO X." leads in bold.
    ``skip_title`` drops a first paragraph that opens with the document's title (the print
    base already shows it).
    Nothing is marked safe: the template escapes every word.
    """
    blocks: list[dict] = []
    for index, chunk in enumerate(re.split(r"\n[ \t]*\n", body.replace("\r\n", "\n"))):
        lines = [line.strip() for line in chunk.split("\n") if line.strip()]
        if not lines:
            continue
        if skip_title and index == 0 and lines[0].upper().startswith(skip_title.upper()):
            continue
        while lines and _is_heading(lines[0]) and not lines[0].startswith("- "):
            heading = lines.pop(0)
            blocks.append({"kind": "subheading" if _NUMBERED.match(heading) else "heading", "text": heading})
        text: list[str] = []
        for line in lines:
            kind = "bullet" if line.startswith(("- ", "• ")) else "numbered" if _NUMBERED.match(line) else "text"
            if kind == "text":
                text.append(line)
                continue
            if text:
                blocks.append(_paragraph(text))
                text = []
            if not blocks or blocks[-1]["kind"] != kind:
                blocks.append({"kind": kind, "items": []})
            blocks[-1]["items"].append(line[2:] if kind == "bullet" else line)
        if text:
            blocks.append(_paragraph(text))
    return blocks


def _paragraph(lines: list[str]) -> dict:
    match = _AGREEMENT.match(lines[0])
    if match:
        return {"kind": "text", "lead": match.group(1), "lines": [match.group(2), *lines[1:]]}
    return {"kind": "text", "lead": "", "lines": lines}


def _signing(attended: list[Invitation], role: str, institution_id: int | None) -> Invitation | None:
    """The attendance of the seat that presided (or acted as technical secretariat), who signs the acta first."""
    for invitation in attended:
        if invitation.seat_id and invitation.seat.role == role:
            return invitation
    return next((invitation for invitation in attended if invitation.institution_id == institution_id), None)


def _signer(invitation: Invitation | None, recorded) -> dict | None:
    """Who signs the acta in a role: the person recorded in it (``Session.presiding_person``…), else whoever came
    for the seat that holds it."""
    if recorded is not None:
        return {"person": recorded, "institution": recorded.institution}
    if invitation is None:
        return None
    return {"person": invitation.attendee or invitation.invitee, "institution": invitation.institution}


@_remembered("acta")
def minutes_document(session: Session) -> RenderedDocument | None:
    """The acta as written (draft, circulated or approved), with the signatures of those who attended."""
    session = _session(session.pk)
    minutes = Minutes.objects.filter(session=session).select_related("approved_at_session").first()
    if minutes is None:
        return None
    attended = [invitation for invitation in _invitations(session) if invitation.attended]
    council = session.council
    presidency = _signing(attended, Seat.Role.PRESIDENCY, council.presiding_institution_id)
    secretariat = _signing(attended, Seat.Role.SECRETARIAT, council.secretariat_institution_id)
    heads = [invitation for invitation in (presidency, secretariat) if invitation is not None]
    context = {
        **_base_context(session),
        "minutes": minutes,
        "blocks": text_blocks(minutes.body, skip_title=f"Acta de la {session.title}"),  # as the draft opens
        "presidency": _signer(presidency, session.presiding_person),
        "secretariat": _signer(secretariat, session.secretariat_person),
        # Everyone else who attended signs below, in the order the acta's text names them.
        "signatories": [invitation for invitation in attended if invitation not in heads],
    }
    return RenderedDocument(filename="acta.pdf", html=render_html("pdf/minutes.html", context))


def agreements_document(
    *, council: Council, session: Session | None = None, agreements: QuerySet[Agreement] | None = None
) -> RenderedDocument:
    """The agreements report with its cut-off date: each agreement once, its responsibles and status in columns,
    then how many there are by status and which fall to each institution.

    A session's, the whole council's, or ``agreements`` as the tracker filtered them.
    """
    if agreements is None:
        key = ("reporte_de_acuerdos", council.pk, session.pk if session else "")
        return remember_document(key, council.pk, lambda: _agreements_document(council=council, session=session))
    return _agreements_document(council=council, session=session, agreements=agreements)


def _agreements_document(
    *, council: Council, session: Session | None = None, agreements: QuerySet[Agreement] | None = None
) -> RenderedDocument:
    if agreements is None:
        agreements = Agreement.objects.filter(session__council=council)
    agreements = (
        agreements.prefetch_related(None)  # the tracker's own prefetch gives way to this one, ordered by name
        .select_related("session__working_group", "session__council")
        .prefetch_related(Prefetch("responsible", queryset=Institution.objects.order_by("name")))
        .order_by("session__starts_at", "sequence")
    )
    if session is not None:
        agreements = agreements.filter(session=session)
    agreements = list(agreements)
    # Each agreement once, with all its responsibles; the summaries count them, never repeat their text.
    by_status = [
        (label, sum(1 for agreement in agreements if agreement.status == status))
        for status, label in Agreement.Status.choices
    ]
    by_institution: dict[str, list[Agreement]] = {}
    for agreement in agreements:
        for institution in agreement.responsible.all():
            by_institution.setdefault(institution.name, []).append(agreement)
    council = Council.objects.select_related("secretariat_institution", "default_issuing_unit__institution").get(
        pk=council.pk
    )
    heading = letterhead(council_issuing_unit(council), council=council)
    context = {
        "council": council,
        "session": session,
        "today": timezone.localdate(),
        "place": heading["place_line"] or council.default_city or council.jurisdiction,
        "agreements": agreements,
        "by_status": [(label, count) for label, count in by_status if count],
        "overdue": sum(1 for agreement in agreements if agreement.is_overdue),
        "by_institution": [
            (name, [agreement.number for agreement in rows]) for name, rows in sorted(by_institution.items())
        ],
        "unassigned": [agreement.number for agreement in agreements if not agreement.responsible.all()],
        "secretary": _secretary(council),
        **heading,
    }
    name = "reporte_de_acuerdos.pdf"
    if session is None:
        name = f"reporte_de_acuerdos_{slugify(council.short_name) or council.pk}.pdf"
    return RenderedDocument(filename=name, html=render_html("pdf/agreements.html", context))
