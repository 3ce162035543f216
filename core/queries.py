"""Hot queries compiled once per process: for a small query the ORM's compiling costs more than running it.

``CompiledQuery(build)`` takes a function that builds a ``values_list`` queryset from its parameters (ids, and
with ``moment=True`` first a datetime).
The first call compiles it once per database, with stand-ins for the parameters; each call after that runs
the same SQL with its own values and converts the rows as the ORM does (``results_iter``: dates, JSON…).
The rows are those the queryset itself gives (tested against it wherever it is used).
"""

import datetime as dt
from collections.abc import Callable

from django.db import connections
from django.db.models import QuerySet

# Ids no row holds, standing for the parameters while a query is compiled; found again among its parameters.
_STAND_INS = tuple(-7_391_029_411 - n for n in range(200))
# A moment no query asks about, standing for ``moment`` (a datetime, adapted as the database takes it).
_MOMENT = dt.datetime(1900, 1, 2, 3, 4, 5, 678_901, tzinfo=dt.UTC)


class CompiledQuery:
    def __init__(self, build: Callable[..., QuerySet], *, moment: bool = False, using: str = "default"):
        self.build = build
        self.moment = moment  # ``build(moment, *ids)``: the first parameter is a datetime ("now")
        self.using = using
        # By the database's vendor (one per process, but tests switch) and the number of parameters (a list of ids
        # of any length up to ``_STAND_INS``: each length is compiled once).
        self._prepared: dict[tuple[str, int], tuple] = {}

    def _adapted(self, values: tuple, connection) -> list:
        if not self.moment:
            return list(values)
        return [connection.ops.adapt_datetimefield_value(values[0]), *values[1:]]

    def _prepare(self, arity: int, connection) -> tuple:
        stand_ins = ((_MOMENT,) if self.moment else ()) + _STAND_INS[:arity]
        queryset = self.build(*stand_ins)
        compiler = queryset.query.get_compiler(using=self.using)
        sql, params = compiler.as_sql()
        params = list(params)
        markers = self._adapted(stand_ins, connection)
        positions = [[i for i, value in enumerate(params) if value == marker] for marker in markers]
        if not all(positions):
            raise ValueError("Each parameter of a compiled query must reach its SQL as it was given (an id).")
        return sql, params, positions, compiler

    def rows(self, *values) -> list[tuple]:
        """The queryset's rows for these parameters (``build(*values)``), as tuples."""
        arity = len(values) - self.moment
        if arity > len(_STAND_INS):
            return list(self.build(*values))
        connection = connections[self.using]
        key = (connection.vendor, arity)
        prepared = self._prepared.get(key)
        if prepared is None:
            prepared = self._prepared[key] = self._prepare(arity, connection)
        sql, params, positions, compiler = prepared
        params = list(params)
        for value, places in zip(self._adapted(values, connection), positions, strict=True):
            for place in places:
                params[place] = value
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            fetched = cursor.fetchall()
        if compiler.has_extra_select:  # columns selected only to order by: not the queryset's (``execute_sql``)
            fetched = [row[: compiler.col_count] for row in fetched]
        return list(compiler.results_iter(results=[fetched], tuple_expected=True))
