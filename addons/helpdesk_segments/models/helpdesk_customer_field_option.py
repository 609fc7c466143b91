# Copyright 2026 Helpdesk Segments & Routing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import re

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL


def slugify_option(label):
    """Stable selection key for an option label: ``iPhone 15`` -> ``iphone_15``."""
    return re.sub(r"[^a-z0-9]+", "_", (label or "").lower()).strip("_") or "option"


class HelpdeskCustomerFieldOption(models.Model):
    _name = "helpdesk.customer.field.option"
    _inherit = ["helpdesk.input.mixin"]
    _description = "Customer Field Option"
    _order = "sequence, id"

    definition_id = fields.Many2one(
        "helpdesk.customer.field",
        string="Customer field",
        required=True,
        ondelete="cascade",
        index=True,
    )
    name = fields.Char(string="Label", required=True, translate=True)
    value = fields.Char(
        string="Stored value",
        readonly=True,
        help="Stable technical value, derived from the first label.",
    )
    sequence = fields.Integer(default=10)

    @api.constrains("definition_id", "value")
    def _check_value_unique(self):
        for option in self:
            same = option.definition_id.option_ids.filtered(
                lambda o, opt=option: o.value == opt.value and o != opt
            )
            if same:
                raise ValidationError(
                    _(
                        "The options %(option)s and %(other)s of %(field)s would be "
                        "stored as the same value %(value)s: rename one of them.",
                        option=option.name,
                        other=same[0].name,
                        field=option.definition_id.name,
                        value=option.value,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        vals_list = self._hs_check_input_vals(vals_list, operation="create")
        for vals in vals_list:
            if not vals.get("value"):
                vals["value"] = slugify_option(vals.get("name"))
        options = super().create(vals_list)
        options.definition_id.sudo()._hs_sync_selection()
        return options

    def write(self, vals):
        self._hs_check_input_vals([vals], operation="write")
        res = super().write(vals)
        if {"name", "sequence"} & set(vals):
            self.definition_id.sudo()._hs_sync_selection()
        return res

    def _hs_usage_count(self):
        """Number of customers using one of these options."""
        partner = self.env["res.partner"]
        self.env.flush_all()
        count = 0
        for definition in self.definition_id:
            fname = definition.sudo().ir_field_id.name
            field = partner._fields.get(fname)
            if not field:
                continue
            options = self.filtered(lambda o, d=definition: o.definition_id == d)
            if field.type == "many2many":
                query = SQL(
                    "SELECT COUNT(DISTINCT %s) FROM %s WHERE %s = ANY(%s)",
                    SQL.identifier(field.column1),
                    SQL.identifier(field.relation),
                    SQL.identifier(field.column2),
                    options.ids,
                )
            else:
                query = SQL(
                    "SELECT COUNT(*) FROM res_partner WHERE %s = ANY(%s)",
                    SQL.identifier(fname),
                    options.mapped("value"),
                )
            self.env.cr.execute(query)
            count += self.env.cr.fetchone()[0]
        return count

    @api.ondelete(at_uninstall=False)
    def _unlink_except_used(self):
        if self.env.context.get("hs_delete_with_data"):
            return
        count = self._hs_usage_count()
        if count:
            raise UserError(
                _(
                    "%(count)s customers use the option(s) %(options)s: change their "
                    "value before deleting it.",
                    count=count,
                    options=", ".join(self.mapped("name")),
                )
            )

    def unlink(self):
        definitions = self.definition_id
        res = super().unlink()
        definitions.sudo().exists()._hs_sync_selection()
        return res
