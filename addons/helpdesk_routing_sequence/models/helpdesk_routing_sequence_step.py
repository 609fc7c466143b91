# Copyright 2026 Helpdesk Segments & Routing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import is_html_empty

KINDS = [
    ("wait", "Wait"),
    ("email", "Send an email"),
    ("sms", "Send an SMS"),
    ("post", "Post on the ticket"),
    ("activity", "Schedule an activity"),
    ("add_tag", "Add customer tags"),
    ("remove_tag", "Remove customer tags"),
]
UNITS = [("minutes", "Minutes"), ("hours", "Hours"), ("days", "Days")]


class HelpdeskRoutingSequenceStep(models.Model):
    """One step of a sequence, run in order."""

    _name = "helpdesk.routing.sequence.step"
    _description = "Follow-up Sequence Step"
    _order = "sequence_id, sequence, id"

    sequence_id = fields.Many2one(
        "helpdesk.routing.sequence",
        string="Follow-up sequence",
        required=True,
        ondelete="cascade",
        index=True,
    )
    sequence = fields.Integer(default=10)
    kind = fields.Selection(KINDS, string="Step", required=True, default="wait")
    name = fields.Char(compute="_compute_name")
    wait_amount = fields.Integer(string="Wait", default=1)
    wait_unit = fields.Selection(UNITS, default="days")
    template_id = fields.Many2one(
        "mail.template",
        string="Email template",
        domain=[("model", "=", "res.partner")],
        help="Rendered for the customer (a template of Contacts).",
    )
    sms_body = fields.Text(string="SMS text", translate=True)
    body = fields.Html(string="Message", translate=True)
    activity_type_id = fields.Many2one("mail.activity.type", string="Activity")
    activity_summary = fields.Char(string="Activity summary", translate=True)
    activity_days = fields.Integer(string="Due in (days)", default=0)
    activity_user_id = fields.Many2one(
        "res.users",
        string="Activity for",
        help="Empty: the customer's salesperson, else the sequence's responsible.",
    )
    tag_ids = fields.Many2many(
        "res.partner.category",
        "helpdesk_routing_sequence_step_tag_rel",
        "step_id",
        "category_id",
        string="Tags",
    )
    sms_available = fields.Boolean(compute="_compute_sms_available")
    # statistics
    sent_count = fields.Integer(compute="_compute_stats", string="Sent")
    opened_count = fields.Integer(compute="_compute_stats", string="Opened")
    replied_count = fields.Integer(compute="_compute_stats", string="Replied")

    _sql_constraints = [
        ("wait_positive", "CHECK(wait_amount >= 0)", "A wait cannot be negative."),
        (
            "activity_days_positive",
            "CHECK(activity_days >= 0)",
            "An activity cannot be due before the step.",
        ),
    ]

    @api.model
    def fields_get(self, allfields=None, attributes=None):
        """SMS steps are offered only when Odoo's ``sms`` is installed."""
        res = super().fields_get(allfields, attributes)
        kind = res.get("kind")
        if kind and "selection" in kind and "sms.sms" not in self.env:
            kind["selection"] = [o for o in kind["selection"] if o[0] != "sms"]
        return res

    def _compute_sms_available(self):
        available = "sms.sms" in self.env
        for step in self:
            step.sms_available = available

    @api.depends("kind", "wait_amount", "wait_unit", "template_id", "tag_ids")
    def _compute_name(self):
        kinds = dict(self._fields["kind"]._description_selection(self.env))
        units = dict(self._fields["wait_unit"]._description_selection(self.env))
        for step in self:
            label = kinds.get(step.kind, step.kind or "")
            if step.kind == "wait":
                label = f"{label} {step.wait_amount} {units.get(step.wait_unit, '')}"
            elif step.kind == "email" and step.template_id:
                label = f"{label}: {step.template_id.name}"
            elif step.kind in ("add_tag", "remove_tag") and step.tag_ids:
                label = f"{label}: {', '.join(step.tag_ids.mapped('name'))}"
            step.name = label

    @api.depends_context("uid")
    def _compute_stats(self):
        Log = self.env["helpdesk.routing.sequence.log"]
        groups = Log._read_group(
            [("step_id", "in", self.ids), ("state", "=", "done")],
            ["step_id"],
            ["__count"],
        )
        sent = {step.id: count for step, count in groups}
        groups = Log._read_group(
            [("step_id", "in", self.ids), ("replied", "=", True)],
            ["step_id"],
            ["__count"],
        )
        replied = {step.id: count for step, count in groups}
        opened = Log._hs_opened_counts(self.ids)
        for step in self:
            step.sent_count = sent.get(step.id, 0)
            step.replied_count = replied.get(step.id, 0)
            step.opened_count = opened.get(step.id, 0)

    @api.constrains(
        "kind",
        "wait_amount",
        "template_id",
        "sms_body",
        "body",
        "activity_type_id",
        "tag_ids",
    )
    def _check_values(self):
        _ = self.env._
        for step in self:
            error = None
            if step.kind == "wait" and step.wait_amount <= 0:
                error = _("A wait step needs a duration above zero.")
            elif step.kind == "email":
                if not step.template_id:
                    error = _("An email step needs an email template.")
                elif step.template_id.model != "res.partner":
                    error = _(
                        "The template %(template)s is for %(model)s records: an "
                        "email step needs a template of Contacts.",
                        template=step.template_id.name,
                        model=step.template_id.model,
                    )
            elif step.kind == "sms":
                if "sms.sms" not in self.env:
                    error = _("SMS steps need the SMS module (sms): install it first.")
                elif not (step.sms_body or "").strip():
                    error = _("An SMS step needs its text.")
            elif step.kind == "post" and is_html_empty(step.body):
                error = _("A post step needs its message.")
            elif step.kind == "activity" and not step.activity_type_id:
                error = _("An activity step needs an activity type.")
            elif step.kind in ("add_tag", "remove_tag") and not step.tag_ids:
                error = _("A tag step needs the tags to add or remove.")
            if error:
                raise ValidationError(
                    _(
                        "Sequence %(sequence)s, step %(step)s: %(error)s",
                        sequence=step.sequence_id.name,
                        step=step.name,
                        error=error,
                    )
                )
