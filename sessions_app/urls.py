from django.urls import path

from sessions_app import answer_views, convocation_views, document_views, minutes_views, note_views, views, vote_views

app_name = "sessions_app"

urlpatterns = [
    path("", views.SessionListView.as_view(), name="list"),
    path("calendario/", views.MonthCalendarView.as_view(), name="calendar_month"),
    path("calendario/<int:year>/<int:month>/", views.MonthCalendarView.as_view(), name="calendar_month"),
    path("calendario/<slug:token>.ics", views.CouncilFeedView.as_view(), name="feed"),
    path("consejo/<int:council_pk>/calendario/rotar/", views.CouncilFeedRotateView.as_view(), name="feed_rotate"),
    path("<int:pk>/", views.SessionDetailView.as_view(), name="detail"),
    path("<int:pk>/historial/", views.SessionHistoryView.as_view(), name="history"),
    path("<int:pk>/calendario.ics", answer_views.SessionCalendarView.as_view(), name="calendar"),
    # Convocation (staff).
    path("<int:pk>/convocar/", convocation_views.ConveneView.as_view(), name="convene"),
    path("<int:pk>/invitados/agregar/", convocation_views.GuestAddView.as_view(), name="guest_add"),
    path("invitaciones/<int:pk>/retirar/", convocation_views.GuestWithdrawView.as_view(), name="guest_withdraw"),
    path("<int:pk>/confirmaciones/", convocation_views.AttendanceLiveView.as_view(), name="attendance_live"),
    path(
        "<int:pk>/confirmaciones/panel/",
        convocation_views.AttendanceLivePanelView.as_view(),
        name="attendance_live_panel",
    ),
    path("invitaciones/<int:pk>/reenviar/", convocation_views.InvitationResendView.as_view(), name="invitation_resend"),
    path("<int:pk>/suplentes-propuestos/", convocation_views.ProposalListView.as_view(), name="proposals"),
    path("respuestas/<int:pk>/validar/", convocation_views.ProposalValidateView.as_view(), name="proposal_validate"),
    # On the day (staff).
    path("<int:pk>/registro/", convocation_views.CheckInView.as_view(), name="checkin"),
    path(
        "invitaciones/<int:pk>/registro/",
        convocation_views.InvitationCheckInView.as_view(),
        name="invitation_check_in",
    ),
    path(
        "invitaciones/<int:pk>/registro/deshacer/",
        convocation_views.InvitationUndoCheckInView.as_view(),
        name="invitation_undo_check_in",
    ),
    path("<int:pk>/quorum/", convocation_views.QuorumDeclareView.as_view(), name="quorum_declare"),
    # Answering (delegates: with the e-mail's personal link, or logged in).
    path("respuesta/<str:token>/", answer_views.AnswerView.as_view(), name="answer"),
    path("respuesta/<str:token>/calendario.ics", answer_views.AnswerCalendarView.as_view(), name="answer_calendar"),
    path("respuesta/<str:token>/orden-del-dia/", answer_views.AnswerAgendaView.as_view(), name="answer_agenda"),
    path("invitaciones/<int:pk>/responder/", answer_views.InvitationAnswerView.as_view(), name="invitation_answer"),
    path("consejo/<int:council_pk>/programar/", views.SessionCreateView.as_view(), name="create"),
    path("<int:pk>/editar/", views.SessionUpdateView.as_view(), name="update"),
    path("<int:pk>/estado/<slug:action>/", views.SessionStatusView.as_view(), name="status"),
    path("<int:pk>/orden-del-dia/", views.AgendaEditorView.as_view(), name="agenda"),
    path("<int:pk>/orden-del-dia/agregar/", views.AgendaItemCreateView.as_view(), name="agenda_item_create"),
    path("<int:pk>/orden-del-dia/ordenar/", views.AgendaReorderView.as_view(), name="agenda_reorder"),
    path(
        "<int:pk>/orden-del-dia/<int:item_pk>/editar/", views.AgendaItemUpdateView.as_view(), name="agenda_item_update"
    ),
    path(
        "<int:pk>/orden-del-dia/<int:item_pk>/eliminar/",
        views.AgendaItemDeleteView.as_view(),
        name="agenda_item_delete",
    ),
    path("<int:pk>/orden-del-dia/<int:item_pk>/mover/", views.AgendaItemMoveView.as_view(), name="agenda_item_move"),
    path("<int:pk>/orden-del-dia/<int:item_pk>/anexos/", views.AnnexListView.as_view(), name="annexes"),
    path("<int:pk>/anexos/<int:document_pk>/archivar/", views.AnnexArchiveView.as_view(), name="annex_archive"),
    path("<int:pk>/anexos/<int:document_pk>/descargar/", views.AnnexDownloadView.as_view(), name="annex_download"),
    # What happened under each item: notes for the acta and votes (staff).
    path("<int:pk>/puntos/<int:item_pk>/desarrollo/", vote_views.ItemNotesView.as_view(), name="item_notes"),
    path("<int:pk>/puntos/<int:item_pk>/votacion/", vote_views.VoteRecordView.as_view(), name="vote"),
    # The acta.
    path("<int:pk>/documentos/<slug:slug>.pdf", document_views.SessionDocumentView.as_view(), name="document"),
    path(
        "<int:pk>/documentos/publicados/<int:document_pk>/",
        document_views.PublishedDocumentView.as_view(),
        name="published_document",
    ),
    path("<int:pk>/documentos.zip", document_views.SessionDocumentsZipView.as_view(), name="documents_zip"),
    # The nota informativa (staff).
    path("<int:pk>/nota-informativa/", note_views.NoteDetailView.as_view(), name="note"),
    path("<int:pk>/nota-informativa/redactar/", note_views.NoteCreateView.as_view(), name="note_create"),
    path("<int:pk>/nota-informativa/editar/", note_views.NoteEditView.as_view(), name="note_edit"),
    path("<int:pk>/nota-informativa/final/", note_views.NoteFinalView.as_view(), name="note_final"),
    path("<int:pk>/nota-informativa/nota_informativa.pdf", note_views.NotePdfView.as_view(), name="note_pdf"),
    path("<int:pk>/acta/", minutes_views.MinutesDetailView.as_view(), name="minutes"),
    path("<int:pk>/acta/redactar/", minutes_views.MinutesDraftView.as_view(), name="minutes_draft"),
    path("<int:pk>/acta/editar/", minutes_views.MinutesEditView.as_view(), name="minutes_edit"),
    path("<int:pk>/acta/circular/", minutes_views.MinutesCirculateView.as_view(), name="minutes_circulate"),
    path("<int:pk>/acta/comentar/", minutes_views.MinutesCommentView.as_view(), name="minutes_comment"),
    path("<int:pk>/aprobar-acta/<int:minutes_pk>/", minutes_views.MinutesApproveView.as_view(), name="minutes_approve"),
]
