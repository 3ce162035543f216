"""The nota informativa's prose and its PDF: drafted from the session's data in the seed's manner.

The draft is written as the seed (``nota_informativa_2022-10-07.txt``) is written: who attended, where
and in what capacity; the institutions convened as members and, apart, the invited figures; the council's
purpose; how the session went along its agenda (its highlighted items, the working groups it formed);
what was agreed; what came after. The letterhead (logo, unit lines, footer) and the place come from the
issuing unit, any unit of the directory; the prose speaks of the unit's institution.

The prose is Spanish whatever the interface language: it is the text of an official Mexican document,
stored as data and edited as such, like the acta.
"""

import datetime as dt

from django.utils import timezone, translation

from core import wording
from council.models import Seat
from members.models import Institution
from sessions_app.documents import prose
from sessions_app.documents.builders import letterhead
from sessions_app.documents.caching import remember_document
from sessions_app.documents.rendering import DOCUMENT_LANGUAGE, RenderedDocument, render_html
from sessions_app.models import InformativeNote, Invitation, Session
from sessions_app.selectors.notes import informative_note_current, informative_note_source

FILENAME = "nota_informativa.pdf"
CAPACITY_ROLES = (Seat.Role.SECRETARIAT, Seat.Role.PRESIDENCY)


def _capacity(source: dict) -> str:
    """ "en su calidad de Secretaría Técnica de la Comisión Intersecretarial … (Comisión Intersecretarial)".

    Its seat in this council when it presides, keeps the secretariat or is a
    member; otherwise the secretariat or presidency it holds in another council
    (the seed's federal secretariat invited to a state council); otherwise its
    guest seat here; otherwise nothing.
    """
    council = source["council"]
    seats = source["issuer_seats"]
    here = next((seat for seat in seats if seat.council_id == council.pk), None)
    of_council = wording.with_preposition("de", council.body_phrase)
    if here is not None and here.role in CAPACITY_ROLES:
        return f"en su calidad de {here.get_role_display()} {of_council}"
    if here is not None and here.role == Seat.Role.MEMBER:
        return f"en su calidad de integrante {of_council}"
    elsewhere = next((seat for seat in seats if seat.role in CAPACITY_ROLES), None)
    if elsewhere is not None:
        other = elsewhere.council
        name = wording.with_preposition("de", other.name_with_article)
        short = f" ({other.short_name})" if other.short_name and other.short_name != other.name else ""
        return f"en su calidad de {elsewhere.get_role_display()} {name}{short}"
    if here is not None:
        gender = wording.gender_suffix(wording.with_article(source["issuer"].name))
        return f"en su calidad de invitad{gender} permanente {of_council}"
    return ""


def _places(session: Session) -> list[str]:
    """ "el Palacio de Gobierno", "la Ciudad de Monterrey", "el Estado de Nuevo León": where, without preposition."""
    parts = []
    if session.venue.strip():
        parts.append(wording.with_article(session.venue.strip()))
    city = session.city.strip()
    if city:
        parts.append("la " + city if city.lower().startswith("ciudad") else f"la Ciudad de {city}")
    state = session.state.strip()
    if state and state.lower() not in city.lower():
        parts.append("el " + state if state.lower().startswith("estado") else f"el Estado de {state}")
    return parts


def _in(parts: list[str]) -> str:
    """ "en el Palacio de Gobierno, en la Ciudad de Monterrey, en el Estado de Nuevo León"."""
    return ", ".join(wording.with_preposition("en", part) for part in parts)


def _to(parts: list[str]) -> str:
    """ "al Palacio de Gobierno, en la Ciudad de Monterrey, en el Estado de Nuevo León"."""
    rest = f", {_in(parts[1:])}" if parts[1:] else ""
    return wording.with_preposition("a", parts[0]) + rest


def _session_of(session: Session, council) -> str:
    """ "la Primera Sesión Ordinaria 2022 del **“Consejo …”**" (a group's session names the group too)."""
    of_council = wording.with_preposition("de", f"{council.definite_article} **“{council.name}”**")
    return f"la {session.title} {of_council}"


def _opening(source: dict, *, written_on: dt.date) -> str:
    """Who attended, where, in what capacity, and which session of which council."""
    session, council, issuer = source["session"], source["council"], source["issuer"]
    day = wording.day_in_words(timezone.localtime(session.starts_at).date(), written_on=written_on)
    subject = wording.with_article(issuer.name)
    capacity = _capacity(source)
    subject = f"{subject}, {capacity}," if capacity else f"{subject},"
    places = _places(session)
    what = _session_of(session, council)
    virtual = session.modality == Session.Modality.VIRTUAL
    if issuer.pk in (council.secretariat_institution_id, council.presiding_institution_id):
        where = " de manera virtual" if virtual else (f" {_in(places)}," if places else "")
        return f"El {day}, {subject} celebró{where} {what}."
    invitation = next((i for i in source["invitations"] if i.institution_id == issuer.pk), None)
    if invitation is None:
        where = "de manera virtual" if virtual else _in(places)
        return f"El {day} se celebró{f', {where},' if where else ''} {what}."
    gender = wording.gender_suffix(wording.with_article(issuer.name))
    role = f"invitad{gender}" if invitation.role != Invitation.Role.MEMBER else "integrante"
    if not invitation.attended:
        return f"El {day}, {subject} fue convocad{gender} como {role} a la celebración de {what}."
    if virtual or not places:
        return f"El {day}, {subject} participó como {role} en la celebración de {what}."
    return f"El {day}, {subject} acudió {_to(places)}, como {role} a la celebración de {what}."


def _convened(source: dict) -> str:
    council, issuer = source["council"], source["issuer"]
    invitations = [i for i in source["invitations"] if i.institution_id != issuer.pk]
    members = [wording.with_article(i.institution.name) for i in invitations if i.role == Invitation.Role.MEMBER]
    guests = [wording.with_article(i.institution.name) for i in invitations if i.role != Invitation.Role.MEMBER]
    body = "el Grupo de Trabajo" if source["session"].working_group_id else council.body_phrase
    sentences = []
    if members:
        sentences.append(
            f"Como integrantes {wording.with_preposition('de', body)} fueron convocados: "
            f"{wording.spanish_list(members)}."
        )
    if guests:
        sentences.append(f"Adicionalmente, como figuras invitadas fueron convocados: {wording.spanish_list(guests)}.")
    convened = source["invitations"]
    present = [i for i in convened if i.attended]
    if present:
        if len(present) == len(convened):
            attended = "Asistieron representantes de todas las instituciones convocadas"
        else:
            attended = (
                f"Asistieron representantes de {wording.number_in_words(len(present), feminine=True)} "
                f"de las {wording.number_in_words(len(convened), feminine=True)} instituciones convocadas"
            )
        if source["session"].quorum_met:
            attended += " y se declaró el quórum legal para sesionar"
        sentences.append(attended + ".")
    return " ".join(sentences)


def _purpose(source: dict) -> str:
    """ "El Consejo ha sido instituido como un mecanismo que …", from the council's purpose (or the group's mandate)."""
    session, council = source["session"], source["council"]
    if session.working_group_id:
        mandate = session.working_group.mandate.strip()
        return f"El Grupo de Trabajo tiene como mandato: {mandate}" if mandate else ""
    purpose = council.purpose.strip()
    if not purpose:
        return ""
    purpose = purpose if purpose.endswith(".") else purpose + "."
    body = council.body_phrase
    subject = body[0].upper() + body[1:]
    participle = "instituid" + wording.gender_suffix(body)
    first = purpose.split()[0].lower()
    if first.endswith(("ar", "er", "ir")) and wording.article_for(first) == "":
        return f"{subject} ha sido {participle} para {wording.lower_first(purpose)}"
    if wording.article_for(first) in ("el", "la"):
        return (
            f"{subject} ha sido {participle} como {wording.with_article(wording.lower_first(purpose), indefinite=True)}"
        )
    return f"{subject} tiene por objeto: {purpose}"


def _proceedings(source: dict) -> str:
    agenda, groups = source["agenda"], source["groups"]
    sentences = []
    highlighted = [
        wording.with_article(wording.lower_first(item.title.rstrip("."))) for item in agenda if item.highlight
    ]
    if highlighted:
        sentences.append(
            "La sesión se desarrolló conforme a lo listado en el orden del día, resaltando "
            f"{wording.spanish_list(highlighted)}."
        )
    elif agenda:
        count = len(agenda)
        points = "un punto" if count == 1 else f"{wording.number_in_words(count)} puntos"
        sentences.append(f"La sesión se desarrolló conforme a lo listado en el orden del día, que comprendió {points}.")
    if groups:
        names = wording.spanish_list([wording.with_article(group.name) for group in groups])
        verb = "se conformaron" if len(groups) > 1 else "se conformó"
        sentence = f"En ella {verb} {names}"
        coordinators = [group.coordinator for group in groups]
        if all(coordinators):
            who = wording.spanish_list([wording.with_article(coordinator.name) for coordinator in coordinators])
            sentence += f", coordinados respectivamente por {who}" if len(groups) > 1 else f", coordinado por {who}"
        sentences.append(sentence + ".")
    return " ".join(sentences)


def _agreements(source: dict) -> str:
    agreements = source["agreements"]
    if not agreements:
        return ""
    count = len(agreements)
    lead = (
        "Se adoptó el siguiente acuerdo:" if count == 1 else f"Se adoptaron {wording.number_in_words(count)} acuerdos:"
    )
    lines = [f"{agreement.number}. {agreement.text.strip()}" for agreement in agreements]
    return "\n".join([lead, *lines])


def informative_note_compose(*, session: Session, issuer: Institution, written_on: dt.date) -> str:
    """The draft's text: one paragraph per block, separated by a blank line, as the staff then edit it."""
    with translation.override(DOCUMENT_LANGUAGE):  # role names and session titles as the document writes them
        source = informative_note_source(session=session, issuer=issuer)
        paragraphs = [
            _opening(source, written_on=written_on),
            _convened(source),
            _purpose(source),
            _proceedings(source),
            _agreements(source),
            source["session"].closing_remarks.strip(),
        ]
    return "\n\n".join(p for p in paragraphs if p) + "\n"


def informative_note_document(note: InformativeNote, *, final: bool | None = None) -> RenderedDocument:
    """The nota on its issuer's letterhead: place and date, NOTA INFORMATIVA, the paragraphs, the footer address.

    Kept while nothing it shows changes (``documents.remember_document``): a repeated download renders nothing.
    """
    key = ("nota_informativa", note.pk, note.version, final)
    return remember_document(key, note.session.council_id, lambda: _informative_note_document(note, final=final))


def _informative_note_document(note: InformativeNote, *, final: bool | None = None) -> RenderedDocument:
    context = {
        **letterhead(note.issuing_unit, council=note.session.council),
        "unit_lines": note.units,
        "footer_address": note.footer_address,
        "note": note,
        "is_final": note.status == InformativeNote.Status.FINAL if final is None else final,
        "date_line": f"{note.place}, a {wording.date_in_words(note.date)}",
        "paragraphs": [prose.paragraph_html(paragraph) for paragraph in note.paragraphs],
    }
    return RenderedDocument(filename=FILENAME, html=render_html("pdf/informative_note.html", context))


def current_note_document(*, session_id: int, council_id: int) -> RenderedDocument | None:
    """The current version of the session's nota as a document, or None when no nota was drafted.

    Kept by the session alone (``documents.remember_document``): every save of a nota replaces its
    council's version, so a repeated download reads neither the nota nor the session, only the cache.
    """

    def build():
        note = informative_note_current(session_id)
        return _informative_note_document(note) if note is not None else None

    return remember_document(("nota_informativa", "current", session_id), council_id, build)


def session_note_document(session: Session) -> RenderedDocument | None:
    """The export's ``nota_informativa.pdf``: the current version, or nothing when no nota was drafted."""
    return current_note_document(session_id=session.pk, council_id=session.council_id)
