# Copyright 2026 Helpdesk Segments & Routing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import datetime

from odoo import Command

from odoo.addons.helpdesk_routing.tests.common import HelpdeskRoutingCase

# Tuesday 10 March 2026, 10:00 UTC: outside the quiet hours (21:00-8:00)
TUESDAY_10AM = datetime(2026, 3, 10, 10, 0)


class SequenceCase(HelpdeskRoutingCase):
    """A running sequence ``seq`` started by the customer tag *Seq start*,
    the ticket tag *seq ticket* or the list ``seq_list``: wait 1 day, email,
    wait 2 hours, email, activity. Customers in UTC; daily cap 2, quiet hours
    21:00-8:00."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.Sequence = cls.env["helpdesk.routing.sequence"]
        cls.Enrollment = cls.env["helpdesk.routing.sequence.enrollment"]
        cls.Log = cls.env["helpdesk.routing.sequence.log"]
        # the demo sequences stay out of the way
        cls.Sequence.search([]).write({"active": False})
        cls.env["helpdesk.routing.rule"].search([]).action_archive()
        cls.company = cls.env.company
        cls.company.write(
            {
                "hs_sequence_daily_cap": 2,
                "hs_sequence_quiet_start": 21.0,
                "hs_sequence_quiet_end": 8.0,
            }
        )
        (cls.customer | cls.customer_2).write({"tz": "UTC"})
        cls.tag = cls.env["res.partner.category"].create({"name": "Seq start"})
        cls.other_tag = cls.env["res.partner.category"].create({"name": "Seq other"})
        cls.ticket_tag = cls.env["helpdesk.routing.tag"].create({"name": "seq ticket"})
        cls.seq_list = cls.env["helpdesk.customer.list"].create(
            {
                "name": "Seq list",
                "domain": repr([("name", "=", "Seq list member")]),
                "sharing": "everyone",
            }
        )
        cls.template = cls.env["mail.template"].create(
            {
                "name": "Seq template",
                "model_id": cls.env["ir.model"]._get_id("res.partner"),
                "subject": "Hello {{ object.name }}",
                "body_html": "<p>Hello <t t-out='object.name'/></p>",
                "partner_to": "{{ object.id }}",
            }
        )
        cls.seq = cls._sequence()

    @classmethod
    def _sequence(cls, name="Seq", steps=None, run=True, **values):
        if steps is None:
            steps = [
                {"kind": "wait", "wait_amount": 1, "wait_unit": "days"},
                {"kind": "email", "template_id": cls.template.id},
                {"kind": "wait", "wait_amount": 2, "wait_unit": "hours"},
                {"kind": "email", "template_id": cls.template.id},
                {
                    "kind": "activity",
                    "activity_type_id": cls.env.ref("mail.mail_activity_data_todo").id,
                    "activity_summary": "Call the customer",
                },
            ]
        seq = cls.Sequence.create(
            dict(
                {
                    "name": name,
                    "partner_tag_ids": [Command.link(cls.tag.id)],
                    "ticket_tag_ids": [Command.link(cls.ticket_tag.id)],
                    "list_ids": [Command.link(cls.seq_list.id)],
                    "step_ids": [
                        Command.create(dict(step, sequence=index))
                        for index, step in enumerate(steps)
                    ],
                },
                **values,
            )
        )
        if run:
            seq.action_run()
        return seq

    def _enrollments(self, partner=None, seq=None, state=None):
        domain = [("sequence_id", "=", (seq or self.seq).id)]
        if partner:
            domain.append(("partner_id", "=", partner.id))
        if state:
            domain.append(("state", "=", state))
        return self.Enrollment.search(domain)

    def _run(self, batch_size=500):
        return self.Enrollment.with_context(hs_sequence_no_lists=False)._cron_run(
            batch_size=batch_size
        )

    def _done_logs(self, enrollment):
        return enrollment.log_ids.filtered(lambda log: log.state == "done")
