"""The shared directory belongs to no single council: its history is shown in the Django admin only."""

from core import history

history.register_outside("members.Institution")
history.register_outside("members.Person")
history.register_outside("members.IssuingUnit")
