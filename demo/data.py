"""What the demo council is made of: the institutions, people, agenda and agreements of the seed's session.

The seed is the nota informativa of the Nuevo León council's session of 7 October 2022
(``shared/seed``); its institutions, posts and the federal secretariat's letterhead are those of the seed.
Its people are invented, and plainly so ("Alma Ejemplo Ficticia"): no one can take them for the real
office holders. The rule: a given name and two invented surnames, "Ejemplo" for a titular, "Muestra" for a
suplente, then "Ficticio" or "Ficticia" (tests/demo/test_demo.py holds every person to it).
"""

from zoneinfo import ZoneInfo

from members.models import Institution, State
from sessions_app.models import AgendaItem

MX = ZoneInfo("America/Mexico_City")
K = Institution.Kind

# Where the demo's institutions sit: Nuevo León, the municipal ones in the municipalities they speak for;
# the federal secretariat (SEGOB) is national, without a state.
STATE = State.NUEVO_LEON
MUNICIPALITIES = {
    "Alcaldes y alcaldesas de la zona norte": "Municipios de la zona norte",
    "Alcaldes y alcaldesas de la zona sur": "Municipios de la zona sur",
}

COUNCIL_NAME = "Consejo Interinstitucional para la Prevención, Atención, Combate y Erradicación de la Trata de Personas"
COUNCIL_PURPOSE = (
    "Mecanismo que dé seguimiento de los compromisos asumidos por la administración pública estatal en la "
    "materia de trata de personas y de colaboración que se vincule con organizaciones de la sociedad civil, "
    "sector académico e instancias públicas."
)
FEDERAL_NAME = (
    "Comisión Intersecretarial para Prevenir, Sancionar y Erradicar los Delitos en Materia de Trata de Personas "
    "y para la Protección y Asistencia a las Víctimas de estos Delitos"
)
SEGOB_UNITS = (
    "SUBSECRETARÍA DE DERECHOS HUMANOS, POBLACIÓN Y MIGRACIÓN\n"
    "DIRECCIÓN GENERAL DE ESTRATEGIAS PARA LA ATENCIÓN DE DERECHOS HUMANOS"
)
SEGOB_FOOTER = "Circular de Morelia No.8, Col. Roma Norte, Alcaldía Cuauhtémoc, C. P. 06600, Ciudad de México."
# The seed's issuer stands elsewhere as the federal commission's technical secretariat: recorded on its unit,
# the nota says "en su calidad de …".
SEGOB_STANDING = f"Secretaría Técnica de la {FEDERAL_NAME} (Comisión Intersecretarial)"
SII_PHONE = "81 2000 0000"  # invented, like every phone and web of the demo
SII_WEB = "www.ejemplo.gob.mx/igualdad-nl"
SII_OFICIO_PATTERN = "SII/{year}/{n:03d}"  # the state secretariat's oficios: SII/2022/001, SII/2022/002…
SII_INITIALS = "ST/amr"  # who signs / who drafted, at the foot of its oficios
# What the convocatoria cites ("Con fundamento en …") and whom it copies (c.c.p.), one line each.
COUNCIL_LEGAL_BASIS = (
    "lo dispuesto en la Ley para Prevenir, Atender, Combatir y Erradicar la Trata de Personas en el Estado "
    "de Nuevo León"
)
COUNCIL_COPY_TO = (
    "Secretaría General de Gobierno. Presidencia del Consejo. Para su conocimiento.\nExpediente de la sesión."
)

# (name, short name, kind, order of government, titular, suplente), in the seed's order.
MEMBERS = [
    (
        "Alcaldes y alcaldesas de la zona norte",
        "Alcaldías Norte",
        K.MUNICIPALITY,
        "municipal",
        ("Lic.", "Ramiro Ejemplo Ficticio", "Presidente Municipal, representante de la zona norte"),
        ("Lic.", "Sofía Muestra Ficticia", "Secretaria del Ayuntamiento"),
    ),
    (
        "Alcaldes y alcaldesas de la zona sur",
        "Alcaldías Sur",
        K.MUNICIPALITY,
        "municipal",
        ("Mtra.", "Leticia Ejemplo Ficticia", "Presidenta Municipal, representante de la zona sur"),
        ("Ing.", "Óscar Muestra Ficticio", "Secretario del Ayuntamiento"),
    ),
    (
        "Secretaría General de Gobierno",
        "SGG",
        K.STATE_MINISTRY,
        "state",
        ("Lic.", "Javier Ejemplo Ficticio", "Secretario General de Gobierno"),
        ("Mtra.", "Adriana Muestra Ficticia", "Subsecretaria de Gobierno"),
    ),
    (
        "Fiscalía General de Justicia del Estado de Nuevo León",
        "FGJNL",
        K.PROSECUTOR,
        "state",
        ("Mtro.", "Gustavo Ejemplo Ficticio", "Fiscal General de Justicia"),
        ("Lic.", "Mariana Muestra Ficticia", "Fiscal Especializada en Trata de Personas"),
    ),
    (
        "Secretaría de Seguridad Pública",
        "SSP",
        K.STATE_MINISTRY,
        "state",
        ("Gral.", "Gerardo Ejemplo Ficticio", "Secretario de Seguridad Pública"),
        ("Lic.", "Daniela Muestra Ficticia", "Directora de Prevención del Delito"),
    ),
    (
        "Secretaría de Finanzas y Tesorería General del Estado",
        "SFyTGE",
        K.STATE_MINISTRY,
        "state",
        ("C.P.", "Carlos Ejemplo Ficticio", "Secretario de Finanzas y Tesorero General"),
        ("Lic.", "Verónica Muestra Ficticia", "Directora de Presupuesto"),
    ),
    (
        "Secretaría de Educación",
        "SE",
        K.STATE_MINISTRY,
        "state",
        ("Dra.", "Elisa Ejemplo Ficticia", "Secretaria de Educación"),
        ("Mtro.", "Héctor Muestra Ficticio", "Subsecretario de Educación Básica"),
    ),
    (
        "Secretaría de Salud",
        "SSNL",
        K.STATE_MINISTRY,
        "state",
        ("Dra.", "Alma Ejemplo Ficticia", "Secretaria de Salud"),
        ("Dr.", "Rubén Muestra Ficticio", "Director de Servicios de Salud"),
    ),
    (
        "Secretaría de Igualdad e Inclusión",
        "SII",
        K.STATE_MINISTRY,
        "state",
        ("Mtra.", "Marta Ejemplo Ficticia", "Secretaria de Igualdad e Inclusión"),
        ("Lic.", "Rodrigo Muestra Ficticio", "Director de Atención a Grupos Vulnerables"),
    ),
    (
        "Secretaría de Trabajo",
        "ST",
        K.STATE_MINISTRY,
        "state",
        ("Lic.", "Federico Ejemplo Ficticio", "Secretario del Trabajo"),
        ("Lic.", "Paulina Muestra Ficticia", "Directora de Inspección del Trabajo"),
    ),
    (
        "Sistema para el Desarrollo Integral de la Familia",
        "DIF NL",
        K.DECENTRALISED,
        "state",
        ("Lic.", "Lucía Ejemplo Ficticia", "Directora General del DIF"),
        ("Lic.", "Jorge Muestra Ficticio", "Procurador de Protección de Niñas, Niños y Adolescentes"),
    ),
    (
        "Instituto Estatal de las Mujeres",
        "IEM",
        K.DECENTRALISED,
        "state",
        ("Mtra.", "Graciela Ejemplo Ficticia", "Presidenta Ejecutiva"),
        ("Lic.", "Karla Muestra Ficticia", "Coordinadora de Programas"),
    ),
    (
        "Secretaría de Turismo",
        "SECTUR NL",
        K.STATE_MINISTRY,
        "state",
        ("Lic.", "Carmen Ejemplo Ficticia", "Secretaria de Turismo"),
        ("Lic.", "Eduardo Muestra Ficticio", "Director de Promoción Turística"),
    ),
    (
        "Secretaría de las Mujeres",
        "SMNL",
        K.STATE_MINISTRY,
        "state",
        ("Lic.", "Cristina Ejemplo Ficticia", "Secretaria de las Mujeres"),
        ("Mtra.", "Laura Muestra Ficticia", "Subsecretaria de Prevención de la Violencia"),
    ),
]

GUESTS = [
    (
        "Poder Judicial del Estado de Nuevo León",
        "PJENL",
        K.JUDICIARY,
        "judiciary",
        ("Mgdo.", "Arturo Ejemplo Ficticio", "Magistrado Presidente"),
        ("Lic.", "Beatriz Muestra Ficticia", "Secretaria General de Acuerdos"),
    ),
    (
        "Poder Legislativo del Estado de Nuevo León",
        "H. Congreso NL",
        K.LEGISLATURE,
        "legislature",
        ("Dip.", "Irene Ejemplo Ficticia", "Presidenta de la Comisión de Igualdad de Género"),
        ("Lic.", "Tomás Muestra Ficticio", "Secretario Técnico de Comisión"),
    ),
    (
        "Comisión Estatal de Derechos Humanos",
        "CEDHNL",
        K.AUTONOMOUS,
        "autonomous",
        ("Mtra.", "Olga Ejemplo Ficticia", "Presidenta"),
        ("Lic.", "Alejandro Muestra Ficticio", "Visitador General"),
    ),
    (
        "Sociedad civil",
        "OSC",
        K.CIVIL_SOCIETY,
        "civil_society",
        ("Lic.", "Patricia Ejemplo Ficticia", "Representante de organizaciones de la sociedad civil"),
        ("Lic.", "Daniel Muestra Ficticio", "Representante suplente"),
    ),
    (
        "Sector empresarial",
        "Sector empresarial",
        K.BUSINESS,
        "private_sector",
        ("Ing.", "Roberto Ejemplo Ficticio", "Representante del sector empresarial"),
        ("Lic.", "Mónica Muestra Ficticia", "Representante suplente"),
    ),
    (
        "Academia",
        "Academia",
        K.ACADEMIA,
        "academia",
        ("Dra.", "Elena Ejemplo Ficticia", "Investigadora, representante de la academia"),
        ("Dr.", "Luis Muestra Ficticio", "Investigador, representante suplente"),
    ),
]

WORKING_GROUPS = [
    (
        "Grupo de Trabajo de Prevención de la Trata de Personas",
        "Secretaría de Educación",
        "Campañas de prevención y detección temprana en escuelas, centros de trabajo y destinos turísticos.",
        ["Secretaría de Turismo", "Secretaría de Trabajo", "Secretaría de Seguridad Pública"],
    ),
    (
        "Grupo de Trabajo de Atención y Protección a Víctimas",
        "Sistema para el Desarrollo Integral de la Familia",
        "Protocolos de atención, refugio y reintegración de víctimas, con enfoque de género y de niñez.",
        ["Secretaría de Salud", "Secretaría de las Mujeres", "Instituto Estatal de las Mujeres"],
    ),
    (
        "Grupo de Trabajo de Combate y Procuración de Justicia",
        "Fiscalía General de Justicia del Estado de Nuevo León",
        "Coordinación de la investigación y persecución de los delitos en materia de trata de personas.",
        ["Secretaría de Seguridad Pública", "Secretaría General de Gobierno"],
    ),
]

AGENDA_2022 = [
    (AgendaItem.Kind.ROLL_CALL, "Lista de asistencia y declaración de quórum", 10, "", False),
    (AgendaItem.Kind.AGENDA_APPROVAL, "Lectura y, en su caso, aprobación del orden del día", 5, "", False),
    (AgendaItem.Kind.PRESENTATION, "Mensaje de bienvenida", 10, "Secretaría General de Gobierno", False),
    (
        AgendaItem.Kind.PRESENTATION,
        "Presentación del proyecto de Programa Estatal para la Prevención, Atención, "
        "Combate y Erradicación de la Trata de Personas",
        30,
        "Secretaría de Igualdad e Inclusión",
        True,
    ),
    (
        AgendaItem.Kind.FOR_AGREEMENT,
        "Conformación de grupos de trabajo especializados en materia de trata de personas",
        20,
        "Secretaría de Igualdad e Inclusión",
        True,
    ),
    (AgendaItem.Kind.GENERAL_MATTERS, "Asuntos generales", 15, "", False),
    (AgendaItem.Kind.CLOSING, "Clausura de la sesión", 5, "", False),
]

CLOSING_REMARKS = (
    "Al final del encuentro, se llevó a cabo un acercamiento entre Secretarías Técnicas, resaltando la importancia "
    "de contar con la definición de una política pública contra la trata y la vinculación con el sector "
    "empresarial, así como el fortalecimiento de canales de comunicación con los estados de la región."
)

DEMO_PASSWORD = "sesiones-demo"  # noqa: S105 - demo accounts only, never created in production
# The agreements of the seed's session: (agenda item's order, text, responsible institutions, due date, status).
AGREEMENTS_2022 = [
    (2, "Se aprueba el orden del día de la sesión.", [], None, "fulfilled"),
    (
        4,
        "La Secretaría Técnica circulará el proyecto de Programa Estatal entre las instituciones integrantes "
        "para recibir sus observaciones.",
        ["Secretaría de Igualdad e Inclusión"],
        (2022, 11, 4),
        "fulfilled",
    ),
    (
        5,
        "Se conforman los grupos de trabajo especializados de Prevención, de Atención y Protección a Víctimas, "
        "y de Combate y Procuración de Justicia.",
        ["Secretaría de Igualdad e Inclusión"],
        None,
        "fulfilled",
    ),
    (
        5,
        "Cada grupo de trabajo presentará su plan de trabajo en la siguiente sesión ordinaria.",
        [
            "Secretaría de Educación",
            "Sistema para el Desarrollo Integral de la Familia",
            "Fiscalía General de Justicia del Estado de Nuevo León",
        ],
        (2023, 3, 31),
        "in_progress",
    ),
    (
        5,
        "La Secretaría de Salud elaborará el protocolo de atención médica y psicológica para víctimas.",
        ["Secretaría de Salud"],
        (2026, 12, 31),
        "pending",
    ),
]

DEMO_ACCOUNTS = [
    ("admin", "Administración de la plataforma", "admin"),
    ("secretaria", "Secretaría Técnica del consejo", "staff"),
    ("salud", "Delegada de la Secretaría de Salud", "delegate"),
    ("educacion", "Delegado de la Secretaría de Educación", "delegate"),
]
