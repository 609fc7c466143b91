# Copyright 2026 Helpdesk Segments & Routing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError

# ticket fields a macro may set through a value line (the relational ones it
# sets have fields of their own on the macro)
VALUE_TYPES = ("char", "text", "boolean", "integer", "float", "selection", "date")
# set by the application itself, or identify the ticket: never by a macro
PROTECTED_FIELDS = frozenset(
    {"number", "company_id", "partner_id", "active", "access_token", "hs_alias_team_id"}
)
TRUE_WORDS = {"1", "true", "yes", "y"}
FALSE_WORDS = {"0", "false", "no", "n", ""}


class HelpdeskRoutingMacroValue(models.Model):
    """A ticket field a macro sets, and its value (as typed by a person)."""

    _name = "helpdesk.routing.macro.value"
    _description = "Support Macro Field Value"
    _order = "id"

    macro_id = fields.Many2one(
        "helpdesk.routing.macro", required=True, index=True, ondelete="cascade"
    )
    field_id = fields.Many2one(
        "ir.model.fields",
        string="Field",
        required=True,
        ondelete="cascade",
        domain=[
            ("model", "=", "helpdesk.routing.ticket"),
            ("store", "=", True),
            ("readonly", "=", False),
            ("ttype", "in", VALUE_TYPES),
            ("name", "not in", sorted(PROTECTED_FIELDS)),
        ],
    )
    field_type = fields.Selection(related="field_id.ttype")
    value = fields.Char(
        help="Yes/No fields: yes or no. Selection fields: the value or its "
        "label. Dates: YYYY-MM-DD."
    )

    @api.constrains("field_id", "value")
    def _check_value(self):
        for line in self:
            field = line.field_id
            if (
                field.model != "helpdesk.routing.ticket"
                or field.ttype not in VALUE_TYPES
                or field.name in PROTECTED_FIELDS
                or not field.store
                or field.readonly
            ):
                raise ValidationError(
                    self.env._(
                        "A macro cannot set the field %(field)s.",
                        field=field.field_description,
                    )
                )
            line._typed_value()

    def _ticket_field(self):
        return self.env["helpdesk.routing.ticket"]._fields.get(self.field_id.name)

    def _typed_value(self):
        """The value as the ticket field takes it, or a ValidationError
        saying what is expected."""
        self.ensure_one()
        field = self._ticket_field()
        text = (self.value or "").strip()
        label = self.field_id.field_description
        _ = self.env._
        if field is None:
            raise ValidationError(
                _("The field %(field)s no longer exists.", field=label)
            )
        try:
            if field.type == "boolean":
                if text.lower() in TRUE_WORDS:
                    return True
                if text.lower() in FALSE_WORDS:
                    return False
                raise ValueError
            if field.type == "integer":
                return int(text) if text else 0
            if field.type == "float":
                return float(text) if text else 0.0
            if field.type == "date":
                return fields.Date.to_date(text) if text else False
            if field.type == "selection":
                if not text:
                    return False
                selection = field._description_selection(self.env)
                for key, name in selection:
                    if text in (key, name) or text.lower() == str(name).lower():
                        return key
                raise ValueError
        except ValueError:
            raise ValidationError(
                _(
                    "%(value)s is not a valid value for the field %(field)s.",
                    value=text,
                    field=label,
                )
            ) from None
        return text or False

    def _display_value(self):
        """The value as a person reads it."""
        value = self._typed_value()
        field = self._ticket_field()
        _ = self.env._
        if field.type == "boolean":
            return _("Yes") if value else _("No")
        if field.type == "selection" and value:
            return dict(field._description_selection(self.env)).get(value, value)
        if value is False or value == "":
            return _("(empty)")
        return str(value)
