"""Institutions placed in the country: a wider order of government, the state and the municipality.

The old four orders (federal, estatal, municipal, no gubernamental) become ten. ``kind`` (what sort of body
it is) stays as it was; where it named a power or a sector that is now an order of its own (judiciary,
legislature, autonomous body, civil society, business, academia) the order follows it, so a state judiciary
becomes "Poder Judicial" placed in its state. Other non-governmental rows become civil society.

Existing rows get the state their name, city or the end of their address names (the demo's "Monterrey"
is Nuevo León); when nothing or more than one state matches, the state stays empty. The name is then unique
within its place (ignoring case and accents) instead of nationwide; rows that were case or accent
variants of one name in one place, which the old rule let through, are told apart by a suffix rather
than lost. Works on PostgreSQL (an IMMUTABLE wrapper of unaccent makes the index possible) and SQLite.
"""

import re
import unicodedata

import django.db.models.functions.text
import members.models
from django.db import migrations, models

# Orders that follow the kind of body, now that the power or sector is an order of its own.
ORDER_OF_KIND = {
    "judiciary": "judiciary",
    "legislature": "legislature",
    "autonomous": "autonomous",
    "civil_society": "civil_society",
    "business": "private_sector",
    "academia": "academia",
}
NATIONAL_ORDERS = {"federal", "international"}
# What names a state, without accents and in lower case: its name, common short forms and its capital.
# "México" alone is left out: it names the country as often as the state.
STATE_WORDS = {
    "01": ["aguascalientes"],
    "02": ["baja california", "mexicali"],
    "03": ["baja california sur"],
    "04": ["campeche"],
    "05": ["coahuila", "saltillo"],
    "06": ["colima"],
    "07": ["chiapas", "tuxtla gutierrez"],
    "08": ["chihuahua"],
    "09": ["ciudad de mexico", "cdmx"],
    "10": ["durango"],
    "11": ["guanajuato"],
    "12": ["guerrero", "chilpancingo"],
    "13": ["hidalgo", "pachuca"],
    "14": ["jalisco", "guadalajara"],
    "15": ["estado de mexico", "toluca"],
    "16": ["michoacan", "morelia"],
    "17": ["morelos", "cuernavaca"],
    "18": ["nayarit", "tepic"],
    "19": ["nuevo leon", "monterrey"],
    "20": ["oaxaca"],
    "21": ["puebla"],
    "22": ["queretaro"],
    "23": ["quintana roo", "chetumal"],
    "24": ["san luis potosi"],
    "25": ["sinaloa", "culiacan"],
    "26": ["sonora", "hermosillo"],
    "27": ["tabasco", "villahermosa"],
    "28": ["tamaulipas", "ciudad victoria"],
    "29": ["tlaxcala"],
    "30": ["veracruz", "xalapa"],
    "31": ["yucatan", "merida"],
    "32": ["zacatecas"],
}
# Longest first, so "baja california sur" is read before "baja california" can match inside it.
WORDS = sorted(((word, key) for key, words in STATE_WORDS.items() for word in words), key=lambda pair: -len(pair[0]))


def _plain(text):
    decomposed = unicodedata.normalize("NFKD", text or "")
    return "".join(char for char in decomposed if not unicodedata.combining(char)).lower()


def _states_named_in(text):
    text = _plain(text)
    found = set()
    for word, key in WORDS:
        pattern = rf"\b{re.escape(word)}\b"
        if re.search(pattern, text):
            found.add(key)
            text = re.sub(pattern, " ", text)
    return found


def _inferred_state(institution):
    """The one state that the name, else the city, else the end of an address names; empty when unsure."""
    tails = [", ".join(text.replace("\n", ", ").split(",")[-2:]) for text in (institution.footer_address, institution.address)]
    for sources in ([institution.name, institution.short_name], [institution.city], tails):
        found = set().union(*(_states_named_in(text) for text in sources))
        if len(found) == 1:
            return found.pop()
        if found:
            return ""  # more than one state named: leave it to a person
    return ""


def _new_order(kind, order):
    if kind in ORDER_OF_KIND:
        return ORDER_OF_KIND[kind]
    return "civil_society" if order == "none" else order


def place_institutions(apps, schema_editor):
    Institution = apps.get_model("members", "Institution")
    HistoricalInstitution = apps.get_model("members", "HistoricalInstitution")
    taken = set()
    for institution in Institution.objects.order_by("pk"):
        institution.government_order = _new_order(institution.kind, institution.government_order)
        if institution.government_order not in NATIONAL_ORDERS:
            institution.state = _inferred_state(institution)
        place = (institution.state, _plain(institution.municipality))
        if (_plain(institution.name), *place) in taken:
            institution.name = f"{institution.name[:220]} (posible duplicado {institution.pk})"
        taken.add((_plain(institution.name), *place))
        institution.save(update_fields=["government_order", "state", "name"])
    for row in HistoricalInstitution.objects.filter(models.Q(government_order="none") | models.Q(kind__in=ORDER_OF_KIND)):
        row.government_order = _new_order(row.kind, row.government_order)
        row.save(update_fields=["government_order"])


def unplace_institutions(apps, schema_editor):
    """Back to four orders: powers and autonomous bodies by their state, sectors as non-governmental."""
    for model_name in ("Institution", "HistoricalInstitution"):
        model = apps.get_model("members", model_name)
        powers = model.objects.filter(government_order__in=["judiciary", "legislature", "autonomous"])
        powers.exclude(state="").update(government_order="state")
        powers.filter(state="").update(government_order="federal")
        model.objects.filter(
            government_order__in=["civil_society", "private_sector", "academia", "international"]
        ).update(government_order="none")


def create_immutable_unaccent(apps, schema_editor):
    """IMMUTABLE_UNACCENT(text) on PostgreSQL: unaccent() as an index may use it, every name schema-qualified so
    that a restore (which runs with an empty search_path) rebuilds the index. SQLite gets it from members.search."""
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            "SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace "
            "WHERE e.extname = 'unaccent'"
        )
        schema = schema_editor.quote_name(cursor.fetchone()[0])
    schema_editor.execute(
        f"CREATE OR REPLACE FUNCTION {schema}.immutable_unaccent(text) RETURNS text "
        f"LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT "
        f"AS $$ SELECT {schema}.unaccent('{schema}.unaccent'::regdictionary, $1) $$"
    )


def drop_immutable_unaccent(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP FUNCTION IF EXISTS immutable_unaccent(text)")


class Migration(migrations.Migration):

    dependencies = [
        ('members', '0002_unaccent'),
    ]

    operations = [
        migrations.AddField(
            model_name='historicalinstitution',
            name='municipality',
            field=models.CharField(blank=True, help_text='Solo para las instituciones municipales.', max_length=120, verbose_name='municipio'),
        ),
        migrations.AddField(
            model_name='historicalinstitution',
            name='state',
            field=models.CharField(blank=True, choices=[('01', 'Aguascalientes'), ('02', 'Baja California'), ('03', 'Baja California Sur'), ('04', 'Campeche'), ('05', 'Coahuila de Zaragoza'), ('06', 'Colima'), ('07', 'Chiapas'), ('08', 'Chihuahua'), ('09', 'Ciudad de México'), ('10', 'Durango'), ('11', 'Guanajuato'), ('12', 'Guerrero'), ('13', 'Hidalgo'), ('14', 'Jalisco'), ('15', 'México'), ('16', 'Michoacán de Ocampo'), ('17', 'Morelos'), ('18', 'Nayarit'), ('19', 'Nuevo León'), ('20', 'Oaxaca'), ('21', 'Puebla'), ('22', 'Querétaro'), ('23', 'Quintana Roo'), ('24', 'San Luis Potosí'), ('25', 'Sinaloa'), ('26', 'Sonora'), ('27', 'Tabasco'), ('28', 'Tamaulipas'), ('29', 'Tlaxcala'), ('30', 'Veracruz de Ignacio de la Llave'), ('31', 'Yucatán'), ('32', 'Zacatecas')], help_text='Vacía para las instituciones nacionales: federales, internacionales y autónomas del país.', max_length=2, verbose_name='entidad federativa'),
        ),
        migrations.AddField(
            model_name='institution',
            name='municipality',
            field=models.CharField(blank=True, help_text='Solo para las instituciones municipales.', max_length=120, verbose_name='municipio'),
        ),
        migrations.AddField(
            model_name='institution',
            name='state',
            field=models.CharField(blank=True, choices=[('01', 'Aguascalientes'), ('02', 'Baja California'), ('03', 'Baja California Sur'), ('04', 'Campeche'), ('05', 'Coahuila de Zaragoza'), ('06', 'Colima'), ('07', 'Chiapas'), ('08', 'Chihuahua'), ('09', 'Ciudad de México'), ('10', 'Durango'), ('11', 'Guanajuato'), ('12', 'Guerrero'), ('13', 'Hidalgo'), ('14', 'Jalisco'), ('15', 'México'), ('16', 'Michoacán de Ocampo'), ('17', 'Morelos'), ('18', 'Nayarit'), ('19', 'Nuevo León'), ('20', 'Oaxaca'), ('21', 'Puebla'), ('22', 'Querétaro'), ('23', 'Quintana Roo'), ('24', 'San Luis Potosí'), ('25', 'Sinaloa'), ('26', 'Sonora'), ('27', 'Tabasco'), ('28', 'Tamaulipas'), ('29', 'Tlaxcala'), ('30', 'Veracruz de Ignacio de la Llave'), ('31', 'Yucatán'), ('32', 'Zacatecas')], help_text='Vacía para las instituciones nacionales: federales, internacionales y autónomas del país.', max_length=2, verbose_name='entidad federativa'),
        ),
        migrations.AlterField(
            model_name='historicalinstitution',
            name='government_order',
            field=models.CharField(choices=[('federal', 'Federal'), ('state', 'Estatal'), ('municipal', 'Municipal'), ('autonomous', 'Autónomo'), ('judiciary', 'Poder Judicial'), ('legislature', 'Poder Legislativo'), ('civil_society', 'Sociedad civil'), ('private_sector', 'Sector privado'), ('academia', 'Academia'), ('international', 'Organismo internacional')], default='state', max_length=20, verbose_name='orden de gobierno'),
        ),
        migrations.AlterField(
            model_name='institution',
            name='government_order',
            field=models.CharField(choices=[('federal', 'Federal'), ('state', 'Estatal'), ('municipal', 'Municipal'), ('autonomous', 'Autónomo'), ('judiciary', 'Poder Judicial'), ('legislature', 'Poder Legislativo'), ('civil_society', 'Sociedad civil'), ('private_sector', 'Sector privado'), ('academia', 'Academia'), ('international', 'Organismo internacional')], default='state', max_length=20, verbose_name='orden de gobierno'),
        ),
        migrations.RunPython(create_immutable_unaccent, drop_immutable_unaccent),
        migrations.RunPython(place_institutions, unplace_institutions),
        migrations.AlterField(
            model_name='historicalinstitution',
            name='name',
            field=models.CharField(max_length=255, verbose_name='nombre'),
        ),
        migrations.AlterField(
            model_name='institution',
            name='name',
            field=models.CharField(max_length=255, verbose_name='nombre'),
        ),
        migrations.AddConstraint(
            model_name='institution',
            constraint=models.UniqueConstraint(django.db.models.functions.text.Lower(members.models.Unaccented('name')), models.F('state'), django.db.models.functions.text.Lower(members.models.Unaccented('municipality')), name='members_institution_unique_name_in_place', violation_error_message='Ya existe una institución con ese nombre en esa entidad y municipio.'),
        ),
    ]
