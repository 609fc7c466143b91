# Copyright 2026 Helpdesk Segments & Routing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.tools import SQL

# what the conditions of customer lists may read through a customer's tags
LIST_WATCHED_TAG_FIELDS = frozenset(
    {"name", "parent_id", "active", "hs_tag_group_id", "color"}
)


class ResPartnerCategory(models.Model):
    _inherit = "res.partner.category"

    hs_tag_group_id = fields.Many2one(
        "helpdesk.tag.group",
        string="Tag Group",
        index="btree_not_null",
        ondelete="set null",
    )
    hs_background_color = fields.Char(
        related="hs_tag_group_id.background_color", string="Background Colour"
    )
    hs_font_color = fields.Char(
        related="hs_tag_group_id.font_color", string="Font Colour"
    )
    hs_hidden_from_agents = fields.Boolean(
        compute="_compute_hs_hidden_from_agents",
        store=True,
        recursive=True,
        string="Hidden from Agents",
        help="The tag's group, or the group of one of its parent tags, is hidden "
        "from agents: only Helpdesk Managers see the tag.",
    )
    hs_used_by = fields.Text(
        string="Used by conditions",
        compute="_compute_hs_used_by",
        help="The conditions naming this tag: deleting it deactivates the "
        "routing rules and flags the customer lists and saved views among them.",
    )

    def write(self, vals):
        res = super().write(vals)
        if self.ids and LIST_WATCHED_TAG_FIELDS.intersection(vals):
            # the always-fresh lists reading the customers' tags evaluate the
            # carriers of these tags again (sudo: the queue is no record of
            # the user; the lists are evaluated with their owners' rights)
            self.env["helpdesk.customer.list"].sudo()._hs_customers_of_changed(
                SQL(
                    "SELECT partner_id FROM res_partner_res_partner_category_rel "
                    "WHERE category_id = ANY(%s)",
                    self.ids,
                ),
                "category_id",
            )
        return res

    @api.depends_context("uid")
    def _compute_hs_used_by(self):
        used_by = self.env["helpdesk.condition.dependency"]._used_by(
            self._name, {tag.id: None for tag in self if tag.id}
        )
        for tag in self:
            tag.hs_used_by = used_by.get(tag.id, False)

    @api.ondelete(at_uninstall=False)
    def _unlink_flag_dependents(self):
        """Deactivate the rules and flag the lists and views whose conditions
        name the tags (see helpdesk.condition.dependency)."""
        Dependency = self.env["helpdesk.condition.dependency"]
        Dependency._break(Dependency._dependents(self._name, ids=self.ids), self)

    @api.depends(
        "hs_tag_group_id.hidden_from_agents", "parent_id.hs_hidden_from_agents"
    )
    def _compute_hs_hidden_from_agents(self):
        for tag in self:
            tag.hs_hidden_from_agents = (
                tag.hs_tag_group_id.hidden_from_agents
                or tag.parent_id.hs_hidden_from_agents
            )
