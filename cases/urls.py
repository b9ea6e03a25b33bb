from django.urls import path

from .views import (
    detail,
    duplicates,
    erasure,
    export,
    intake,
    listing,
    record,
    transfer,
    workflow,
)

app_name = "cases"

urlpatterns = [
    path("", listing.case_list, name="list"),
    path("new/", intake.intake, name="intake"),
    path("export/", export.export, name="export"),
    path("<id:pk>/", detail.case_page, name="detail"),
    path("<id:pk>/edit/", intake.edit, name="edit"),
    path("<id:pk>/notes/", detail.notes, name="notes"),
    path("<id:pk>/documents/", detail.documents, name="documents"),
    path(
        "<id:pk>/documents/<id:document_id>/",
        detail.document_download,
        name="document_download",
    ),
    path("<id:pk>/services/", detail.services_delivered, name="services"),
    path("<id:pk>/legal/", detail.legal_new, name="legal_new"),
    path("<id:pk>/legal/<id:proceeding_id>/", detail.legal_edit, name="legal_edit"),
    path("<id:pk>/history/", detail.history, name="history"),
    path("<id:pk>/follow-up/", detail.follow_up, name="follow_up"),
    path("<id:pk>/assign/", workflow.assign, name="assign"),
    path("<id:pk>/status/", workflow.status, name="status"),
    path("<id:pk>/close/", workflow.request_closure, name="request_closure"),
    path("<id:pk>/close/review/", workflow.approve_closure, name="review_closure"),
    path("<id:pk>/reopen/", workflow.reopen, name="reopen"),
    path("<id:pk>/consent/", workflow.consent, name="consent"),
    path("<id:pk>/erase/", erasure.erase, name="erase"),
    path("<id:pk>/transfer/", transfer.propose, name="transfer"),
    path("<id:pk>/transfer/withdraw/", transfer.withdraw, name="withdraw_transfer"),
    path("transfers/", transfer.transfer_list, name="transfers"),
    path("transfers/<id:transfer_id>/", transfer.transfer_detail, name="transfer_detail"),
    path("transfers/<id:transfer_id>/accept/", transfer.accept, name="accept_transfer"),
    path("transfers/<id:transfer_id>/decline/", transfer.decline, name="decline_transfer"),
    path(
        "transfers/<id:transfer_id>/documents/<id:document_id>/",
        transfer.former_document,
        name="former_document",
    ),
    path("possible-duplicates/", duplicates.possible_duplicates, name="possible_duplicates"),
    path(
        "possible-duplicates/<id:item_id>/resolve/",
        duplicates.resolve,
        name="resolve_possible_duplicate",
    ),
]

urlpatterns += record.urlpatterns
