"""Model instances made from the database's rows without `Model.__init__`.

Django makes each row's instance by calling the model with a value for every concrete field,
DEFERRED where the query left a column out (`Model.from_db`). A case has 64 fields and a list
reads ten of them: making the 64-value list and walking it again in `__init__` cost 14 µs a row,
about 0.35 ms of a 25-row page, more than drawing the rows. Django documents `from_db` as the
place to change how rows become instances ("Customizing model loading"); this one sets the
columns read straight into the instance's `__dict__`, which is where `__init__` puts them and
where Django looks to tell a deferred field (`get_deferred_fields`) from a loaded one.

`__init__` does nothing else for such a row but send `pre_init` and `post_init`: a model with a
receiver for either is made by Django's own `from_db`. A field whose attribute on the class sets
more than the value (a descriptor with `__set__` of its own) would be skipped here:
`check_loaded_directly` fails at start-up for such a model.
"""

import inspect

from django.core import checks
from django.db.models.base import ModelState
from django.db.models.fields.related_descriptors import ForeignKeyDeferredAttribute
from django.db.models.query_utils import DeferredAttribute
from django.db.models.signals import post_init, pre_init


class LoadedDirectly:
    """A model mixin: instances made from rows without `__init__` (see the module)."""

    @classmethod
    def from_db(cls, db, field_names, values):
        if pre_init.has_listeners(cls) or post_init.has_listeners(cls):
            return super().from_db(db, field_names, values)
        new = cls.__new__(cls)
        state = ModelState()
        state.adding = False
        state.db = db
        new.__dict__["_state"] = state
        new.__dict__.update(zip(field_names, values, strict=True))
        return new

    @classmethod
    def check(cls, **kwargs):
        return [*super().check(**kwargs), *check_loaded_directly(cls)]


def check_loaded_directly(model) -> list[checks.Error]:
    """Each concrete field's class attribute must be Django's plain one (`DeferredAttribute`,
    or the foreign key's, which only clears a cached object no new instance has)."""
    plain = (DeferredAttribute, ForeignKeyDeferredAttribute)
    attributes = {
        field.attname: type(inspect.getattr_static(model, field.attname, None))
        for field in model._meta.concrete_fields
    }
    return [
        checks.Error(
            f"{model.__name__}.{name} is set through {attribute.__name__}: "
            "a row's value cannot go straight into the instance",
            obj=model,
            id="coalition.E001",
        )
        for name, attribute in attributes.items()
        if attribute not in plain
    ]
