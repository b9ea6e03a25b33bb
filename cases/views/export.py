from django import forms
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from ..exports import FORMATS, export_cases
from ..imports import may_exchange_cases


class ExportForm(forms.Form):
    format = forms.ChoiceField(
        label=_("Format"), choices=[(f, f.upper()) for f in FORMATS], initial="xlsx"
    )
    identifying = forms.BooleanField(
        label=_("Include names, CNICs, phone numbers and dates of birth"),
        required=False,
        help_text=_("Leave this off unless you need them: a file with them can identify people."),
    )
    reason = forms.CharField(
        label=_("Why you need them"),
        required=False,
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required with the identifying fields. Kept in the access log."),
    )


def export(request):
    if not may_exchange_cases(request.user):
        raise Http404
    form = ExportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            name, content = export_cases(
                by=request.user,
                fmt=data["format"],
                language=translation.get_language() or "en",
                identifying=data["identifying"],
                reason=data["reason"],
            )
        except ValidationError as error:
            form.add_error("reason", error.messages)
        else:
            content_type = (
                "text/csv; charset=utf-8"
                if data["format"] == "csv"
                else "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            )
            response = HttpResponse(content, content_type=content_type)
            response["Content-Disposition"] = f'attachment; filename="{name}"'
            return response
    return render(request, "cases/export.html", {"form": form})
