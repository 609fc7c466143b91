# Copyright 2026 Helpdesk Segments & Routing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""A good neighbour: names and references that never collide with another
helpdesk's (OCA's helpdesk_mgmt: its app "Helpdesk", its models "Helpdesk
Ticket", "Helpdesk Ticket Stage"... and its HT00001 numbers), and no portal
entry of ours yet. tests/test_oca_helpdesk_mgmt.py checks the same with
helpdesk_mgmt installed."""

from lxml import etree

from odoo.tests import TransactionCase, tagged

from odoo.addons.helpdesk_segments.tests.common import load_migration

# helpdesk_mgmt 18.0's app, settings section and model descriptions
OCA_NAMES = {
    "Helpdesk",
    "Helpdesk Ticket",
    "Helpdesk Ticket Stage",
    "Helpdesk Ticket Category",
    "Helpdesk Ticket Team",
    "Helpdesk Ticket Channel",
    "Helpdesk Ticket Tag",
}
OUR_MODELS = {
    "helpdesk.routing.ticket": "Support Ticket",
    "helpdesk.routing.stage": "Support Ticket Stage",
    "helpdesk.routing.tag": "Support Ticket Tag",
    "helpdesk.routing.channel": "Support Ticket Channel",
    "helpdesk.routing.team": "Support Team",
    "helpdesk.routing.view": "Saved Ticket View",
}


@tagged("post_install", "-at_install")
class TestNeighbourNames(TransactionCase):
    def test_model_descriptions(self):
        for model, description in OUR_MODELS.items():
            self.assertEqual(self.env[model]._description, description)
            ir_model = self.env["ir.model"]._get(model)
            self.assertEqual(ir_model.name, description)
        models = self.env["ir.model"].search([("model", "=like", "helpdesk.%")])
        ours = {
            ir_model.name
            for ir_model in models
            if {"helpdesk_segments", "helpdesk_routing"}
            & set((ir_model.modules or "").split(", "))
        }
        self.assertTrue(ours)
        self.assertFalse(ours & OCA_NAMES)

    def test_app_settings_and_access_category(self):
        root = self.env.ref("helpdesk_segments.helpdesk_menu_root")
        self.assertEqual(root.name, "Customer Support")
        category = self.env.ref(
            "helpdesk_segments.module_category_helpdesk_segments_routing"
        )
        self.assertEqual(category.name, "Customer Support")
        arch = etree.fromstring(
            self.env["res.config.settings"].get_view(view_type="form")["arch"]
        )
        app = arch.xpath("//app[@name='helpdesk_routing']")
        self.assertEqual(app[0].get("string"), "Customer Support")
        for name in (root.name, category.name, app[0].get("string")):
            self.assertNotIn(name, OCA_NAMES)

    def test_one_portal_entry(self):
        """Our portal card (issue 16) is the only helpdesk card when no other
        helpdesk is installed; beside OCA helpdesk_mgmt it hides itself
        (tests/test_oca_helpdesk_mgmt.py), and a system parameter decides
        when set."""
        Ticket = self.env["helpdesk.routing.ticket"]
        self.assertNotIn("helpdesk.ticket", self.env)
        self.assertTrue(Ticket._hs_portal_card_shown())
        Param = self.env["ir.config_parameter"].sudo()
        Param.set_param("helpdesk_routing.portal_tickets_card", "hide")
        self.assertFalse(Ticket._hs_portal_card_shown())
        Param.set_param("helpdesk_routing.portal_tickets_card", "show")
        self.assertTrue(Ticket._hs_portal_card_shown())


@tagged("post_install", "-at_install")
class TestTicketReferences(TransactionCase):
    def setUp(self):
        super().setUp()
        self.sequence = self.env.ref("helpdesk_routing.seq_helpdesk_routing_ticket")

    def test_references_of_our_own(self):
        self.assertEqual(self.sequence.prefix, "SUP")
        ticket = self.env["helpdesk.routing.ticket"].create({"name": "Numbered"})
        self.assertRegex(ticket.number, r"^SUP\d{5}$")

    def test_upgrade_moves_an_untouched_prefix_only(self):
        migration = load_migration("helpdesk_routing", "18.0.1.1.0")
        self.sequence.prefix = "HT"
        self.env.flush_all()
        migration.migrate(self.env.cr, "18.0.1.0.0")
        self.sequence.invalidate_recordset()
        self.assertEqual(self.sequence.prefix, "SUP")
        self.assertEqual(self.sequence.name, "Support ticket")
        # an administrator's own prefix stays
        self.sequence.prefix = "CASE-"
        self.env.flush_all()
        migration.migrate(self.env.cr, "18.0.1.0.0")
        self.sequence.invalidate_recordset()
        self.assertEqual(self.sequence.prefix, "CASE-")
