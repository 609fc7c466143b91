# Copyright 2026 Helpdesk Segments & Routing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Macros: personal and shared, previewed, applied as the agent, all or
nothing."""

from datetime import date

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import freeze_time, tagged

from .common import HelpdeskRoutingCase


@tagged("post_install", "-at_install")
class TestMacros(HelpdeskRoutingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Macro = cls.env["helpdesk.routing.macro"]
        cls.tag_accounting = cls.env["helpdesk.routing.tag"].create(
            {"name": "Macro accounting"}
        )
        cls.tag_old = cls.env["helpdesk.routing.tag"].create({"name": "Macro old"})
        cls.partner_tag = cls.env["res.partner.category"].create(
            {"name": "Macro thinking"}
        )
        cls.hidden_group = cls.env["helpdesk.tag.group"].create(
            {"name": "Macro secret", "hidden_from_agents": True}
        )
        cls.hidden_tag = cls.env["res.partner.category"].create(
            {"name": "Macro churn risk", "hs_tag_group_id": cls.hidden_group.id}
        )
        cls.team_a.member_ids |= cls.agent
        cls.shared = cls.Macro.with_user(cls.manager).create(
            {
                "name": "Send to team B",
                "user_id": False,
                "team_id": cls.team_b.id,
                "assign": "unassign",
                "priority": "2",
                "add_tag_ids": [Command.link(cls.tag_accounting.id)],
                "remove_tag_ids": [Command.link(cls.tag_old.id)],
                "add_partner_tag_ids": [Command.link(cls.partner_tag.id)],
                "value_ids": [
                    Command.create(
                        {
                            "field_id": cls.env["ir.model.fields"]
                            ._get("helpdesk.routing.ticket", "color")
                            .id,
                            "value": "4",
                        }
                    )
                ],
            }
        )

    def _template(self, subject, body="<p>Hello {{ object.partner_id.name }}</p>"):
        return self.env["mail.template"].create(
            {
                "name": f"Macro {subject}",
                "model_id": self.env["ir.model"]._get_id("helpdesk.routing.ticket"),
                "subject": subject,
                "body_html": body,
                "partner_to": "{{ object.partner_id.id }}",
                "lang": "{{ object.partner_id.lang }}",
            }
        )

    def _agent_ticket(self, **values):
        return self._ticket(
            team_id=self.team_a.id,
            user_id=self.agent.id,
            tag_ids=[Command.link(self.tag_old.id)],
            **values,
        ).with_user(self.agent)

    # ------------------------------------------------------------------
    def test_apply_as_agent(self):
        ticket = self._agent_ticket()
        wizard = (
            self.env["helpdesk.routing.macro.apply"]
            .with_user(self.agent)
            .with_context(active_model=ticket._name, active_ids=ticket.ids)
            .create({"macro_id": self.shared.id})
        )
        self.assertEqual(wizard.ticket_ids, ticket)
        wizard.action_apply()
        ticket = ticket.sudo()
        self.assertEqual(ticket.team_id, self.team_b)
        self.assertEqual(ticket.priority, "2")
        self.assertEqual(ticket.color, 4)
        self.assertIn(self.tag_accounting, ticket.tag_ids)
        self.assertNotIn(self.tag_old, ticket.tag_ids)
        self.assertIn(self.partner_tag, ticket.partner_id.category_id)
        self.assertEqual(self.shared.usage_count, 1)
        # written by the agent, not the superuser
        self.assertEqual(ticket.write_uid, self.agent)

    def test_preview_writes_nothing_and_says_what_apply_does(self):
        ticket = self._agent_ticket()
        wizard = (
            self.env["helpdesk.routing.macro.apply"]
            .with_user(self.agent)
            .create({"macro_id": self.shared.id, "ticket_ids": ticket.ids})
        )
        preview = wizard.preview
        self.assertIn("1 ticket", preview)
        for text in (
            "Team: Test Team B",
            "Agent: none",
            "Priority: High",
            "Add ticket tags: Macro accounting",
            "Remove ticket tags: Macro old",
            "Add customer tags: Macro thinking",
            "Color: 4",
        ):
            self.assertIn(text, preview)
        self.assertEqual(ticket.sudo().team_id, self.team_a)
        self.assertEqual(self.shared.usage_count, 0)

    def test_bulk_apply_counts_each_ticket(self):
        tickets = self._agent_ticket() | self._agent_ticket() | self._agent_ticket()
        self.shared.with_user(self.agent)._hs_apply(tickets)
        self.assertEqual(tickets.sudo().team_id, self.team_b)
        self.assertEqual(self.shared.usage_count, 3)

    @freeze_time("2026-03-02 10:00:00")
    def test_reply_note_and_activity(self):
        template = self._template("About {{ object.name }}")
        macro = self.Macro.with_user(self.agent).create(
            {
                "name": "Thinking",
                "template_id": template.id,
                "note": "<p>Customer is thinking it over</p>",
                "activity_type_id": self.env.ref("mail.mail_activity_data_todo").id,
                "activity_summary": "Call back",
                "activity_days": 3,
                "activity_user": "agent",
            }
        )
        self.assertEqual(macro.user_id, self.agent, "personal by default")
        ticket = self._agent_ticket(name="Price question")
        before = ticket.sudo().message_ids
        macro._hs_apply(ticket)
        messages = ticket.sudo().message_ids - before
        reply = messages.filtered(
            lambda m: m.subtype_id == self.env.ref("mail.mt_comment")
        )
        note = messages.filtered(lambda m: m.subtype_id == self.env.ref("mail.mt_note"))
        self.assertEqual(len(reply), 1)
        self.assertEqual(reply.subject, "About Price question")
        self.assertIn(self.customer, reply.notified_partner_ids | reply.partner_ids)
        self.assertEqual(reply.author_id, self.agent.partner_id)
        self.assertIn("thinking it over", note.body)
        activity = ticket.sudo().activity_ids
        self.assertEqual(activity.summary, "Call back")
        self.assertEqual(activity.date_deadline, date(2026, 3, 5))
        self.assertEqual(activity.user_id, self.agent)

    def test_reply_in_the_customers_language(self):
        self.env["res.lang"]._activate_lang("es_ES")
        self.customer.lang = "es_ES"
        template = self._template("Thank you", "<p>Thank you</p>")
        template.with_context(lang="es_ES").subject = "Gracias"
        macro = self.Macro.with_user(self.agent).create(
            {"name": "Thanks", "template_id": template.id}
        )
        ticket = self._agent_ticket()
        macro._hs_apply(ticket)
        reply = ticket.sudo().message_ids.filtered(
            lambda m: m.subtype_id == self.env.ref("mail.mt_comment")
        )
        self.assertEqual(reply[:1].subject, "Gracias")

    def test_all_or_nothing(self):
        template = self._template("{{ object.no_such_field }}")
        macro = self.Macro.with_user(self.agent).create(
            {"name": "Broken", "team_id": self.team_b.id, "template_id": template.id}
        )
        ticket = self._agent_ticket()
        with self.assertRaises(UserError):
            macro._hs_apply(ticket)
        self.assertEqual(ticket.sudo().team_id, self.team_a, "the team write undone")
        self.assertEqual(macro.usage_count, 0)

    def test_personal_and_shared_access(self):
        MacroAgent = self.Macro.with_user(self.agent)
        own = MacroAgent.create({"name": "Mine", "priority": "3"})
        other = self.Macro.with_user(self.agent_2).create({"name": "Theirs"})
        visible = MacroAgent.search(
            [("name", "in", ["Mine", "Theirs", "Send to team B"])]
        )
        self.assertEqual(visible, own | self.shared)
        with self.assertRaises(AccessError):
            other.with_user(self.agent).read(["name"])
        with self.assertRaises(AccessError):
            self.shared.with_user(self.agent).write({"priority": "3"})
        with self.assertRaises(UserError):
            MacroAgent.create({"name": "Shared by an agent", "user_id": False})
        with self.assertRaises(UserError):
            own.write({"user_id": self.agent_2.id})
        # managers share and edit any macro
        own.with_user(self.manager).write({"user_id": False})
        self.assertFalse(own.user_id)

    def test_hidden_tags_stay_unnamed_and_unset_for_agents(self):
        macro = self.Macro.with_user(self.manager).create(
            {
                "name": "Flag churn",
                "user_id": False,
                "priority": "3",
                "add_partner_tag_ids": [Command.link(self.hidden_tag.id)],
            }
        )
        ticket = self._agent_ticket()
        wizard = (
            self.env["helpdesk.routing.macro.apply"]
            .with_user(self.agent)
            .create({"macro_id": macro.id, "ticket_ids": ticket.ids})
        )
        self.assertNotIn("churn", wizard.preview)
        self.assertIn("Tags hidden from you are left as they are", wizard.preview)
        wizard.action_apply()
        self.assertEqual(ticket.sudo().priority, "3")
        self.assertNotIn(self.hidden_tag, ticket.sudo().partner_id.category_id)
        # a manager applying it sets the hidden tag
        macro.with_user(self.manager)._hs_apply(ticket.with_user(self.manager))
        self.assertIn(self.hidden_tag, ticket.sudo().partner_id.category_id)

    def test_bad_input(self):
        MacroAgent = self.Macro.with_user(self.agent)
        color = self.env["ir.model.fields"]._get("helpdesk.routing.ticket", "color")
        with self.assertRaisesRegex(ValidationError, "not a valid value"):
            MacroAgent.create(
                {
                    "name": "Bad value",
                    "value_ids": [
                        Command.create({"field_id": color.id, "value": "red"})
                    ],
                }
            )
        number = self.env["ir.model.fields"]._get("helpdesk.routing.ticket", "number")
        with self.assertRaisesRegex(ValidationError, "cannot set the field"):
            MacroAgent.create(
                {
                    "name": "Renumber",
                    "value_ids": [
                        Command.create({"field_id": number.id, "value": "X"})
                    ],
                }
            )
        with self.assertRaisesRegex(ValidationError, "choose the agent"):
            MacroAgent.create({"name": "Nobody", "assign": "user"})
        with self.assertRaisesRegex(ValidationError, "add and remove the same tag"):
            MacroAgent.create(
                {
                    "name": "Both",
                    "add_tag_ids": [Command.link(self.tag_old.id)],
                    "remove_tag_ids": [Command.link(self.tag_old.id)],
                }
            )
        empty = MacroAgent.create({"name": "Nothing"})
        with self.assertRaisesRegex(UserError, "does nothing"):
            empty._hs_apply(self._agent_ticket())
        wizard = (
            self.env["helpdesk.routing.macro.apply"].with_user(self.agent).create({})
        )
        with self.assertRaisesRegex(UserError, "Choose a macro"):
            wizard.action_apply()

    def test_team_restriction(self):
        macro = self.Macro.with_user(self.manager).create(
            {
                "name": "Team B only",
                "user_id": False,
                "priority": "3",
                "team_ids": [Command.link(self.team_b.id)],
            }
        )
        with self.assertRaisesRegex(UserError, "teams Test Team B only"):
            macro.with_user(self.agent)._hs_apply(self._agent_ticket())

    def test_demo_macros(self):
        accounting = self.env.ref("helpdesk_routing.helpdesk_routing_macro_accounting")
        ticket = self._agent_ticket()
        accounting.with_user(self.agent)._hs_apply(ticket)
        ticket = ticket.sudo()
        self.assertEqual(
            ticket.team_id,
            self.env.ref("helpdesk_routing.helpdesk_routing_team_accounting"),
        )
        self.assertIn(
            self.env.ref("helpdesk_routing.helpdesk_routing_tag_accounting"),
            ticket.tag_ids,
        )
        # moved to a team the agent is not in: a fresh ticket for the next one
        thinking = self.env.ref("helpdesk_routing.helpdesk_routing_macro_thinking")
        ticket = self._agent_ticket()
        thinking.with_user(self.agent)._hs_apply(ticket)
        self.assertIn(
            self.env.ref("helpdesk_routing.res_partner_category_thinking"),
            ticket.sudo().partner_id.category_id,
        )
        self.assertTrue(ticket.sudo().activity_ids)
