"""The nota informativa's prose and its PDF: drafted from the session's data in the seed's manner.

The draft says only what the data attests, in the seed's order (``nota_informativa_2022-10-07.txt``):
who writes, in what capacity (its part in the session, from its invitation or seat, and its standing
elsewhere when its issuing unit records one), when, where and how the session was held; the institutions
convened as members and, apart, the invited figures; who presided and kept the technical secretariat,
which voting members came (by name where attendance differs from the full council) and the quorum with
its call and rule; the council's purpose; the agenda's highlighted items and the working groups formed;
how many agreements were adopted (listed only when staff choose so); what came after. Nothing is said
that no field holds: a session where every voting member came by its titular does not say so, as the
seed does not.

The prose is Spanish whatever the interface language: it is the text of an official Mexican document,
stored as data and edited as such, like the acta.
"""

import datetime as dt

from django.utils import timezone, translation

from core import wording
from council.models import Council, Seat
from members.models import IssuingUnit
from sessions_app.documents import prose
from sessions_app.documents.builders import footer_parts, letterhead
from sessions_app.documents.caching import remember_document
from sessions_app.documents.rendering import DOCUMENT_LANGUAGE, RenderedDocument, render_html
from sessions_app.models import InformativeNote, Invitation, Session
from sessions_app.selectors.notes import informative_note_current, informative_note_source

FILENAME = "nota_informativa.pdf"

# "Se declaró el quórum legal en primera convocatoria (…)": the council's rule for that call.
QUORUM_RULES = {
    Council.QuorumRule.HALF_PLUS_ONE: "mitad más uno de los integrantes con voto",
    Council.QuorumRule.TWO_THIRDS: "dos terceras partes de los integrantes con voto",
    Council.QuorumRule.ONE_THIRD: "una tercera parte de los integrantes con voto",
    Council.QuorumRule.ANY_PRESENT: "con los integrantes con voto presentes",
}
MODALITIES = {
    Session.Modality.IN_PERSON: "de manera presencial",
    Session.Modality.VIRTUAL: "de manera virtual",
    Session.Modality.HYBRID: "de manera híbrida, presencial y a distancia",
}
GROUP_PREFIX = "Grupo de Trabajo "


def _invitation_of(source: dict, institution_id: int | None) -> Invitation | None:
    return next((i for i in source["invitations"] if i.institution_id == institution_id), None)


def _seat_role(source: dict, institution_id: int | None) -> str:
    """The institution's part in this council: its seat's role at the session, else the council's record."""
    invitation = _invitation_of(source, institution_id)
    if invitation is not None and invitation.seat_id:
        return invitation.seat.role
    council = source["council"]
    if institution_id == council.secretariat_institution_id:
        return Seat.Role.SECRETARIAT
    if institution_id == council.presiding_institution_id:
        return Seat.Role.PRESIDENCY
    return ""


def _hosts(source: dict) -> bool:
    return _seat_role(source, source["issuer"].pk) in (Seat.Role.SECRETARIAT, Seat.Role.PRESIDENCY)


def _capacity(source: dict) -> str:
    """ "en su calidad de Secretaría Técnica del Consejo", or the standing its issuing unit records, or nothing."""
    role = _seat_role(source, source["issuer"].pk)
    if role in (Seat.Role.SECRETARIAT, Seat.Role.PRESIDENCY):
        of_council = wording.with_preposition("de", source["council"].body_phrase)
        return f"en su calidad de {Seat.Role(role).label} {of_council}"
    standing = source["unit"].standing.strip() if source["unit"] is not None else ""
    return f"en su calidad de {standing}" if standing else ""


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


def _when_and_how(session: Session) -> str:
    """ "de 10:00 a 12:30 horas, de manera presencial"."""
    start, end = session.starts_at, session.ends_at
    with translation.override("es-mx"):  # the nota is a Spanish document whatever the interface's language
        span = wording.time_span(start, end) if end > start else f"a las {wording.clock_time(start)}"
    return f"{span}, {MODALITIES.get(session.modality, '')}".rstrip(", ")


def _opening(source: dict, *, written_on: dt.date) -> str:
    """Who writes, in what capacity, when, where and how, and which session of which council."""
    session, council, issuer = source["session"], source["council"], source["issuer"]
    day = wording.day_in_words(timezone.localtime(session.starts_at).date(), written_on=written_on)
    subject = wording.with_article(issuer.name)
    capacity = _capacity(source)
    subject = f"{subject}, {capacity}," if capacity else f"{subject},"
    places = [] if session.modality == Session.Modality.VIRTUAL else _places(session)
    what = f"{_session_of(session, council)}, {_when_and_how(session)}"
    if _hosts(source):
        return f"El {day}, {subject} celebró{f' {_in(places)},' if places else ''} {what}."
    invitation = _invitation_of(source, issuer.pk)
    if invitation is None:
        return f"El {day} se celebró{f', {_in(places)},' if places else ''} {what}."
    gender = wording.gender_suffix(wording.with_article(issuer.name))
    role = f"invitad{gender}" if invitation.role != Invitation.Role.MEMBER else "integrante"
    if not invitation.attended:
        return f"El {day}, {subject} fue convocad{gender} como {role} a la celebración de {what}."
    if not places:
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
    return " ".join(sentences)


def _presided(source: dict) -> str:
    """ "La sesión fue presidida por A, con B como Secretaría Técnica." (a group's: "coordinada por C"): the people
    recorded as presiding and as secretariat, else the institutions that attended, not the writer."""
    council, issuer = source["council"], source["issuer"]

    def present(institution_id):
        if institution_id is None or institution_id == issuer.pk:
            return None
        invitation = _invitation_of(source, institution_id)
        return invitation.institution if invitation is not None and invitation.attended else None

    def named(person, institution_id) -> str:
        if person is not None:
            return f"{person.display_name}, {person.post}" if person.post.strip() else person.display_name
        institution = present(institution_id)
        return wording.with_article(institution.name) if institution is not None else ""

    session = source["session"]
    if session.working_group_id:  # a group's session is led by its coordinator, not the council's presidency
        coordinator = named(session.presiding_person, session.working_group.coordinator_id)
        return f"La sesión fue coordinada por {coordinator}." if coordinator else ""
    presiding = named(session.presiding_person, council.presiding_institution_id)
    secretariat = named(session.secretariat_person, council.secretariat_institution_id)
    if secretariat and session.secretariat_person is not None and session.secretariat_person.post.strip():
        secretariat += ","  # "con Lic. B, su cargo, como Secretaría Técnica": the post set off on both sides
    if presiding and secretariat and presiding != secretariat:
        return f"La sesión fue presidida por {presiding}, con {secretariat} como Secretaría Técnica."
    if presiding:
        return f"La sesión fue presidida por {presiding}."
    if secretariat:
        text = f"{secretariat} fungió como Secretaría Técnica."
        return text[0].upper() + text[1:]
    return ""


def _came_by(invitation: Invitation) -> str:
    """ "suplente", "otra" or "" (its titular, or nobody recorded): who came for a voting seat."""
    seat = invitation.seat
    if seat is None or invitation.attendee_id is None or invitation.attendee_id == seat.principal_id:
        return ""
    alternates = {link.person_id for link in seat.alternate_links.all()}
    return "suplente" if invitation.attendee_id in alternates else "otra"


def _attendance(source: dict) -> str:
    """Attendance among the voting seats, by name where it differs from every titular present; the quorum."""
    session, council = source["session"], source["council"]
    voting = [i for i in source["invitations"] if i.has_vote]
    present = [i for i in voting if i.attended]
    absent = [wording.with_article(i.institution.name) for i in voting if not i.attended]
    by_alternate = [wording.with_article(i.institution.name) for i in present if _came_by(i) == "suplente"]
    by_other = [wording.with_article(i.institution.name) for i in present if _came_by(i) == "otra"]
    parts = []
    if voting and (absent or by_alternate or by_other):
        if absent:
            count = wording.number_in_words(len(present), feminine=True)
            total = wording.number_in_words(len(voting), feminine=True)
            parts.append(f"asistieron {count} de las {total} instituciones integrantes con voto")
        else:
            total = wording.number_in_words(len(voting), feminine=True)
            parts.append(f"asistieron las {total} instituciones integrantes con voto")
        if by_alternate:
            their = "sus suplentes" if len(by_alternate) > 1 else "su suplente"
            parts.append(f"{wording.spanish_list(by_alternate)} por medio de {their}")
        if by_other:
            parts.append(f"{wording.spanish_list(by_other)} por medio de otra persona designada")
        if absent:
            plural = len(absent) > 1 or absent[0].startswith(("los ", "las "))
            verb = "no asistieron" if plural else "no asistió"
            parts.append(f"{verb} {wording.spanish_list(absent)}")
    sentences = []
    if parts:
        text = "; ".join(parts)
        sentences.append(text[0].upper() + text[1:] + ".")
    if session.quorum_met is not None:
        second = session.call == Session.Call.SECOND
        rule = QUORUM_RULES.get(council.second_call_rule if second else council.quorum_rule, "")
        call = " en segunda convocatoria" if second else " en primera convocatoria" if session.call else ""
        if session.quorum_met:
            sentence = f"Se declaró el quórum legal{call}"
            sentences.append(f"{sentence} ({rule})." if rule else f"{sentence}.")
        else:
            sentences.append(f"No se reunió el quórum legal{call}.")
    return " ".join(sentences)


def _conduct(source: dict) -> str:
    return " ".join(part for part in (_presided(source), _attendance(source)) if part)


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


def _groups(groups) -> str:
    """ "se conformaron los grupos de trabajo de Prevención…, de Atención… y de Combate…" (or their whole names)."""
    names = [group.name.strip() for group in groups]
    verb = "se conformaron" if len(names) > 1 else "se conformó"
    if all(name.startswith(GROUP_PREFIX) and len(name) > len(GROUP_PREFIX) for name in names):
        what = "los grupos de trabajo" if len(names) > 1 else "el grupo de trabajo"
        return f"{verb} {what} {wording.spanish_list([name[len(GROUP_PREFIX) :] for name in names])}"
    return f"{verb} {wording.spanish_list([wording.with_article(name) for name in names])}"


def _proceedings(source: dict, *, list_agreements: bool) -> str:
    agenda, groups, agreements = source["agenda"], source["groups"], source["agreements"]
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
        text = _groups(groups)
        sentences.append(text[0].upper() + text[1:] + ".")
    if agreements and not list_agreements:
        count = len(agreements)
        sentences.append(
            "Se adoptó un acuerdo." if count == 1 else f"Se adoptaron {wording.number_in_words(count)} acuerdos."
        )
    return " ".join(sentences)


def _agreements(source: dict) -> str:
    """The agreements one per line, when staff chose to list them."""
    agreements = source["agreements"]
    if not agreements:
        return ""
    count = len(agreements)
    lead = (
        "Se adoptó el siguiente acuerdo:" if count == 1 else f"Se adoptaron {wording.number_in_words(count)} acuerdos:"
    )
    lines = [f"{agreement.number}. {agreement.text.strip()}" for agreement in agreements]
    return "\n".join([lead, *lines])


def informative_note_compose(
    *, session: Session, unit: IssuingUnit, written_on: dt.date, list_agreements: bool = False
) -> str:
    """The draft's text, written by ``unit``'s institution: one paragraph per block, separated by a blank line.

    ``list_agreements`` lists every agreement after the proceedings; by default one sentence counts them.
    """
    with translation.override(DOCUMENT_LANGUAGE):  # role names and session titles as the document writes them
        source = informative_note_source(session=session, issuer=unit.institution)
        source["unit"] = unit
        paragraphs = [
            _opening(source, written_on=written_on),
            _convened(source),
            _conduct(source),
            _purpose(source),
            _proceedings(source, list_agreements=list_agreements),
            _agreements(source) if list_agreements else "",
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
        "footer_parts": footer_parts(note.footer_address),
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
