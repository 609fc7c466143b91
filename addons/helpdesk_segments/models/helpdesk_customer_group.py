# Copyright 2026 Helpdesk Segments & Routing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError


class HelpdeskCustomerGroup(models.Model):
    _name = "helpdesk.customer.group"
    _inherit = ["helpdesk.input.mixin"]
    _description = "Helpdesk Customer Group"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    description = fields.Text(translate=True)
    is_default = fields.Boolean(
        string="Default Group",
        copy=False,
        help="New customers join this group. Exactly one group is the default: "
        "making a group the default removes the flag from the previous one.",
    )
    requires_approval = fields.Boolean(
        help="Customers who sign up into this group wait with the status "
        "'Pending approval' until a Helpdesk Manager approves them.",
    )
    customer_count = fields.Integer(
        string="Customers", compute="_compute_customer_count"
    )

    _sql_constraints = [
        (
            "name_uniq",
            "unique(name)",
            "A customer group with this name already exists.",
        ),
    ]

    def _compute_customer_count(self):
        counts = dict(
            self.env["res.partner"]._read_group(
                [("hs_customer_group_id", "in", self.ids)],
                ["hs_customer_group_id"],
                ["__count"],
            )
        )
        for group in self:
            group.customer_count = counts.get(group, 0)

    @api.model
    def _get_default_group(self):
        return self.search([("is_default", "=", True)], limit=1)

    @api.model_create_multi
    def create(self, vals_list):
        vals_list = self._hs_check_input_vals(vals_list, operation="create")
        groups = super().create(vals_list)
        groups._unset_other_defaults()
        return groups

    def write(self, vals):
        self._hs_check_input_vals([vals], operation="write")
        if (
            "is_default" in vals
            and not vals["is_default"]
            and not self.env.context.get("hs_replacing_default_group")
            and any(self.mapped("is_default"))
        ):
            raise ValidationError(
                self.env._(
                    "A default customer group is required: make another group "
                    "the default instead."
                )
            )
        res = super().write(vals)
        if vals.get("is_default"):
            self._unset_other_defaults()
        # the always-fresh lists reading the group's fields follow (sudo: the
        # queue is no record of the user)
        self.env["helpdesk.customer.list"].sudo()._hs_linked_records_changed(
            "hs_customer_group_id", self.ids
        )
        return res

    def _unset_other_defaults(self):
        """Keep a single default group: the last one flagged wins."""
        defaults = self.filtered("is_default")
        if not defaults:
            return
        if len(defaults) > 1:
            raise ValidationError(
                self.env._("Only one customer group can be the default group.")
            )
        previous = self.search([("is_default", "=", True), ("id", "!=", defaults.id)])
        if previous:
            previous.with_context(hs_replacing_default_group=True).write(
                {"is_default": False}
            )

    @api.ondelete(at_uninstall=False)
    def _unlink_except_default_or_used(self):
        if any(self.mapped("is_default")):
            raise UserError(
                self.env._(
                    "The default customer group cannot be deleted: make another "
                    "group the default first."
                )
            )
        partners = self.env["res.partner"].sudo().with_context(active_test=False)
        used = self.browse()
        for fname in ("hs_customer_group_id", "hs_requested_group_id"):
            for (group,) in partners._read_group([(fname, "in", self.ids)], [fname]):
                used |= group
        if used:
            raise UserError(
                self.env._(
                    "Customer groups with customers cannot be deleted: archive "
                    "them instead. In use: %(groups)s",
                    groups=", ".join(used.mapped("display_name")),
                )
            )

    @api.constrains("is_default", "requires_approval", "active")
    def _check_default_group(self):
        for group in self.filtered("is_default"):
            if group.requires_approval:
                raise ValidationError(
                    self.env._(
                        "The default group %(group)s cannot require approval: "
                        "new customers join it at once.",
                        group=group.display_name,
                    )
                )
            if not group.active:
                raise ValidationError(
                    self.env._(
                        "The default group %(group)s cannot be archived: "
                        "make another group the default first.",
                        group=group.display_name,
                    )
                )

    def action_view_customers(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "helpdesk_segments.res_partner_action_helpdesk_customer"
        )
        action["domain"] = [("hs_customer_group_id", "=", self.id)]
        action["context"] = {
            "default_hs_customer_group_id": self.id,
            "default_is_company": False,
        }
        action["display_name"] = self.display_name
        return action
