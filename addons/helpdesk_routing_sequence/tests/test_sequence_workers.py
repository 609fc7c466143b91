# Copyright 2026 Helpdesk Segments & Routing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Two cron workers at once: two threads, each with its own database cursor
(a real separate transaction), run the scheduled action over the same due
enrollments, both claiming before either commits. Each email is queued
exactly once; a worker that dies mid-batch loses nothing (its rows are done
by the next run).

The setup, the cleanup and the workers commit their own cursors, as cron
workers do (the data must be visible to separate transactions)."""

# pylint: disable=invalid-commit

from odoo import SUPERUSER_ID, Command, api
from odoo.modules.registry import Registry
from odoo.tests import BaseCase, tagged
from odoo.tests.common import get_db_name

from odoo.addons.helpdesk_routing.tests.workers import run_two_workers

CUSTOMERS = 30
BATCH = 20


@tagged("post_install", "-at_install", "hs_sequence")
class TestSequenceWorkers(BaseCase):
    def setUp(self):
        super().setUp()
        self.registry = Registry(get_db_name())
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})
            env.company.hs_sequence_daily_cap = 0
            env.company.hs_sequence_quiet_start = 0
            env.company.hs_sequence_quiet_end = 0
            tag = env["res.partner.category"].create({"name": "Seq workers"})
            template = env["mail.template"].create(
                {
                    "name": "Seq workers",
                    "model_id": env["ir.model"]._get_id("res.partner"),
                    "subject": "Workers",
                    "body_html": "<p>Hi</p>",
                    "partner_to": "{{ object.id }}",
                }
            )
            seq = env["helpdesk.routing.sequence"].create(
                {
                    "name": "Seq workers",
                    "partner_tag_ids": [Command.link(tag.id)],
                    "step_ids": [
                        Command.create({"kind": "email", "template_id": template.id})
                    ],
                }
            )
            seq.action_run()
            partners = env["res.partner"].create(
                [
                    {
                        "name": f"Seq worker {i}",
                        "email": f"seq.worker.{i}@example.com",
                        "category_id": [Command.link(tag.id)],
                    }
                    for i in range(CUSTOMERS)
                ]
            )
            self.ids = {
                "tag": tag.id,
                "template": template.id,
                "seq": seq.id,
                "partners": partners.ids,
            }
            self.enrollment_ids = seq.enrollment_ids.ids
            cr.commit()
        self.addCleanup(self._cleanup)

    def _cleanup(self):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            env["mail.mail"].search(
                [("model", "=", "res.partner"), ("res_id", "in", self.ids["partners"])]
            ).unlink()
            env["helpdesk.routing.sequence"].browse(self.ids["seq"]).unlink()
            env["res.partner"].browse(self.ids["partners"]).unlink()
            env["mail.template"].browse(self.ids["template"]).unlink()
            env["res.partner.category"].browse(self.ids["tag"]).unlink()
            env.company.hs_sequence_daily_cap = 2
            env.company.hs_sequence_quiet_start = 21
            env.company.hs_sequence_quiet_end = 8
            cr.commit()

    def _mails(self, cr):
        cr.execute(
            "SELECT res_id, count(*) FROM mail_mail mm "
            "JOIN mail_message m ON m.id = mm.mail_message_id "
            "WHERE m.model = 'res.partner' AND m.res_id = ANY(%s) GROUP BY res_id",
            (self.ids["partners"],),
        )
        return dict(cr.fetchall())

    def test_two_workers_send_each_message_once(self):
        def claim(env):
            result = env["helpdesk.routing.sequence.enrollment"]._cron_run(
                batch_size=BATCH
            )
            return [i for i in result.claimed if i in self.enrollment_ids]

        results, errors = run_two_workers(self.registry, claim)
        self.assertFalse(errors, errors)
        first, second = results["a"], results["b"]
        self.assertFalse(set(first) & set(second), "an enrollment was claimed twice")
        self.assertTrue(first and second, "both workers took part")
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            # a later run does the rest
            env["helpdesk.routing.sequence.enrollment"]._cron_run()
            mails = self._mails(cr)
            self.assertEqual(mails, dict.fromkeys(self.ids["partners"], 1))
            enrollments = env["helpdesk.routing.sequence.enrollment"].browse(
                self.enrollment_ids
            )
            self.assertEqual(set(enrollments.mapped("state")), {"completed"})
            cr.rollback()

    def test_a_worker_dying_mid_batch_loses_nothing(self):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            result = env["helpdesk.routing.sequence.enrollment"]._cron_run(
                batch_size=BATCH
            )
            self.assertEqual(len(result.claimed), BATCH)
            # the worker dies before its commit
            cr.rollback()
        with self.registry.cursor() as cr:
            self.assertEqual(self._mails(cr), {})
            env = api.Environment(cr, SUPERUSER_ID, {})
            Enrollment = env["helpdesk.routing.sequence.enrollment"]
            Enrollment._cron_run(batch_size=BATCH)
            Enrollment._cron_run(batch_size=BATCH)
            self.assertEqual(self._mails(cr), dict.fromkeys(self.ids["partners"], 1))
            cr.rollback()
