# Copyright 2026 Helpdesk Segments & Routing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import datetime
import math

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..tools import conditions

# PostgreSQL ``integer`` (int4) columns: Python ints beyond are refused by the
# database with a DataError, not a readable message
INT4_MIN, INT4_MAX = -(2**31), 2**31 - 1
# single-line texts longer than this are refused (a subject, a name, a
# filter...): 10,000 characters is far more than any such value needs
CHAR_MAX_LENGTH = 10000
# x2many commands (odoo.fields.Command) and how many items each one has
X2MANY_COMMAND_SIZES = {
    0: (3,),
    1: (3,),
    2: (2, 3),
    3: (2, 3),
    4: (2, 3),
    5: (1, 3),
    6: (3,),
}


class CheckedValues(list):
    """A list of create values already checked by
    ``_hs_check_input_vals``: the mixin's ``create`` does not check it a
    second time (models overriding ``create`` check first, then call
    ``super``)."""


def contains_nul(value):
    """Whether a JSON-like value holds a NUL character anywhere (PostgreSQL
    refuses it in text and jsonb)."""
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(contains_nul(k) or contains_nul(v) for k, v in value.items())
    if isinstance(value, list | tuple):
        return any(contains_nul(item) for item in value)
    return False


class HelpdeskInputMixin(models.AbstractModel):
    """Checks the values given to ``create``/``write`` before the ORM sees
    them, so that bad input sent over RPC (wrong JSON types, unknown
    fields, invalid dates or selection values, NUL characters, numbers out
    of the database's range) is answered with a translated
    ``ValidationError`` instead of a ``ValueError``/``TypeError`` of the
    ORM or a PostgreSQL error. Pure Python: no query.

    Models inheriting it get the checks on their ``create``/``write``;
    models overriding those call :meth:`_hs_check_input_vals` first thing,
    before their own code reads the values, and give what it returns to
    ``super().create()`` (checked once).
    """

    _name = "helpdesk.input.mixin"
    _description = "Helpdesk: checks of the values sent to create/write"

    @api.model_create_multi
    def create(self, vals_list):
        if not isinstance(vals_list, CheckedValues):
            self._hs_check_input_vals(vals_list, operation="create")
        return super().create(vals_list)

    def write(self, vals):
        self._hs_check_input_vals([vals], operation="write")
        return super().write(vals)

    @api.model
    def _hs_check_input_vals(
        self, vals_list, field_filter=None, model=None, operation=None
    ):
        """Raise a ``ValidationError`` for the first bad value of
        ``vals_list`` for ``model`` (default: ``self``; other models call
        ``env["helpdesk.input.mixin"]._hs_check_input_vals(..., model=self)``);
        ``field_filter(name)`` restricts the checks to some fields. With
        ``operation`` ("create" or "write"), the access rights of the model
        (not the record rules: no query) are checked first, so that a user
        who may not change the model is told so whatever the values."""
        model = self if model is None else model
        if operation:
            model.browse().check_access(operation)
        if not isinstance(vals_list, list | tuple):
            vals_list = [vals_list]
        for vals in vals_list:
            if not isinstance(vals, dict):
                raise ValidationError(
                    self.env._(
                        "The values to save on %(model)s must be a set of fields "
                        "and values, not %(value)s.",
                        model=model._description,
                        value=_short_repr(vals),
                    )
                )
            for name, value in vals.items():
                if field_filter is not None and not field_filter(name):
                    continue
                field = model._fields.get(name)
                if field is None:
                    raise ValidationError(
                        self.env._(
                            "%(model)s has no field %(field)s.",
                            model=model._description,
                            field=_short_repr(name),
                        )
                    )
                self._hs_check_field_value(model, field, value)
        if field_filter is None and model is self:
            return CheckedValues(vals_list)
        return vals_list

    @api.model
    def _hs_eval_domain(self, text, eval_context):
        """The domain written in ``text``, evaluated with ``eval_context``
        and normalized: :func:`..tools.conditions.parse` (raises its
        ``ConditionError``, a ``ValidationError``)."""
        return conditions.parse(self.env, text, eval_context)

    @api.model
    def _hs_check_field_value(self, model, field, value):
        problem = self._hs_field_value_problem(field, value)
        if problem:
            raise ValidationError(
                self.env._(
                    "Invalid value for the field %(field)s of %(model)s: %(problem)s",
                    field=field._description_string(self.env),
                    model=model._description,
                    problem=problem,
                )
            )

    @api.model
    def _hs_field_value_problem(self, field, value):
        """A readable description of what is wrong with ``value`` for
        ``field``, or None when the ORM can take it."""
        _ = self.env._
        if value is False or value is None:
            return None
        if contains_nul(value):
            return _("it contains a NUL character (\\x00).")
        ftype = field.type
        if ftype in ("char", "text", "html"):
            if not isinstance(value, str):
                return _("a text is expected, not %(value)s.", value=_short_repr(value))
            limit = field.size or (CHAR_MAX_LENGTH if ftype == "char" else None)
            if limit and len(value) > limit:
                return _(
                    "the text is %(length)s characters long; at most %(max)s are "
                    "allowed.",
                    length=len(value),
                    max=limit,
                )
        elif ftype == "integer":
            if isinstance(value, float) and value.is_integer():
                value = int(value)
            if not isinstance(value, int):
                return _(
                    "a whole number is expected, not %(value)s.",
                    value=_short_repr(value),
                )
            if not INT4_MIN <= value <= INT4_MAX:
                return _("the number %(value)s is too large.", value=value)
        elif ftype in ("float", "monetary"):
            if isinstance(value, bool) or not isinstance(value, int | float):
                return _(
                    "a number is expected, not %(value)s.", value=_short_repr(value)
                )
            if isinstance(value, float) and not math.isfinite(value):
                return _("the number %(value)s is not finite.", value=value)
        elif ftype == "boolean":
            if not isinstance(value, bool) and value not in (0, 1):
                return _(
                    "true or false is expected, not %(value)s.",
                    value=_short_repr(value),
                )
        elif ftype == "selection":
            if not isinstance(value, str) or value not in field.get_values(self.env):
                return _(
                    "%(value)s is not one of the possible values.",
                    value=_short_repr(value),
                )
        elif ftype in ("date", "datetime"):
            return self._hs_date_problem(field, value)
        elif ftype == "many2one":
            if isinstance(value, models.BaseModel):
                return None
            return self._hs_id_problem(value)
        elif ftype in ("one2many", "many2many"):
            return self._hs_x2many_problem(value)
        return None

    @api.model
    def _hs_date_problem(self, field, value):
        _ = self.env._
        if isinstance(value, datetime.date):
            return None
        if not isinstance(value, str):
            return _("a date is expected, not %(value)s.", value=_short_repr(value))
        try:
            if field.type == "date":
                fields.Date.to_date(value)
            else:
                fields.Datetime.to_datetime(value)
        except ValueError:
            if field.type == "date":
                return _(
                    "%(value)s is not a valid date (expected YYYY-MM-DD).",
                    value=_short_repr(value),
                )
            return _(
                "%(value)s is not a valid date and time (expected YYYY-MM-DD "
                "HH:MM:SS).",
                value=_short_repr(value),
            )
        return None

    @api.model
    def _hs_id_problem(self, value):
        if isinstance(value, bool) or not isinstance(value, int):
            return self.env._(
                "a record id (a whole number) is expected, not %(value)s.",
                value=_short_repr(value),
            )
        if not 0 < value <= INT4_MAX:
            return self.env._("%(value)s is not a record id.", value=value)
        return None

    @api.model
    def _hs_x2many_problem(self, value):
        _ = self.env._
        if isinstance(value, models.BaseModel):
            return None
        if not isinstance(value, list | tuple):
            return _(
                "a list of records or commands is expected, not %(value)s.",
                value=_short_repr(value),
            )
        for command in value:
            if isinstance(command, int) and not isinstance(command, bool):
                problem = self._hs_id_problem(command)
            elif isinstance(command, list | tuple):
                problem = self._hs_command_problem(command)
            else:
                problem = _(
                    "%(value)s is neither a record id nor a command.",
                    value=_short_repr(command),
                )
            if problem:
                return problem
        return None

    @api.model
    def _hs_command_problem(self, command):
        _ = self.env._
        invalid = _("%(value)s is not a valid command.", value=_short_repr(command))
        if (
            not command
            or isinstance(command[0], bool)
            or not isinstance(command[0], int)
        ):
            return invalid
        code = command[0]
        if len(command) not in X2MANY_COMMAND_SIZES.get(code, ()):
            return invalid
        if code in (1, 2, 3, 4):
            problem = self._hs_id_problem(command[1])
            if problem:
                return problem
        if code in (0, 1) and not isinstance(command[-1], dict):
            return invalid
        if code == 6:
            ids = command[2]
            if not isinstance(ids, list | tuple):
                return invalid
            for record_id in ids:
                problem = self._hs_id_problem(record_id)
                if problem:
                    return problem
        return None


def _short_repr(value, limit=80):
    """The value as shown in an error message, cut to ``limit`` characters."""
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"
