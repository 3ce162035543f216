"""Hot queries compiled once per process: for a small query the ORM's compiling costs more than running it.

``CompiledQuery(build)`` takes a function that builds a ``values_list`` queryset from its parameters (ids).
The first call compiles it once per database, with stand-ins for the parameters; each call after that runs
the same SQL with its own values and converts the rows as the ORM does (``results_iter``: dates, JSON…).
The rows are those the queryset itself gives (tested against it wherever it is used).
"""

from collections.abc import Callable

from django.db import connections
from django.db.models import QuerySet

# Ids no row holds, standing for the parameters while a query is compiled; found again among its parameters.
_STAND_INS = tuple(-7_391_029_411 - n for n in range(8))


class CompiledQuery:
    def __init__(self, build: Callable[..., QuerySet], *, using: str = "default"):
        self.build = build
        self.using = using
        self._prepared: dict[str, tuple] = {}  # by the database's vendor (one per process, but tests switch)

    def _prepare(self, arity: int) -> tuple:
        queryset = self.build(*_STAND_INS[:arity])
        compiler = queryset.query.get_compiler(using=self.using)
        sql, params = compiler.as_sql()
        params = list(params)
        positions = [[i for i, value in enumerate(params) if value == stand_in] for stand_in in _STAND_INS[:arity]]
        if not all(positions):
            raise ValueError("Each parameter of a compiled query must reach its SQL as it was given (an id).")
        return sql, params, positions, compiler

    def rows(self, *values: int) -> list[tuple]:
        """The queryset's rows for these parameters (``build(*values)``), as tuples."""
        connection = connections[self.using]
        prepared = self._prepared.get(connection.vendor)
        if prepared is None:
            prepared = self._prepared[connection.vendor] = self._prepare(len(values))
        sql, params, positions, compiler = prepared
        params = list(params)
        for value, places in zip(values, positions, strict=True):
            for place in places:
                params[place] = value
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            fetched = cursor.fetchall()
        if compiler.has_extra_select:  # columns selected only to order by: not the queryset's (``execute_sql``)
            fetched = [row[: compiler.col_count] for row in fetched]
        return list(compiler.results_iter(results=[fetched], tuple_expected=True))
