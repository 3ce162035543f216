"""Database lookups that keep hostile input from reaching the database driver.

Django already answers "nothing" when an ``exact``, ``gt``… lookup on an integer
field gets a number out of the column's range; ``in`` does not, and SQLite's
driver then raises ``OverflowError`` (a 500) for an id such as
``99999999999999999999`` typed into a form's multiple choice. Ids out of range
match no row, so they are left out of the list.
"""

from django.db.models import IntegerField
from django.db.models.lookups import In


@IntegerField.register_lookup
class IntegerFieldIn(In):
    """``in`` on integer fields (ids included), leaving out values no row of the column can hold."""

    def process_rhs(self, compiler, connection):
        if self.rhs_is_direct_value():
            low, high = connection.ops.integer_field_range(self.lhs.output_field.get_internal_type())
            self.rhs = [
                value
                for value in self.rhs
                if not isinstance(value, int) or ((low is None or value >= low) and (high is None or value <= high))
            ]
        return super().process_rhs(compiler, connection)
