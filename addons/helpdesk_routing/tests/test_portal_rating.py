# Copyright 2026 Helpdesk Segments & Routing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import re

from odoo.tests import HttpCase, new_test_user, tagged

from .test_customer_ratings import RatingCase


@tagged("post_install", "-at_install", "hs_rating", "hs_portal")
class TestPortalRating(HttpCase, RatingCase):
    """A customer rates their ticket from its portal page: the faces lead to
    Odoo's rating page, with the same effect as the rating email."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        acme = cls.env["res.partner"].create(
            {"name": "Rating Acme", "is_company": True}
        )
        cls.portal = new_test_user(
            cls.env, login="hsr_rate_portal", groups="base.group_portal", name="Rae"
        )
        cls.portal.partner_id.write(
            {"parent_id": acme.id, "email": "rae@acme.example.com"}
        )
        # the company's contact person sees the ticket, but does not rate it
        cls.boss = new_test_user(
            cls.env, login="hsr_rate_boss", groups="base.group_portal", name="Boss"
        )
        cls.boss.partner_id.write(
            {
                "parent_id": acme.id,
                "email": "boss.rate@acme.example.com",
                "hs_portal_company_tickets": True,
            }
        )
        company_b = cls.env["res.company"].create({"name": "HSR Rating Company B"})
        cls.other = new_test_user(
            cls.env,
            login="hsr_rate_other",
            groups="base.group_portal",
            name="Other Company",
            company_id=company_b.id,
            company_ids=[company_b.id],
        )

    def _closed_ticket(self, **values):
        ticket = self._new_ticket(
            team_id=self.team_a.id, partner_id=self.portal.partner_id.id, **values
        )
        self._solve(ticket)
        return ticket

    def test_rate_from_portal_page(self):
        ticket = self._closed_ticket()
        self.authenticate("hsr_rate_portal", "hsr_rate_portal")
        page = self.url_open(f"/my/support/{ticket.id}")
        self.assertIn("o_hs_portal_rate", page.text)
        self.assertIn(f"/my/support/{ticket.id}/rate/1", page.text)
        response = self.url_open(f"/my/support/{ticket.id}/rate/1")
        self.assertEqual(response.status_code, 200)
        self.assertRegex(response.url, r"^https?://[^/]+/rate/\w+/1$")
        ticket.invalidate_recordset()
        self.assertEqual(ticket.rating, "bad")
        self.assertIn(self.tag_dissatisfied, ticket.sudo().tag_ids)
        # the "Bad rating" trigger, as from the email
        self.assertIn(self.tag_bad, ticket.sudo().tag_ids)
        self.assertTrue(self.portal.partner_id.x_hs_bad_rating_submitted)
        # the rating request of the email was used, not a second one
        self.assertEqual(len(ticket.rating_ids), 1)
        self.assertTrue(ticket.rating_ids.consumed)
        # then a comment on Odoo's feedback page
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', response.text).group(1)
        token = ticket.rating_ids.access_token
        self.url_open(
            f"/rate/{token}/submit_feedback",
            data={"rate": 1, "feedback": "Still broken", "csrf_token": csrf},
        )
        ticket.invalidate_recordset()
        self.assertEqual(ticket.rating, "bad_comment")
        self.assertEqual(ticket.rating_comment, "Still broken")
        # the page shows the rating, and offers to change it
        page = self.url_open(f"/my/support/{ticket.id}")
        self.assertIn("o_hs_portal_rating", page.text)
        self.assertIn("Still broken", page.text)
        self.url_open(f"/my/support/{ticket.id}/rate/5")
        ticket.invalidate_recordset()
        self.assertEqual(ticket.rating, "good")
        tags = ticket.sudo().tag_ids
        self.assertIn(self.tag_satisfied, tags)
        self.assertNotIn(self.tag_dissatisfied, tags)

    def test_rate_with_ticket_token_as_visitor(self):
        """The link of the customer's emails (the ticket's token) opens the
        page for a visitor who is not signed in; the faces work too."""
        ticket = self._closed_ticket()
        self.authenticate(None, None)
        page = self.url_open(ticket.get_portal_url())
        self.assertIn("o_hs_portal_rate", page.text)
        link = re.search(
            r'href="(/my/support/\d+/rate/5\?access_token=[^"]+)"', page.text
        )
        self.assertTrue(link)
        self.url_open(link.group(1).replace("&amp;", "&"))
        ticket.invalidate_recordset()
        self.assertEqual(ticket.rating, "good")
        self.assertIn(self.tag_satisfied, ticket.sudo().tag_ids)

    def test_no_rating_for_others(self):
        ticket = self._closed_ticket()
        cases = (
            # the contact person sees the ticket, it is not theirs to rate
            ("hsr_rate_boss", f"/my/support/{ticket.id}/rate/1"),
            # another company's customer, a visitor: not even the page
            ("hsr_rate_other", f"/my/support/{ticket.id}/rate/1"),
            (None, f"/my/support/{ticket.id}/rate/1"),
            (None, f"/my/support/{ticket.id}/rate/1?access_token=wrong"),
        )
        for login, url in cases:
            with self.subTest(login=login, url=url):
                self.authenticate(login, login)
                if login == "hsr_rate_boss":
                    page = self.url_open(f"/my/support/{ticket.id}")
                    self.assertEqual(page.status_code, 200)
                    self.assertNotIn("o_hs_portal_rate", page.text)
                response = self.url_open(url)
                self.assertNotRegex(response.url, r"^https?://[^/]+/rate/")
        ticket.invalidate_recordset()
        self.assertFalse(ticket.rating)
        self.assertFalse(ticket.rating_ids.filtered("consumed"))

    def test_bad_rate_values(self):
        ticket = self._closed_ticket()
        self.authenticate("hsr_rate_portal", "hsr_rate_portal")
        for rate in ("0", "2", "4", "6", "99999999999", "-1", "abc"):
            with self.subTest(rate=rate):
                response = self.url_open(f"/my/support/{ticket.id}/rate/{rate}")
                self.assertIn(response.status_code, (200, 404))
                # never Odoo's rating page (/rate/<token>/...)
                self.assertNotRegex(response.url, r"^https?://[^/]+/rate/")
        ticket.invalidate_recordset()
        self.assertFalse(ticket.rating)

    def test_no_faces_while_open_or_without_team_ratings(self):
        ticket = self._new_ticket(
            team_id=self.team_a.id, partner_id=self.portal.partner_id.id
        )
        self.authenticate("hsr_rate_portal", "hsr_rate_portal")
        self.assertNotIn(
            "o_hs_portal_rate", self.url_open(f"/my/support/{ticket.id}").text
        )
        self.url_open(f"/my/support/{ticket.id}/rate/5")
        ticket.invalidate_recordset()
        self.assertFalse(ticket.rating)
        self._solve(ticket)
        self.team_a.hs_rating_active = False
        self.assertNotIn(
            "o_hs_portal_rate", self.url_open(f"/my/support/{ticket.id}").text
        )
