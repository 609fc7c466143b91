# Copyright 2026 Helpdesk Segments & Routing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import Command, _, fields, models
from odoo.exceptions import MissingError


class HelpdeskCustomerFieldTemplate(models.Model):
    _name = "helpdesk.customer.field.template"
    _inherit = ["helpdesk.input.mixin"]
    _description = "Customer Field Template"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    description = fields.Text(translate=True)
    sequence = fields.Integer(default=10)
    line_ids = fields.One2many(
        "helpdesk.customer.field.template.line", "template_id", string="Fields"
    )

    def action_apply(self):
        """Create the template's customer fields, skipping keys already used."""
        missing = self - self.exists()
        if missing:
            raise MissingError(
                _(
                    "The customer field template(s) %(ids)s no longer exist.",
                    ids=", ".join(map(str, missing.ids)),
                )
            )
        self.check_access("read")
        Definition = self.env["helpdesk.customer.field"]
        Definition.check_access("create")
        existing = set(
            Definition.with_context(active_test=False).search([]).mapped("key")
        )
        vals_list = []
        for line in self.line_ids:
            if line.key in existing:
                continue
            existing.add(line.key)
            vals_list.append(line._prepare_definition_vals())
        definitions = Definition.create(vals_list) if vals_list else Definition
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success" if definitions else "info",
                "message": _(
                    "%(count)s customer fields added.", count=len(definitions)
                ),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }

    def _prepare_options(self, labels):
        return [
            Command.create({"name": label.strip(), "sequence": seq})
            for seq, label in enumerate((labels or "").split(","))
            if label.strip()
        ]
