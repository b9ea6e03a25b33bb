"""The base of every import: a django-import-export ModelResource whose columns are documented,
named in English or Urdu, and written through the app's services.

A resource lists its COLUMNS; each becomes an import-export Field read by a widget from
coalition.imports.widgets. Subclasses say how a row finds the record it updates (`find`) and
write through the services (`create` and `update`), never with `save()`: the services hold the
rules, the access log and the history.
"""

from dataclasses import dataclass, field

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import models
from django.utils.functional import Promise
from import_export import resources
from import_export.fields import Field
from import_export.widgets import Widget

from .files import ROW_NUMBER


@dataclass(frozen=True)
class Column:
    attribute: str
    header: str  # English, as the template writes it
    header_ur: str
    help: Promise
    widget: Widget = field(default_factory=Widget)
    required: bool = False
    # Read to find the record (or to refuse the row), never written to it.
    key_only: bool = False

    def header_for(self, language: str) -> str:
        return self.header_ur if language.startswith("ur") else self.header


class SpreadsheetResource(resources.ModelResource):
    COLUMNS: list[Column] = []

    class Meta:
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = False  # the services run full_clean with their own rules
        skip_diff = True
        use_transactions = True

    def __init__(self, *, by, organization, progress=None):
        super().__init__()
        self.by = by
        self.organization = organization
        self.progress = progress
        self.fields = {
            column.attribute: Field(
                attribute=column.attribute, column_name=column.header, widget=column.widget
            )
            for column in self.COLUMNS
            if not column.key_only
        }
        self.rows_done = 0
        # (file row, "new" / "update" / "skip", the row's key) for the preview's list.
        self.outcomes: list[tuple[int, str, str]] = []

    @classmethod
    def column_of(cls, attribute: str) -> Column | None:
        return next((c for c in cls.COLUMNS if c.attribute == attribute), None)

    # What subclasses provide.
    def find(self, row) -> models.Model | None:
        raise NotImplementedError

    def new_instance(self, row) -> models.Model:
        return self._meta.model()

    def create(self, instance, row) -> None:
        raise NotImplementedError

    def update(self, instance, changed: list[str], row) -> None:
        raise NotImplementedError

    def check_row(self, row) -> None:
        """Refuse a row before it is read (ValidationError keyed by attribute)."""

    # import-export's hooks.
    def get_or_init_instance(self, instance_loader, row):
        instance = self.find(row)
        if instance is not None:
            return instance, False
        return self.new_instance(row), True

    def import_instance(self, instance, row, **kwargs):
        errors = {}
        try:
            self.check_row(row)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        for name, resource_field in self.fields.items():
            if resource_field.column_name not in row:
                continue
            try:
                self.import_field(resource_field, instance, row, **kwargs)
            except ValueError as error:
                errors.setdefault(name, []).append(str(error))
            except ValidationError as error:
                errors.setdefault(name, []).extend(error.messages)
        if errors:
            raise ValidationError(errors)

    def skip_row(self, instance, original, row, import_validation_errors=None):
        if import_validation_errors or instance.pk is None:
            return False
        return not self.changed_fields(instance, row)

    def changed_fields(self, instance, row) -> list[str]:
        original = self.original_values
        return [
            name
            for name, resource_field in self.fields.items()
            if resource_field.column_name in row and original.get(name) != getattr(instance, name)
        ]

    def after_init_instance(self, instance, new, row, **kwargs):
        self.original_values = (
            {} if new else {name: getattr(instance, name) for name in self.fields}
        )

    def do_instance_save(self, instance, is_create):
        row = self.current_row
        try:
            if is_create:
                self.create(instance, row)
            else:
                self.update(instance, self.changed_fields(instance, row), row)
        except PermissionDenied as error:
            raise ValidationError({NON_FIELD_ERRORS: [str(error) or "-"]}) from None

    def before_save_instance(self, instance, row, **kwargs):
        self.current_row = row

    def after_import_row(self, row, row_result, **kwargs):
        key = next((str(row.get(c.header) or "") for c in self.COLUMNS if row.get(c.header)), "")
        self.outcomes.append((row.get(ROW_NUMBER), row_result.import_type, key[:60]))
        self.count_row()

    def import_row(self, row, instance_loader, **kwargs):
        result = super().import_row(row, instance_loader, **kwargs)
        if result.validation_error is not None or result.errors:
            self.count_row()
        return result

    def count_row(self):
        self.rows_done += 1
        if self.progress is not None and self.rows_done % 250 == 0:
            self.progress(self.rows_done)
