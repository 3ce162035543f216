"""The geometry of the server-made charts: shares of the width, clipped, and labels kept inside."""

from core.charts import gauge


def test_a_gauge_places_its_parts_and_marks_in_percent():
    g = gauge(total=14, solid=7, light=3, marks=[("1.ª", 8), ("2.ª", 1)])
    assert (g.solid_width, g.light_width) == (50.0, 21.43)
    assert [(m.label, m.value, m.x, m.anchor) for m in g.marks] == [
        ("1.ª", 8, 57.14, "middle"),
        ("2.ª", 1, 7.14, "start"),
    ]


def test_a_gauge_clips_what_exceeds_its_total_and_survives_an_empty_one():
    g = gauge(total=4, solid=6, light=2, marks=[("1.ª", 4)])
    assert (g.solid, g.light, g.solid_width, g.light_width) == (4, 0, 100.0, 0.0)
    assert g.marks[0].anchor == "end"
    empty = gauge(total=0, solid=0, light=0, marks=[("1.ª", 1)])
    assert (empty.solid_width, empty.marks[0].x) == (0.0, 0.0)
