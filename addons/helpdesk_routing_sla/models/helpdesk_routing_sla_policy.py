# Copyright 2026 Helpdesk Segments & Routing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo import api, fields, models, tools
from odoo.exceptions import ValidationError

from odoo.addons.helpdesk_routing.models.helpdesk_routing_condition_mixin import MATCH
from odoo.addons.helpdesk_routing.models.helpdesk_routing_ticket import PRIORITIES
from odoo.addons.helpdesk_segments.tools import conditions

# what a manager edits to fix a policy in error
POLICY_CONDITION_FIELDS = {
    "active",
    "match",
    "partner_domain",
    "ticket_domain",
    "team_ids",
    "channel_ids",
    "tag_ids",
    "priority_min",
}
# the policy's flags saying it has a condition on a ticket field
CONDITION_FLAGS = {
    "has_team_condition": "team_id",
    "has_channel_condition": "channel_id",
    "has_tag_condition": "tag_ids",
    "priority_min": "priority",
}


class HelpdeskRoutingSlaPolicy(models.Model):
    """Service level targets for the tickets meeting its conditions; the
    first active policy (by sequence) whose conditions a ticket meets
    applies. Conditions are those of routing rules (one condition language,
    evaluated by the routing engine's evaluator: ``engine/policies.py``)."""

    _name = "helpdesk.routing.sla.policy"
    _inherit = [
        "helpdesk.input.mixin",
        "helpdesk.routing.condition.mixin",
        "mail.thread",
        "mail.activity.mixin",
    ]
    _description = "Helpdesk Service Level Policy"
    _order = "sequence, id"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company",
        default=lambda self: self.env.company,
        index=True,
        help="Tickets of this company only; empty for every company.",
    )
    # conditions, as in routing rules (helpdesk.routing.condition.mixin); the
    # selections repeated: their values and translations belong to this addon
    match = fields.Selection(selection=MATCH)
    priority_min = fields.Selection(selection=PRIORITIES)
    partner_domain = fields.Char(
        help="Customers (contacts) this policy applies to: any customer field, "
        "group, status, customer list...",
    )
    team_ids = fields.Many2many(
        "helpdesk.routing.team",
        "helpdesk_routing_sla_policy_team_rel",
        "policy_id",
        "team_id",
        string="Teams",
        check_company=True,
        help="The ticket is in one of these teams.",
    )
    channel_ids = fields.Many2many(
        relation="helpdesk_routing_sla_policy_channel_rel",
        column1="policy_id",
        column2="channel_id",
    )
    tag_ids = fields.Many2many(
        relation="helpdesk_routing_sla_policy_tag_rel",
        column1="policy_id",
        column2="tag_id",
    )
    # whether the policy has these conditions, read with the policy: the
    # relations are read only when they are used (every ticket creation
    # evaluates the policies)
    has_team_condition = fields.Boolean(compute="_compute_has_conditions", store=True)
    has_channel_condition = fields.Boolean(
        compute="_compute_has_conditions", store=True
    )
    has_tag_condition = fields.Boolean(compute="_compute_has_conditions", store=True)
    # targets, in working hours of the ticket's team calendar
    first_response_hours = fields.Float(
        string="First response (hours)",
        help="Working hours until the first public reply of an agent (0: none).",
    )
    next_response_hours = fields.Float(
        string="Next response (hours)",
        help="Working hours until an agent answers each new message of the "
        "customer (0: none).",
    )
    resolution_hours = fields.Float(
        string="Resolution (hours)",
        help="Working hours until the ticket is closed (0: none).",
    )
    at_risk_percent = fields.Integer(
        string="At risk after (%)",
        default=75,
        help="A target is at risk once this share of its time has elapsed.",
    )
    use_customer_tz = fields.Boolean(
        string="Customer's time zone",
        help="Count the working hours of the calendar in the customer's time "
        "zone (e.g. 9:00-17:00 where the customer is) instead of the "
        "calendar's.",
    )
    # escalation
    escalate_on = fields.Selection(
        [
            ("none", "Never"),
            ("at_risk", "At risk"),
            ("breached", "Breached"),
        ],
        string="Escalate when",
        required=True,
        default="breached",
    )
    escalate_team_id = fields.Many2one(
        "helpdesk.routing.team",
        string="Re-route to team",
        ondelete="set null",
        check_company=True,
    )
    escalate_view_id = fields.Many2one(
        "helpdesk.routing.view",
        string="Add to saved view",
        ondelete="set null",
        check_company=True,
    )
    escalate_priority = fields.Selection(
        PRIORITIES,
        string="Raise priority to",
        help="The ticket's priority is raised to this one (never lowered).",
    )
    escalate_notify = fields.Boolean(
        string="Notify team leader and followers",
        default=True,
        help="An internal note to the team leader and the ticket's internal "
        "followers (never to the customer).",
    )
    escalate_activity = fields.Boolean(
        string="Schedule an activity",
        help="A to-do for the assigned agent (else the team leader).",
    )
    # faults, as for routing rules
    state = fields.Selection(
        [("ok", "In use"), ("error", "Error")],
        required=True,
        default="ok",
        readonly=True,
        copy=False,
        tracking=True,
        help="Error: the policy's conditions could not be evaluated; it is "
        "skipped (tickets get the next matching policy) until it is fixed.",
    )
    error_message = fields.Text(readonly=True, copy=False)

    @api.depends("team_ids", "channel_ids", "tag_ids")
    def _compute_has_conditions(self):
        for policy in self:
            policy.has_team_condition = bool(policy.team_ids)
            policy.has_channel_condition = bool(policy.channel_ids)
            policy.has_tag_condition = bool(policy.tag_ids)

    # ------------------------------------------------------------------
    # constraints and CRUD
    # ------------------------------------------------------------------
    @api.constrains(
        "first_response_hours",
        "next_response_hours",
        "resolution_hours",
        "at_risk_percent",
    )
    def _check_targets(self):
        for policy in self:
            hours = (
                policy.first_response_hours,
                policy.next_response_hours,
                policy.resolution_hours,
            )
            if any(value < 0 or value > 100000 for value in hours):
                raise ValidationError(
                    self.env._(
                        "The targets of the service level policy %(policy)s must "
                        "be between 0 and 100,000 working hours.",
                        policy=policy.name,
                    )
                )
            if not 0 <= policy.at_risk_percent <= 100:
                raise ValidationError(
                    self.env._(
                        "The at-risk share of the service level policy %(policy)s "
                        "is a percentage between 0 and 100.",
                        policy=policy.name,
                    )
                )

    @api.constrains("partner_domain", "ticket_domain", "active")
    def _check_domains(self):
        self.filtered("active")._check_filters()

    def _hs_filter_subject(self, filter_label):
        self.ensure_one()
        return self.env._(
            "the %(filter)s of the service level policy %(policy)s",
            filter=filter_label,
            policy=self.name,
        )

    @api.model_create_multi
    def create(self, vals_list):
        vals_list = self._hs_check_input_vals(vals_list, operation="create")
        policies = super().create(vals_list)
        self.env.registry.clear_cache()
        return policies

    def write(self, vals):
        self._hs_check_input_vals([vals], operation="write")
        edited = POLICY_CONDITION_FIELDS & set(vals)
        if edited and not self.env.context.get("hs_condition_fault"):
            # the conditions were edited (and are checked on save): service
            # levels use the policy again
            vals = dict(vals, state="ok", error_message=False)
            fixed = self.filtered(lambda policy: policy.state == "error")
        else:
            fixed = self.browse()
        res = super().write(vals)
        if fixed:
            # the managers' "policy in error" to-do is done
            fixed.sudo().activity_unlink(["mail.mail_activity_data_warning"])
        self.env.registry.clear_cache()
        return res

    def unlink(self):
        res = super().unlink()
        self.env.registry.clear_cache()
        return res

    def action_retry(self):
        """Back in use: the conditions are checked again first."""
        self.check_access("write")
        self._check_domains()
        self.write({"state": "ok", "error_message": False})
        self.sudo().activity_unlink(["mail.mail_activity_data_warning"])
        return True

    # ------------------------------------------------------------------
    # what the routing evaluator reads of a rule (engine/policies.py)
    # ------------------------------------------------------------------
    def _keyword_list(self):
        return []

    # ------------------------------------------------------------------
    # service levels (engine/sla.py)
    # ------------------------------------------------------------------
    @api.model
    def _active_policies(self):
        """The policies service levels use: active, and not in error (as
        superuser: a ticket filed by anyone gets its service level)."""
        return self.sudo().browse(self._active_policy_ids())

    @api.model
    @tools.ormcache()
    def _active_policy_ids(self):
        """Ids of the policies in use, by sequence (cached: every ticket
        creation reads them; any change of a policy clears the cache)."""
        return tuple(
            self.sudo().search([("active", "=", True), ("state", "!=", "error")]).ids
        )

    @api.model
    @tools.ormcache()
    def _hs_sla_customer_fields(self):
        """Customer fields the active policies' customer filters look at
        (cached; a change of one of them re-evaluates the customer's open
        tickets)."""
        watched = set()
        for policy in self._active_policies():
            domain = policy._parse_domain(policy.partner_domain, raise_error=False)
            watched.update(conditions.top_fields(domain))
        return frozenset(watched)

    @api.model
    @tools.ormcache()
    def _hs_sla_ticket_fields(self):
        """Ticket fields the active policies look at (cached): a change of
        one of them re-evaluates the ticket's policy."""
        watched = set()
        for policy in self._active_policies():
            watched.add("company_id")
            if policy._parse_domain(policy.partner_domain, raise_error=False):
                watched.add("partner_id")
            for flag, field_name in CONDITION_FLAGS.items():
                if policy[flag]:
                    watched.add(field_name)
            domain = policy._parse_domain(policy.ticket_domain, raise_error=False)
            watched.update(conditions.top_fields(domain))
        # a ticket filter on the service level itself would loop
        return frozenset(name for name in watched if not name.startswith("sla_"))

    def _hs_targets_text(self):
        """The policy's targets in words (the log's destination)."""
        self.ensure_one()
        parts = []
        for label, hours in (
            (self.env._("first response"), self.first_response_hours),
            (self.env._("next response"), self.next_response_hours),
            (self.env._("resolution"), self.resolution_hours),
        ):
            if hours:
                amount = "%g" % hours
                parts.append(
                    self.env._("%(target)s %(hours)s h", target=label, hours=amount)
                )
        return self.env._(
            "Service level %(policy)s: %(targets)s",
            policy=self.name,
            targets=", ".join(parts) or self.env._("no target"),
        )

    def _hs_fault_texts(self, date, reason):
        # the manager is told once per fault (an activity on the policy, as
        # for routing rules): helpdesk.routing.condition.mixin._hs_flag_fault
        return (
            self.env._(
                "Skipped since %(date)s UTC: %(reason)s Fix the policy, "
                "then save it or click Retry.",
                date=date,
                reason=reason,
            ),
            self.env._("Service level policy in error"),
        )
