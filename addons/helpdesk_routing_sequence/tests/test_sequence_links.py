# Copyright 2026 Helpdesk Segments & Routing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import ast
import re
from datetime import timedelta

from freezegun import freeze_time

from odoo import Command
from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from ..engine.sequence import SequenceRunner, open_token, unsubscribe_token
from .common import TUESDAY_10AM, SequenceCase


@tagged("post_install", "-at_install", "hs_sequence")
class TestSequenceLinks(HttpCase, SequenceCase):
    """The unsubscribe link and the open-tracking image of the emails a
    sequence sends, followed by an anonymous visitor."""

    def setUp(self):
        super().setUp()
        self.customer.write({"email": "links.customer@example.com", "lang": "en_US"})
        with freeze_time(TUESDAY_10AM):
            self.customer.category_id = [Command.link(self.tag.id)]
        self.enrollment = self._enrollments(self.customer)
        self._run_to_first_email()
        self.log = self._done_logs(self.enrollment)
        self.assertEqual(len(self.log), 1)
        self.step = self.log.step_id

    def _run_to_first_email(self):
        # the first step waits a day, the second sends the email
        with freeze_time(TUESDAY_10AM):
            self._run()
        with freeze_time(TUESDAY_10AM + timedelta(days=1)):
            self._run()

    def _unsubscribe_path(self, token=None):
        token = token or unsubscribe_token(self.env, self.enrollment.id)
        return f"/helpdesk/sequence/unsubscribe/{self.enrollment.id}/{token}"

    def _open_path(self, log=None, token=None):
        log = log or self.log
        token = token or open_token(self.env, log.id)
        return f"/helpdesk/sequence/open/{log.id}/{token}.gif"

    def test_the_email_carries_both_links(self):
        mail = self.log.mail_id
        self.assertIn(self._unsubscribe_path(), mail.body_html)
        self.assertIn(self._open_path(), mail.body_html)
        self.assertIn("Hello", mail.body_html)
        self.assertIn("Unsubscribe", mail.body_html)
        headers = ast.literal_eval(mail.headers)
        self.assertTrue(
            headers["List-Unsubscribe"].endswith(self._unsubscribe_path() + ">")
        )
        # what Odoo sends carries them too
        email = mail._prepare_outgoing_list()[0]
        self.assertIn(self._open_path(), email["body"])
        self.assertIn("List-Unsubscribe", email["headers"])

    def test_the_footer_is_in_the_customer_language(self):
        self.env["res.lang"]._activate_lang("es_ES")
        self.customer_2.write(
            {"email": "links.es@example.com", "lang": "es_ES", "tz": "UTC"}
        )
        with freeze_time(TUESDAY_10AM):
            self.customer_2.category_id = [Command.link(self.tag.id)]
        self._run_to_first_email()
        mail = self._done_logs(self._enrollments(self.customer_2)).mail_id
        self.assertIn("Darse de baja", mail.body_html)
        self.assertNotIn("Darse de baja", self.log.mail_id.body_html)

    def test_links_are_added_in_one_batch(self):
        """Adding the links costs the same queries for 1 mail as for 6."""
        partners = self.env["res.partner"].create(
            [
                {"name": f"Links {i}", "email": f"links{i}@example.com", "tz": "UTC"}
                for i in range(5)
            ]
        )
        with freeze_time(TUESDAY_10AM):
            partners.write({"category_id": [Command.link(self.tag.id)]})
        self._run_to_first_email()
        logs = self.Log.search(
            [("step_id", "=", self.step.id), ("mail_id", "!=", False)]
        )
        self.assertEqual(len(logs), 6)
        runner = SequenceRunner(self.env)

        def queries(records):
            self.env.flush_all()
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            runner._add_links(records)
            self.env.flush_all()
            return self.env.cr.sql_log_count - before

        queries(logs[:1])  # caches warm
        self.assertEqual(queries(logs[:1]), queries(logs))
        for log in logs:
            self.assertIn(
                f"/helpdesk/sequence/open/{log.id}/{open_token(self.env, log.id)}.gif",
                log.mail_id.body_html,
            )

    def test_open_image_sets_opened_once(self):
        self.assertEqual(self.step.opened_count, 0)
        with freeze_time(TUESDAY_10AM + timedelta(days=2)):
            response = self.url_open(self._open_path())
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.headers["Content-Type"], "image/gif")
        self.assertTrue(response.content.startswith(b"GIF89a"))
        self.log.invalidate_recordset()
        first = self.log.opened_date
        self.assertTrue(first)
        self.step.invalidate_recordset()
        self.assertEqual(self.step.opened_count, 1)
        # opened again: the first time stays, the count too
        with freeze_time(TUESDAY_10AM + timedelta(days=3)):
            self.url_open(self._open_path())
        self.log.invalidate_recordset()
        self.assertEqual(self.log.opened_date, first)
        self.step.invalidate_recordset()
        self.assertEqual(self.step.opened_count, 1)

    def test_open_image_with_a_bad_token_changes_nothing(self):
        for path in (
            self._open_path(token="x" * 64),
            self._open_path(token=unsubscribe_token(self.env, self.log.id)),
            f"/helpdesk/sequence/open/999999999/{open_token(self.env, 999999999)}.gif",
        ):
            response = self.url_open(path)
            self.assertEqual(response.status_code, 200)
            self.assertEqual(response.headers["Content-Type"], "image/gif")
        self.log.invalidate_recordset()
        self.assertFalse(self.log.opened_date)
        self.step.invalidate_recordset()
        self.assertEqual(self.step.opened_count, 0)

    def test_unsubscribe(self):
        other_seq = self._sequence(name="Other seq")
        other = self._enrollments(self.customer, other_seq)
        self.assertEqual(other.state, "active")
        page = self.url_open(self._unsubscribe_path())
        self.assertEqual(page.status_code, 200)
        self.assertIn("Unsubscribe from follow-up messages", page.text)
        # the page only asks
        self.customer.invalidate_recordset()
        self.assertFalse(self.customer.hs_sequence_opt_out)
        self.assertEqual(self.enrollment.state, "active")
        csrf = re.search(r'name="csrf_token"\s+value="([^"]+)"', page.text).group(1)
        done = self.url_open(self._unsubscribe_path(), data={"csrf_token": csrf})
        self.assertEqual(done.status_code, 200)
        self.assertIn("o_hs_sequence_unsubscribed", done.text)
        self.customer.invalidate_recordset()
        (self.enrollment | other).invalidate_recordset()
        self.assertTrue(self.customer.hs_sequence_opt_out)
        self.assertEqual(self.enrollment.state, "stopped")
        self.assertEqual(self.enrollment.stop_reason, "unsubscribed")
        self.assertEqual(other.state, "stopped")
        self.assertEqual(other.stop_reason, "unsubscribed")
        # the link again: the page says it is done
        again = self.url_open(self._unsubscribe_path())
        self.assertIn("o_hs_sequence_unsubscribed", again.text)

    @mute_logger("odoo.http")
    def test_unsubscribe_with_a_bad_token_is_not_found(self):
        page = self.url_open(self._unsubscribe_path())
        csrf = re.search(r'name="csrf_token"\s+value="([^"]+)"', page.text).group(1)
        bad = [
            self._unsubscribe_path(token="x" * 64),
            self._unsubscribe_path(token=open_token(self.env, self.enrollment.id)),
            f"/helpdesk/sequence/unsubscribe/{self.enrollment.id + 1}/"
            f"{unsubscribe_token(self.env, self.enrollment.id)}",
            f"/helpdesk/sequence/unsubscribe/999999999/"
            f"{unsubscribe_token(self.env, 999999999)}",
        ]
        for path in bad:
            self.assertEqual(self.url_open(path).status_code, 404, path)
            response = self.url_open(path, data={"csrf_token": csrf})
            self.assertEqual(response.status_code, 404, path)
        # a POST without the CSRF token is refused too
        response = self.url_open(self._unsubscribe_path(), data={"x": "1"})
        self.assertEqual(response.status_code, 400)
        self.customer.invalidate_recordset()
        self.enrollment.invalidate_recordset()
        self.assertFalse(self.customer.hs_sequence_opt_out)
        self.assertEqual(self.enrollment.state, "active")
