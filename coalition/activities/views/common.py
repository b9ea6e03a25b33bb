from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse

from .. import policy


def require_staff(request) -> None:
    if not policy.is_staff_member(request.user):
        raise PermissionDenied


def done(request, form, write) -> bool:
    """Run a service; its refusal or validation error becomes the form's message."""
    try:
        write()
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            form.add_error(None, error.messages)
        return False
    except PermissionDenied as error:
        messages.error(request, str(error) or "")
        return False
    return True


def done_or_told(request, write) -> bool:
    """Run a service that has no form: its refusal becomes a message on the next page."""
    try:
        write()
    except (ValidationError, PermissionDenied) as error:
        for message in getattr(error, "messages", None) or [str(error)]:
            messages.error(request, message)
        return False
    return True


def file_response(row, name: str) -> FileResponse:
    response = FileResponse(
        row.file.open("rb"),
        content_type=row.content_type,
        as_attachment=True,
        filename=f"{name}.{row.extension}",
    )
    response["Cache-Control"] = "no-store, private"
    return response
