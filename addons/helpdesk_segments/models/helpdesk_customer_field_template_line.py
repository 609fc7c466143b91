# Copyright 2026 Helpdesk Segments & Routing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class HelpdeskCustomerFieldTemplateLine(models.Model):
    _name = "helpdesk.customer.field.template.line"
    _inherit = ["helpdesk.input.mixin"]
    _description = "Customer Field Template Line"
    _order = "sequence, id"

    template_id = fields.Many2one(
        "helpdesk.customer.field.template", required=True, ondelete="cascade"
    )
    sequence = fields.Integer(default=10)
    name = fields.Char(string="Label", required=True, translate=True)
    key = fields.Char(required=True)
    field_type = fields.Selection(
        selection=lambda self: (
            self.env["helpdesk.customer.field"]
            ._fields["field_type"]
            ._description_selection(self.env)
        ),
        string="Type",
        required=True,
    )
    applies_to = fields.Selection(
        [("person", "People"), ("company", "Organizations"), ("both", "Both")],
        required=True,
        default="both",
    )
    section = fields.Char(default="General")
    options = fields.Char(help="Comma-separated option labels, in order.")
    tag_name = fields.Char(help="Tag of a checkbox, created if it does not exist.")

    def _prepare_definition_vals(self):
        self.ensure_one()
        vals = {
            "name": self.name,
            "key": self.key,
            "field_type": self.field_type,
            "applies_to": self.applies_to,
            "section": self.section or self.template_id.name,
            "sequence": self.sequence,
        }
        if self.field_type in ("selection", "multiselect"):
            vals["option_ids"] = self.template_id._prepare_options(self.options)
        if self.field_type == "checkbox" and self.tag_name:
            # applying a template is a manager's job, who may lack the right
            # to create partner tags
            Tag = self.env["res.partner.category"].sudo()
            tag = Tag.search([("name", "=", self.tag_name)], limit=1)
            vals["tag_id"] = (tag or Tag.create({"name": self.tag_name})).id
        return vals
