# Copyright 2026 Helpdesk Segments & Routing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from collections import defaultdict

from odoo import Command, api, fields, models
from odoo.osv import expression
from odoo.tools import SQL


class ResPartner(models.Model):
    _inherit = "res.partner"

    # ------------------------------------------------------------------
    # Tag groups (feature: customer tags in coloured tag groups)
    # ------------------------------------------------------------------
    hs_tag_group_ids = fields.Many2many(
        "helpdesk.tag.group",
        string="Tag Groups",
        compute="_compute_hs_tag_group_ids",
        search="_search_hs_tag_group_ids",
        help="Groups of the customer's tags.",
    )

    @api.depends("category_id.hs_tag_group_id")
    def _compute_hs_tag_group_ids(self):
        # Only the groups the current user may read: never leak a hidden group.
        readable = self.category_id.hs_tag_group_id._filtered_access("read")
        for partner in self:
            partner.hs_tag_group_ids = (
                partner.category_id.hs_tag_group_id & readable
            ).sorted(lambda group: (group.sequence, group.name or "", group.id))

    def _search_hs_tag_group_ids(self, operator, value):
        path = "category_id.hs_tag_group_id"
        if operator in ("=", "!=") and not value:
            domain = [(path, "!=", False)]
            return domain if operator == "!=" else ["!", *domain]
        if operator in expression.NEGATIVE_TERM_OPERATORS:
            positive = expression.TERM_OPERATORS_NEGATION[operator]
            return ["!", (path, positive, value)]
        return [(path, operator, value)]

    @api.model
    def _search(self, domain, *args, **kwargs):
        # ``('category_id', 'in', ids)`` is matched on the relation table
        # without the tags' record rules: a user who cannot see hidden tags
        # could find out who carries one from its id. Match such conditions
        # through the (rule-filtered) tags instead.
        if (
            domain
            and not self.env.su
            and any(self._hs_is_tag_id_leaf(leaf) for leaf in domain)
            and not self._hs_sees_hidden_tags()
        ):
            domain = [
                (
                    (
                        "category_id",
                        "not any" if leaf[1] in ("!=", "not in") else "any",
                        [("id", "in", self._hs_as_list(leaf[2]))],
                    )
                    if self._hs_is_tag_id_leaf(leaf)
                    else leaf
                )
                for leaf in domain
            ]
        return super()._search(domain, *args, **kwargs)

    @api.model
    def _hs_as_list(self, value):
        return list(value) if isinstance(value, (list, tuple)) else [value]

    @api.model
    def _hs_is_tag_id_leaf(self, leaf):
        if not (isinstance(leaf, (list, tuple)) and len(leaf) == 3):
            return False
        left, operator, right = leaf
        if left != "category_id" or operator not in ("=", "!=", "in", "not in"):
            return False
        values = self._hs_as_list(right)
        return bool(values) and all(
            isinstance(value, int) and not isinstance(value, bool) for value in values
        )

    @api.model_create_multi
    def create(self, vals_list):
        tag_commands = [
            vals["category_id"] for vals in vals_list if vals.get("category_id")
        ]
        if tag_commands and not self._hs_sees_hidden_tags():
            self._hs_check_linked_tags(tag_commands)
        return super().create(vals_list)

    def write(self, vals):
        if "category_id" not in vals or self._hs_sees_hidden_tags():
            return super().write(vals)
        hidden_before = self._hs_hidden_tag_links()
        self._hs_check_linked_tags(
            [vals["category_id"]], already_linked=set().union(*hidden_before.values())
        )
        res = super().write(vals)
        self._hs_restore_hidden_tag_links(hidden_before)
        return res

    def _hs_sees_hidden_tags(self):
        return self.env.su or self.env.user.has_group(
            "helpdesk_segments.group_helpdesk_manager"
        )

    def _hs_check_linked_tags(self, commands_list, already_linked=()):
        """Users who cannot see hidden tags cannot link them either (keeping
        the hidden tags that are already linked is allowed)."""
        tag_ids = set()
        for commands in commands_list:
            for command in commands or ():
                if not isinstance(command, (list, tuple)) or not command:
                    continue
                if command[0] == Command.LINK:
                    tag_ids.add(command[1])
                elif command[0] == Command.SET:
                    tag_ids.update(command[2])
        tag_ids.difference_update(already_linked)
        if tag_ids:
            self.env["res.partner.category"].browse(tag_ids).check_access("read")

    def _hs_hidden_tag_links(self):
        """{partner id: {tag ids}} of the tags hidden from agents on ``self``."""
        if not self.ids:
            return {}
        self.env["res.partner.category"].flush_model(["hs_hidden_from_agents"])
        self.flush_recordset(["category_id"])
        rows = self.env.execute_query(
            SQL(
                """
                SELECT rel.partner_id, rel.category_id
                  FROM res_partner_res_partner_category_rel rel
                  JOIN res_partner_category tag ON tag.id = rel.category_id
                 WHERE tag.hs_hidden_from_agents AND rel.partner_id IN %s
                """,
                tuple(self.ids),
            )
        )
        links = defaultdict(set)
        for partner_id, tag_id in rows:
            links[partner_id].add(tag_id)
        return links

    def _hs_restore_hidden_tag_links(self, hidden_before):
        """Re-link the hidden tags that a write by a user who cannot see them
        dropped (e.g. a ``Command.set`` of the visible tags computed from a
        cache filled by sudo code)."""
        if not hidden_before:
            return
        hidden_after = self._hs_hidden_tag_links()
        by_missing = defaultdict(list)
        for partner_id, tag_ids in hidden_before.items():
            missing = tag_ids - hidden_after.get(partner_id, set())
            if missing:
                by_missing[frozenset(missing)].append(partner_id)
        for missing, partner_ids in by_missing.items():
            self.browse(partner_ids).sudo().write(
                {"category_id": [Command.link(tag_id) for tag_id in missing]}
            )
