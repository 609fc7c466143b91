# Copyright 2026 Helpdesk Segments & Routing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.osv import expression

from odoo.addons.helpdesk_segments.tools import conditions


class HelpdeskRoutingView(models.Model):
    _name = "helpdesk.routing.view"
    _inherit = ["helpdesk.input.mixin", "helpdesk.condition.target.mixin"]
    _description = "Saved Ticket View"
    _order = "sequence, id"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company",
        default=lambda self: self.env.company,
        index=True,
        help="Only the users of this company see the view and only the tickets "
        "of this company are placed into it; empty for every company.",
    )
    description = fields.Text(translate=True)
    color = fields.Integer()
    domain = fields.Char(
        default="[]",
        help="Tickets matching this filter are in the view, in addition to the "
        "tickets explicitly placed into it.",
    )
    ticket_ids = fields.Many2many(
        "helpdesk.routing.ticket",
        "helpdesk_routing_view_ticket_rel",
        "view_id",
        "ticket_id",
        string="Tickets placed in the view",
    )
    ticket_count = fields.Integer(string="Tickets", compute="_compute_ticket_count")
    warning = fields.Text(
        readonly=True,
        copy=False,
        help="Why the filter of the view no longer works (something it uses was "
        "deleted): the view shows the tickets placed into it only.",
    )

    def _condition_holder_label(self):
        self.ensure_one()
        return self.env._("the saved view %(view)s", view=self.name)

    def _filter_domain(self, raise_error=False):
        """The filter of the view, read by the one condition parser
        (relative dates are relative to now in the user's time zone); []
        when it cannot be read and not ``raise_error`` (the view then shows
        its explicit members, its warning says why)."""
        self.ensure_one()
        try:
            domain = conditions.parse(self.env, self.domain or "[]")
            return conditions.check_fields(self.env, "helpdesk.routing.ticket", domain)
        except conditions.ConditionError as error:
            if raise_error:
                raise error.about(self.env, self._condition_holder_label()) from error
            return []

    def _get_domain(self):
        """The ticket domain of the view: its explicit members, or its filter."""
        self.ensure_one()
        members = [("view_ids", "in", self.id)]
        domain = self._filter_domain()
        if not domain:
            return members
        return expression.OR([members, domain])

    @api.constrains("domain")
    def _check_domain(self):
        for view in self:
            try:
                conditions.validate(
                    self.env, "helpdesk.routing.ticket", view.domain or "[]"
                )
            except conditions.ConditionError as error:
                raise error.about(self.env, view._condition_holder_label()) from error

    @api.constrains("company_id", "ticket_ids")
    def _check_ticket_companies(self):
        for view in self.filtered("company_id"):
            others = view.sudo().ticket_ids.filtered(
                lambda ticket, view=view: ticket.company_id != view.company_id
            )
            if others:
                raise ValidationError(
                    self.env._(
                        "The saved view %(view)s belongs to the company %(company)s: "
                        "the tickets %(tickets)s of another company cannot be "
                        "placed into it.",
                        view=view.name,
                        company=view.company_id.name,
                        tickets=", ".join(others[:5].mapped("display_name")),
                    )
                )

    @api.depends("domain", "ticket_ids")
    @api.depends_context("uid", "allowed_company_ids")
    def _compute_ticket_count(self):
        Ticket = self.env["helpdesk.routing.ticket"]
        members = dict(
            Ticket._read_group(
                [("view_ids", "in", self.ids)], ["view_ids"], ["__count"]
            )
        )
        for view in self:
            if view._filter_domain():
                view.ticket_count = Ticket.search_count(view._get_domain())
            else:
                view.ticket_count = members.get(view._origin, 0)

    def _hs_condition_broken(self, reason):
        """Something the filter uses was deleted: the view says so (it
        keeps its filter, which the manager changes)."""
        self.write(
            {
                "warning": self.env._(
                    "%(reason)s Change the filter of the view.", reason=reason
                )
            }
        )

    def write(self, vals):
        self._hs_check_input_vals([vals], operation="write")
        if "domain" in vals and "warning" not in vals:
            vals = dict(vals, warning=False)
        if "active" in vals and not vals["active"]:
            # routing rules pointing here are deactivated, with a warning
            self.env["helpdesk.routing.rule"]._deactivate_for_destinations(
                views=self.filtered("active"), reason=self.env._("archived")
            )
        return super().write(vals)

    def unlink(self):
        self.env["helpdesk.routing.rule"]._deactivate_for_destinations(
            views=self, reason=self.env._("deleted")
        )
        return super().unlink()

    def action_open_tickets(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "helpdesk_routing.helpdesk_routing_ticket_action"
        )
        action["domain"] = self._get_domain()
        action["display_name"] = self.name
        action["context"] = {"default_view_ids": [self.id]}
        return action
