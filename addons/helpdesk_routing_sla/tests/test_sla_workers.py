# Copyright 2026 Helpdesk Segments & Routing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Escalation with two cron workers at once: two threads, each with its own
database cursor (a real separate transaction), run the scheduled action
over the same breached tickets, both claiming before either commits. Each
ticket must be escalated exactly once.

The setup, the cleanup and the workers commit their own cursors, as cron
workers do (the test's data must be visible to separate transactions)."""

# pylint: disable=invalid-commit

from odoo import SUPERUSER_ID, api
from odoo.modules.registry import Registry
from odoo.tests import BaseCase, tagged
from odoo.tests.common import get_db_name

from odoo.addons.helpdesk_routing.tests.workers import run_two_workers

TICKETS = 20
BATCH = 15


@tagged("post_install", "-at_install", "hs_sla")
class TestSlaEscalationWorkers(BaseCase):
    """Not a TransactionCase: the data must be committed for the workers'
    transactions to see it (and is deleted afterwards)."""

    def setUp(self):
        super().setUp()
        self.registry = odoo_registry = Registry(get_db_name())
        with odoo_registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})
            self.policy_id = (
                env["helpdesk.routing.sla.policy"]
                .create(
                    {
                        "name": "SLA workers test",
                        "sequence": -100,
                        "ticket_domain": repr([("name", "=like", "SLA workers %")]),
                        "first_response_hours": 8,
                        "escalate_on": "breached",
                        "escalate_priority": "3",
                        "escalate_notify": False,
                    }
                )
                .id
            )
            tickets = env["helpdesk.routing.ticket"].create(
                [{"name": f"SLA workers {i}", "priority": "1"} for i in range(TICKETS)]
            )
            self.ticket_ids = tickets.ids
            env.flush_all()
            # their first response deadline is missed
            cr.execute(
                "UPDATE helpdesk_routing_ticket SET sla_status = 'breached' "
                "WHERE id = ANY(%s)",
                (self.ticket_ids,),
            )
            cr.commit()
        self.addCleanup(self._cleanup)

    def _cleanup(self):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            env["helpdesk.routing.ticket"].browse(self.ticket_ids).exists().unlink()
            env["helpdesk.routing.sla.policy"].browse(self.policy_id).unlink()
            cr.commit()

    def test_two_workers_escalate_each_ticket_once(self):
        def claim(env):
            claimed = env["helpdesk.routing.ticket"]._cron_hs_sla_escalate(
                batch_size=BATCH
            )
            return [i for i in claimed if i in self.ticket_ids]

        results, errors = run_two_workers(self.registry, claim)
        self.assertFalse(errors, errors)
        first, second = results["a"], results["b"]
        self.assertFalse(set(first) & set(second), "a ticket was claimed twice")
        self.assertEqual(sorted(first + second), sorted(self.ticket_ids))
        self.assertTrue(first and second, "both workers took part")
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            # a later run finds nothing left to escalate
            again = env["helpdesk.routing.ticket"]._cron_hs_sla_escalate()
            self.assertFalse(set(again) & set(self.ticket_ids))
            cr.execute(
                "SELECT ticket_id, count(*) FROM helpdesk_routing_log "
                "WHERE trigger = 'escalation' AND ticket_id = ANY(%s) "
                "GROUP BY ticket_id",
                (self.ticket_ids,),
            )
            counts = dict(cr.fetchall())
            self.assertEqual(counts, dict.fromkeys(self.ticket_ids, 1))
            tickets = env["helpdesk.routing.ticket"].browse(self.ticket_ids)
            self.assertEqual(set(tickets.mapped("priority")), {"3"})
            cr.rollback()
