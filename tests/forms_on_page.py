"""The forms a page draws, read from its HTML, and what a browser would send for each."""

from dataclasses import dataclass, field
from html.parser import HTMLParser


@dataclass
class Form:
    action: str
    method: str
    # (name, value) pairs as a browser sends them, repeated names (checkboxes) included.
    fields: list[tuple[str, str]] = field(default_factory=list)
    # Names a person types or chooses into: not hidden, not a button.
    editable: list[str] = field(default_factory=list)

    def data(self, changed: str | None = None, value: str = "") -> dict[str, list[str]]:
        """The form as drawn, with the field `changed` (if any) set to `value` alone."""
        sent: dict[str, list[str]] = {}
        for name, drawn in self.fields:
            sent.setdefault(name, []).append(drawn)
        if changed is not None:
            sent[changed] = [value]
        return sent


class _Reader(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._select: tuple[str, list[str], list[str]] | None = None  # name, options, chosen
        self._option: tuple[str | None, bool] = (None, False)  # value, selected
        self._textarea: str | None = None
        self._text: list[str] = []
        self._submitted = False

    def handle_starttag(self, tag, attrs):
        a = {name: (value or "") for name, value in attrs}
        if tag == "form":
            self._form = Form(a.get("action", ""), (a.get("method") or "get").lower())
            self._submitted = False
            return
        form = self._form
        if form is None or "disabled" in a:
            return
        name = a.get("name")
        if tag == "input" and name:
            kind = a.get("type", "text").lower()
            if kind == "file":
                return  # a browser sends no file unless one is chosen
            if kind in ("checkbox", "radio"):
                if "checked" in a:
                    form.fields.append((name, a.get("value", "on")))
                if name not in form.editable:
                    form.editable.append(name)
            elif kind in ("submit", "image", "button", "reset"):
                self._submit(name, a.get("value", ""))
            else:
                form.fields.append((name, a.get("value", "")))
                if kind != "hidden" and name not in form.editable:
                    form.editable.append(name)
        elif tag == "button" and name and a.get("type", "submit").lower() == "submit":
            self._submit(name, a.get("value", ""))
        elif tag == "select" and name:
            self._select = (name, [], [])
            form.editable.append(name)
        elif tag == "option" and self._select is not None:
            self._option = (a.get("value"), "selected" in a)
            self._text = []
        elif tag == "textarea" and name:
            self._textarea = name
            self._text = []
            form.editable.append(name)

    def _submit(self, name: str, value: str) -> None:
        # A browser sends the button that was pressed: here, the first one.
        if not self._submitted:
            self._form.fields.append((name, value))
            self._submitted = True

    def handle_data(self, data):
        self._text.append(data)

    def handle_endtag(self, tag):
        form = self._form
        if tag == "form" and form is not None:
            self.forms.append(form)
            self._form = None
        elif tag == "option" and self._select is not None:
            value, selected = self._option
            value = "".join(self._text).strip() if value is None else value
            self._select[1].append(value)
            if selected:
                self._select[2].append(value)
        elif tag == "select" and self._select is not None and form is not None:
            name, options, chosen = self._select
            for value in chosen or options[:1]:
                form.fields.append((name, value))
            self._select = None
        elif tag == "textarea" and self._textarea is not None and form is not None:
            form.fields.append((self._textarea, "".join(self._text).lstrip("\n")))
            self._textarea = None


def forms_on(html: str) -> list[Form]:
    reader = _Reader()
    reader.feed(html)
    return reader.forms
