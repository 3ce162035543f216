"""A session's routes (namespace "sessions_app"), under /sesiones/; agreements have theirs in ``agreement_urls``."""

from django.urls import path

from sessions_app.views import (
    agenda,
    answers,
    calendar,
    checkin,
    convocation,
    documents,
    minutes,
    notes,
    quorum,
    sessions,
    signatures,
    votes,
)

app_name = "sessions_app"

urlpatterns = [
    path("", sessions.SessionListView.as_view(), name="list"),
    path("calendario/", calendar.MonthCalendarView.as_view(), name="calendar_month"),
    path("calendario/<int:year>/<int:month>/", calendar.MonthCalendarView.as_view(), name="calendar_month"),
    path("calendario/<slug:token>.ics", calendar.CouncilFeedView.as_view(), name="feed"),
    path("consejo/<int:council_pk>/calendario/rotar/", calendar.CouncilFeedRotateView.as_view(), name="feed_rotate"),
    path("<int:pk>/", sessions.SessionDetailView.as_view(), name="detail"),
    path("<int:pk>/historial/", sessions.SessionHistoryView.as_view(), name="history"),
    path("<int:pk>/calendario.ics", calendar.SessionCalendarView.as_view(), name="calendar"),
    # Convocation (staff).
    path("<int:pk>/convocar/", convocation.ConveneView.as_view(), name="convene"),
    path("<int:pk>/invitados/agregar/", convocation.GuestAddView.as_view(), name="guest_add"),
    path("invitaciones/<int:pk>/retirar/", convocation.GuestWithdrawView.as_view(), name="guest_withdraw"),
    path("<int:pk>/confirmaciones/", convocation.AttendanceLiveView.as_view(), name="attendance_live"),
    path(
        "<int:pk>/confirmaciones/panel/",
        convocation.AttendanceLivePanelView.as_view(),
        name="attendance_live_panel",
    ),
    path("<int:pk>/recordatorio/", convocation.ReminderSendView.as_view(), name="reminders_send"),
    path("invitaciones/<int:pk>/reenviar/", convocation.InvitationResendView.as_view(), name="invitation_resend"),
    path("<int:pk>/suplentes-propuestos/", answers.ProposalListView.as_view(), name="proposals"),
    path("respuestas/<int:pk>/validar/", answers.ProposalValidateView.as_view(), name="proposal_validate"),
    path(
        "invitaciones/<int:pk>/respuesta-de-la-secretaria/",
        answers.StaffAnswerView.as_view(),
        name="invitation_answer_staff",
    ),
    # On the day (staff).
    path("<int:pk>/registro/", checkin.CheckInView.as_view(), name="checkin"),
    path(
        "invitaciones/<int:pk>/registro/",
        checkin.InvitationCheckInView.as_view(),
        name="invitation_check_in",
    ),
    path(
        "invitaciones/<int:pk>/registro/hora/",
        checkin.InvitationArrivalView.as_view(),
        name="invitation_arrival",
    ),
    path(
        "invitaciones/<int:pk>/registro/deshacer/",
        checkin.InvitationUndoCheckInView.as_view(),
        name="invitation_undo_check_in",
    ),
    path("<int:pk>/quorum/", quorum.QuorumDeclareView.as_view(), name="quorum_declare"),
    # Answering (delegates: with the e-mail's personal link, or logged in).
    path("respuesta/<str:token>/", answers.AnswerView.as_view(), name="answer"),
    path("respuesta/<str:token>/calendario.ics", calendar.AnswerCalendarView.as_view(), name="answer_calendar"),
    path("respuesta/<str:token>/orden-del-dia/", answers.AnswerAgendaView.as_view(), name="answer_agenda"),
    path("invitaciones/<int:pk>/responder/", answers.InvitationAnswerView.as_view(), name="invitation_answer"),
    path("consejo/<int:council_pk>/programar/", sessions.SessionCreateView.as_view(), name="create"),
    path("consejo/<int:council_pk>/registrar-celebrada/", sessions.SessionRecordView.as_view(), name="record"),
    path("<int:pk>/editar/", sessions.SessionUpdateView.as_view(), name="update"),
    path("<int:pk>/corregir-horarios/", sessions.SessionCorrectTimesView.as_view(), name="correct_times"),
    path("<int:pk>/estado/<slug:action>/", sessions.SessionStatusView.as_view(), name="status"),
    path("<int:pk>/orden-del-dia/", agenda.AgendaEditorView.as_view(), name="agenda"),
    path("<int:pk>/orden-del-dia/agregar/", agenda.AgendaItemCreateView.as_view(), name="agenda_item_create"),
    path("<int:pk>/orden-del-dia/ordenar/", agenda.AgendaReorderView.as_view(), name="agenda_reorder"),
    path("<int:pk>/orden-del-dia/horarios/", agenda.AgendaTimesView.as_view(), name="agenda_times"),
    path(
        "<int:pk>/orden-del-dia/<int:item_pk>/editar/", agenda.AgendaItemUpdateView.as_view(), name="agenda_item_update"
    ),
    path(
        "<int:pk>/orden-del-dia/<int:item_pk>/eliminar/",
        agenda.AgendaItemDeleteView.as_view(),
        name="agenda_item_delete",
    ),
    path("<int:pk>/orden-del-dia/<int:item_pk>/mover/", agenda.AgendaItemMoveView.as_view(), name="agenda_item_move"),
    path("<int:pk>/orden-del-dia/<int:item_pk>/anexos/", agenda.AnnexListView.as_view(), name="annexes"),
    path("<int:pk>/anexos/<int:document_pk>/archivar/", agenda.AnnexArchiveView.as_view(), name="annex_archive"),
    path("<int:pk>/anexos/<int:document_pk>/descargar/", agenda.AnnexDownloadView.as_view(), name="annex_download"),
    # What happened under each item: notes for the acta and votes (staff).
    path("<int:pk>/puntos/<int:item_pk>/desarrollo/", votes.ItemNotesView.as_view(), name="item_notes"),
    path("<int:pk>/puntos/<int:item_pk>/votacion/", votes.VoteRecordView.as_view(), name="vote"),
    # The acta.
    path("<int:pk>/documentos/<slug:slug>.pdf", documents.SessionDocumentView.as_view(), name="document"),
    path(
        "<int:pk>/documentos/publicados/<int:document_pk>/",
        documents.PublishedDocumentView.as_view(),
        name="published_document",
    ),
    path(
        "<int:pk>/documentos/publicados/<int:document_pk>/firmar/",
        signatures.DocumentSignView.as_view(),
        name="document_sign",
    ),
    path("<int:pk>/documentos/<slug:slug>/publicar/", documents.DocumentPublishView.as_view(), name="document_publish"),
    path("<int:pk>/documentos.zip", documents.SessionDocumentsZipView.as_view(), name="documents_zip"),
    # The nota informativa (staff).
    path("<int:pk>/nota-informativa/", notes.NoteDetailView.as_view(), name="note"),
    path("<int:pk>/nota-informativa/redactar/", notes.NoteCreateView.as_view(), name="note_create"),
    path("<int:pk>/nota-informativa/editar/", notes.NoteEditView.as_view(), name="note_edit"),
    path("<int:pk>/nota-informativa/redactar-de-nuevo/", notes.NoteRedraftView.as_view(), name="note_redraft"),
    path("<int:pk>/nota-informativa/final/", notes.NoteFinalView.as_view(), name="note_final"),
    path("<int:pk>/nota-informativa/nota_informativa.pdf", notes.NotePdfView.as_view(), name="note_pdf"),
    path("<int:pk>/acta/", minutes.MinutesDetailView.as_view(), name="minutes"),
    path("<int:pk>/acta/redactar/", minutes.MinutesDraftView.as_view(), name="minutes_draft"),
    path("<int:pk>/acta/editar/", minutes.MinutesEditView.as_view(), name="minutes_edit"),
    path("<int:pk>/acta/circular/", minutes.MinutesCirculateView.as_view(), name="minutes_circulate"),
    path("<int:pk>/acta/comentar/", minutes.MinutesCommentView.as_view(), name="minutes_comment"),
    path("<int:pk>/aprobar-acta/<int:minutes_pk>/", minutes.MinutesApproveView.as_view(), name="minutes_approve"),
]
