# Copyright 2026 Helpdesk Segments & Routing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL, is_html_empty

from odoo.addons.helpdesk_segments.tools import visibility

from ..engine.macros import MacroPlan
from .helpdesk_routing_ticket import PRIORITIES

ASSIGN = [
    ("keep", "Keep the agent"),
    ("me", "Assign to me"),
    ("user", "Assign to an agent"),
    ("unassign", "Unassign"),
]


class HelpdeskRoutingMacro(models.Model):
    """A named set of actions an agent applies to tickets in one click.

    Personal macros belong to their agent; shared macros (no owner) are
    made by managers. A macro is applied with the rights of the agent who
    applies it (``engine/macros.py``)."""

    _name = "helpdesk.routing.macro"
    _description = "Support Macro"
    _order = "sequence, name, id"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    description = fields.Text(translate=True)
    user_id = fields.Many2one(
        "res.users",
        string="Personal to",
        default=lambda self: self.env.user,
        index=True,
        ondelete="cascade",
        help="Only this agent sees and applies the macro. Leave empty to share "
        "it with every agent (Helpdesk Managers only).",
    )
    company_id = fields.Many2one(
        "res.company", default=lambda self: self.env.company, index=True
    )
    team_ids = fields.Many2many(
        "helpdesk.routing.team",
        string="Teams",
        check_company=True,
        help="The macro is offered for the tickets of these teams (all teams "
        "when empty).",
    )
    # what the macro does
    team_id = fields.Many2one(
        "helpdesk.routing.team", string="Set team", check_company=True
    )
    assign = fields.Selection(ASSIGN, string="Agent", default="keep", required=True)
    assign_user_id = fields.Many2one("res.users", string="Assign to")
    priority = fields.Selection(PRIORITIES, string="Set priority")
    stage_id = fields.Many2one("helpdesk.routing.stage", string="Set stage")
    add_tag_ids = fields.Many2many(
        "helpdesk.routing.tag",
        "helpdesk_routing_macro_add_tag_rel",
        "macro_id",
        "tag_id",
        string="Add ticket tags",
    )
    remove_tag_ids = fields.Many2many(
        "helpdesk.routing.tag",
        "helpdesk_routing_macro_remove_tag_rel",
        "macro_id",
        "tag_id",
        string="Remove ticket tags",
    )
    add_partner_tag_ids = fields.Many2many(
        "res.partner.category",
        "helpdesk_routing_macro_add_partner_tag_rel",
        "macro_id",
        "category_id",
        string="Add customer tags",
    )
    remove_partner_tag_ids = fields.Many2many(
        "res.partner.category",
        "helpdesk_routing_macro_remove_partner_tag_rel",
        "macro_id",
        "category_id",
        string="Remove customer tags",
    )
    value_ids = fields.One2many(
        "helpdesk.routing.macro.value", "macro_id", string="Set fields", copy=True
    )
    template_id = fields.Many2one(
        "mail.template",
        string="Reply with template",
        domain=[("model", "=", "helpdesk.routing.ticket")],
        help="Sent to the customer as a reply on the ticket, rendered in the "
        "customer's language when the template says so.",
    )
    note = fields.Html(string="Internal note")
    activity_type_id = fields.Many2one(
        "mail.activity.type",
        string="Schedule activity",
        domain=[("res_model", "in", [False, "helpdesk.routing.ticket"])],
    )
    activity_summary = fields.Char(string="Activity summary")
    activity_days = fields.Integer(string="Due in (days)", default=0)
    activity_user = fields.Selection(
        [("me", "The agent applying the macro"), ("agent", "The ticket's agent")],
        string="Activity for",
        default="me",
        required=True,
    )
    usage_count = fields.Integer(
        string="Used", readonly=True, copy=False, help="Tickets it was applied to."
    )

    _sql_constraints = [
        (
            "activity_days_positive",
            "CHECK(activity_days >= 0)",
            "An activity cannot be due before the macro is applied.",
        ),
    ]

    @api.constrains("assign", "assign_user_id")
    def _check_assign_user(self):
        for macro in self:
            if macro.assign == "user" and not macro.assign_user_id:
                raise ValidationError(
                    self.env._(
                        "Macro %(macro)s assigns to an agent: choose the agent.",
                        macro=macro.name,
                    )
                )

    @api.constrains(
        "add_tag_ids", "remove_tag_ids", "add_partner_tag_ids", "remove_partner_tag_ids"
    )
    def _check_tags(self):
        for macro in self:
            for add, remove in (
                (macro.add_tag_ids, macro.remove_tag_ids),
                (macro.add_partner_tag_ids, macro.remove_partner_tag_ids),
            ):
                both = add & remove
                if both:
                    raise ValidationError(
                        self.env._(
                            "Macro %(macro)s cannot add and remove the same tag "
                            "(%(tags)s).",
                            macro=macro.name,
                            tags=", ".join(both.mapped("name")),
                        )
                    )

    @api.model_create_multi
    def create(self, vals_list):
        macros = super().create(vals_list)
        macros._check_owner()
        return macros

    def write(self, vals):
        res = super().write(vals)
        if "user_id" in vals:
            self._check_owner()
        return res

    def _check_owner(self):
        """Agents make personal macros for themselves; sharing a macro, or
        making one for someone else, is for Helpdesk Managers (the record
        rules say the same; this says it clearly)."""
        if self.env.su or visibility.sees_hidden_tags(self.env):
            return
        if any(macro.user_id != self.env.user for macro in self):
            raise UserError(
                self.env._(
                    "Only Helpdesk Managers can share a macro or make one for "
                    "another agent: keep yourself in Personal to."
                )
            )

    def _note_is_empty(self):
        return is_html_empty(self.note)

    # ------------------------------------------------------------------
    # applying (as the agent; see engine/macros.py)
    # ------------------------------------------------------------------
    def _hs_offered_for(self, tickets):
        """Whether the macro may be applied to ``tickets`` (their teams)."""
        self.ensure_one()
        return not self.team_ids or all(
            ticket.team_id in self.team_ids for ticket in tickets
        )

    def _hs_plan(self, tickets):
        self.ensure_one()
        if not tickets:
            raise UserError(self.env._("Choose the tickets to apply the macro to."))
        if not self._hs_offered_for(tickets):
            raise UserError(
                self.env._(
                    "Macro %(macro)s is for the tickets of the teams %(teams)s only.",
                    macro=self.name,
                    teams=", ".join(self.team_ids.mapped("name")),
                )
            )
        return MacroPlan(self, tickets)

    def _hs_apply(self, tickets):
        """Apply the macro to ``tickets`` with the rights of their
        environment's user: every step or none (a step the user may not do
        undoes the others)."""
        plan = self._hs_plan(tickets)
        if not plan.steps:
            raise UserError(
                self.env._("Macro %(macro)s does nothing yet.", macro=self.name)
            )
        tickets.check_access("write")
        with self.env.cr.savepoint():
            plan.run()
        # the count of a shared macro, which agents may not write: one
        # increment in SQL (concurrent applications add up)
        self.env.execute_query(
            SQL(
                "UPDATE helpdesk_routing_macro "
                "SET usage_count = COALESCE(usage_count, 0) + %s WHERE id = %s",
                len(tickets),
                self.id,
            )
        )
        self.invalidate_recordset(["usage_count"])
        return True

    def action_apply_wizard(self):
        """From the macro's form: open the wizard on no ticket (chosen there)."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "helpdesk.routing.macro.apply",
            "view_mode": "form",
            "target": "new",
            "context": {"default_macro_id": self.id},
        }
