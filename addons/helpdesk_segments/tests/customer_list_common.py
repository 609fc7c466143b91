# Copyright 2026 Helpdesk Segments & Routing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from .common import HelpdeskSegmentsCase

# every test customer carries this reference, so that the lists of the tests
# ignore the demo customers
TEST_REF = "hs-list-test"


class CustomerListCase(HelpdeskSegmentsCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.List = cls.env["helpdesk.customer.list"]
        cls.Partner = cls.env["res.partner"]

    @classmethod
    def _partners(cls, vals_list):
        return cls.Partner.create([dict(vals, ref=TEST_REF) for vals in vals_list])

    @classmethod
    def _list(cls, domain, **vals):
        """A shared list over the test customers matching ``domain`` (text)."""
        inner = domain.strip()[1:-1].strip()
        full = f'[("ref", "=", "{TEST_REF}"){", " + inner if inner else ""}]'
        return cls.List.create(
            dict(
                {"name": "Test list", "sharing": "everyone", "domain": full},
                **vals,
            )
        )

    def _refresh(self, customer_list):
        customer_list._refresh_members()
        return customer_list.member_ids.partner_id
