# Copyright 2026 Helpdesk Segments & Routing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models


class HelpdeskConditionTargetMixin(models.AbstractModel):
    """Records that conditions may name (a customer list, an event type, a
    tag, a team, a saved view): their form shows what uses them
    (``used_by``), and deleting them deactivates or flags what would break
    (see ``helpdesk.condition.dependency``)."""

    _name = "helpdesk.condition.target.mixin"
    _description = "Helpdesk: records that conditions use"

    used_by = fields.Text(
        compute="_compute_used_by",
        help="The routing rules, customer lists and saved views whose conditions "
        "use this record. Deleting it deactivates the rules and flags the lists "
        "and views that would no longer work as written.",
    )

    @api.depends_context("uid")
    def _compute_used_by(self):
        used_by = self.env["helpdesk.condition.dependency"]._used_by(
            self._name, {record.id: None for record in self if record.id}
        )
        for record in self:
            record.used_by = used_by.get(record.id, False)

    @api.ondelete(at_uninstall=False)
    def _unlink_flag_dependents(self):
        """Deactivate or flag what would break (not at uninstall: the
        conditions go with the module)."""
        Dependency = self.env["helpdesk.condition.dependency"]
        Dependency._break(
            [
                dependent
                for dependent in Dependency._dependents(self._name, ids=self.ids)
                if dependent.record._name != self._name
                or dependent.record.id not in self.ids
            ],
            self,
        )
