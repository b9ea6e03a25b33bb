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
    path("<int:pk>/", detail.case_page, name="detail"),
    path("<int:pk>/edit/", intake.edit, name="edit"),
    path("<int:pk>/notes/", detail.notes, name="notes"),
    path("<int:pk>/documents/", detail.documents, name="documents"),
    path(
        "<int:pk>/documents/<int:document_id>/",
        detail.document_download,
        name="document_download",
    ),
    path("<int:pk>/services/", detail.services_delivered, name="services"),
    path("<int:pk>/legal/", detail.legal_new, name="legal_new"),
    path("<int:pk>/legal/<int:proceeding_id>/", detail.legal_edit, name="legal_edit"),
    path("<int:pk>/history/", detail.history, name="history"),
    path("<int:pk>/follow-up/", detail.follow_up, name="follow_up"),
    path("<int:pk>/assign/", workflow.assign, name="assign"),
    path("<int:pk>/status/", workflow.status, name="status"),
    path("<int:pk>/close/", workflow.request_closure, name="request_closure"),
    path("<int:pk>/close/review/", workflow.approve_closure, name="review_closure"),
    path("<int:pk>/reopen/", workflow.reopen, name="reopen"),
    path("<int:pk>/consent/", workflow.consent, name="consent"),
    path("<int:pk>/erase/", erasure.erase, name="erase"),
    path("<int:pk>/transfer/", transfer.propose, name="transfer"),
    path("<int:pk>/transfer/withdraw/", transfer.withdraw, name="withdraw_transfer"),
    path("transfers/", transfer.transfer_list, name="transfers"),
    path("transfers/<int:transfer_id>/", transfer.transfer_detail, name="transfer_detail"),
    path("transfers/<int:transfer_id>/accept/", transfer.accept, name="accept_transfer"),
    path("transfers/<int:transfer_id>/decline/", transfer.decline, name="decline_transfer"),
    path(
        "transfers/<int:transfer_id>/documents/<int:document_id>/",
        transfer.former_document,
        name="former_document",
    ),
    path("possible-duplicates/", duplicates.possible_duplicates, name="possible_duplicates"),
    path(
        "possible-duplicates/<int:item_id>/resolve/",
        duplicates.resolve,
        name="resolve_possible_duplicate",
    ),
]

urlpatterns += record.urlpatterns
