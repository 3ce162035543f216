"""The events webhooks tell of, read from the saves of sessions, agreements and documents (no app is changed).

Each instance remembers, when loaded, the state its events depend on
(``post_init``, no query); its save then compares (``post_save``) and queues
the event once the transaction commits (``api.tasks.webhooks_enqueue``).
"""

from django.db.models.signals import post_init, post_save

from api.models import WebhookEndpoint
from api.tasks import agreement_data, webhooks_enqueue
from sessions_app.models import Agreement, Document, Session

Event = WebhookEndpoint.Event
SESSION_EVENTS = {
    Session.Status.CONVENED: Event.SESSION_CONVENED,
    Session.Status.HELD: Event.SESSION_HELD,
    Session.Status.CANCELLED: Event.SESSION_CANCELLED,
}
SEEN = "_webhook_seen"


def _remember(fields):
    def handler(sender, instance, **kwargs):
        setattr(instance, SEEN, {name: instance.__dict__.get(name) for name in fields})

    return handler


SESSION_FIELDS = ("status", "starts_at", "convened_on")
remember_session = _remember(SESSION_FIELDS)
remember_agreement = _remember(("status",))
remember_document = _remember(("published_at",))


def _before(instance, created: bool) -> dict:
    return {} if created else getattr(instance, SEEN, {})


def session_saved(sender, instance: Session, created: bool, raw=False, **kwargs):
    if raw:
        return
    before = _before(instance, created)
    events = []
    if before.get("status") != instance.status and instance.status in SESSION_EVENTS:
        if instance.status == Session.Status.CONVENED and before.get("convened_on") is not None:
            # Convened again after a postponement (the convocation's date stays the first one's): the
            # institutions and the receivers knew it already; what is new is its date.
            events.append(Event.SESSION_RESCHEDULED)
        else:
            events.append(SESSION_EVENTS[instance.status])
    elif (
        not created
        and before.get("starts_at") is not None
        and before["starts_at"] != instance.starts_at
        and instance.status != Session.Status.DRAFT
    ):
        events.append(Event.SESSION_RESCHEDULED)
    for event in events:
        data = {
            "id": instance.pk,
            "title": instance.title,
            "status": instance.status,
            "starts_at": instance.starts_at,
            "ends_at": instance.ends_at,
            "working_group_id": instance.working_group_id,
        }
        webhooks_enqueue(council_id=instance.council_id, event=event, data=data)
    setattr(instance, SEEN, {name: getattr(instance, name) for name in SESSION_FIELDS})


def agreement_saved(sender, instance: Agreement, created: bool, raw=False, **kwargs):
    if raw:
        return
    before = _before(instance, created)
    if created:
        webhooks_enqueue(session_id=instance.session_id, event=Event.AGREEMENT_CREATED, data=agreement_data(instance))
    elif before.get("status") != instance.status and not instance.is_open:
        webhooks_enqueue(session_id=instance.session_id, event=Event.AGREEMENT_CLOSED, data=agreement_data(instance))
    setattr(instance, SEEN, {"status": instance.status})


def document_saved(sender, instance: Document, created: bool, raw=False, **kwargs):
    if raw or instance.kind == Document.Kind.ANNEX or instance.published_at is None:
        return
    if _before(instance, created).get("published_at") is None:
        data = {
            "id": instance.pk,
            "session_id": instance.session_id,
            "kind": instance.kind,
            "title": instance.title,
            "version": instance.version,
            "sha256": instance.sha256,
            "published_at": instance.published_at,
        }
        webhooks_enqueue(session_id=instance.session_id, event=Event.DOCUMENT_PUBLISHED, data=data)
    setattr(instance, SEEN, {"published_at": instance.published_at})


def connect() -> None:
    for model, remember, saved in (
        (Session, remember_session, session_saved),
        (Agreement, remember_agreement, agreement_saved),
        (Document, remember_document, document_saved),
    ):
        post_init.connect(remember, sender=model, dispatch_uid=f"api.webhooks.remember.{model.__name__}")
        post_save.connect(saved, sender=model, dispatch_uid=f"api.webhooks.saved.{model.__name__}")
