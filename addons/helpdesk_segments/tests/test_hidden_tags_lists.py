# Copyright 2026 Helpdesk Segments & Routing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""A customer who carries ONLY a tag of a group hidden from agents looks, to
an agent, exactly like a customer without tags, through every path that
searches customers for the agent: searches (ids, names, negations, "has any
tag", paths, res.users), group-by, and the customer lists the agent owns
(members, counts, history, CSV export, mail composer). Managers still find
the customer."""

from odoo import Command
from odoo.tests import HttpCase, new_test_user, tagged

from .common import execute_kw
from .tag_common import TagGroupsCase

REF = "hs-hidden-lists"


def _searches(churn, group_risk):
    """Conditions an agent could try to single out the carriers of the hidden
    tag ``churn`` (group ``group_risk``) with."""
    return {
        "id in": [("category_id", "in", [churn])],
        "id =": [("category_id", "=", churn)],
        "mixed list": [("category_id", "in", [churn, False])],
        "id not in": [("category_id", "not in", [churn])],
        "id not in tuple": [("category_id", "not in", (churn,))],
        "id <>": [("category_id", "<>", churn)],
        "in False": [("category_id", "in", False)],
        "id !=": [("category_id", "!=", churn)],
        "not": ["!", ("category_id", "in", [churn])],
        "has any tag": [("category_id", "!=", False)],
        "has no tag": [("category_id", "=", False)],
        "not has no tag": ["!", ("category_id", "=", False)],
        "name": [("category_id.name", "=", "Test Churn")],
        "name ilike": [("category_id", "ilike", "Churn")],
        "name not ilike": [("category_id", "not ilike", "Churn")],
        "path id": [("category_id.id", "=", churn)],
        "path group": [("category_id.hs_tag_group_id", "=", group_risk)],
        "path any group": [("category_id.hs_tag_group_id", "!=", False)],
        "tag groups": [("hs_tag_group_ids", "=", group_risk)],
        "any tag group": [("hs_tag_group_ids", "!=", False)],
        "no tag group": [("hs_tag_group_ids", "=", False)],
        "child_of": [("category_id", "child_of", [churn])],
        "parent_of": [("category_id", "parent_of", [churn])],
        "any": [("category_id", "any", [("id", "=", churn)])],
        "not any": [("category_id", "not any", [])],
        "commercial partner": [("commercial_partner_id.category_id", "in", [churn])],
        "users' tags": [("user_ids.category_id", "in", [churn])],
    }


class HiddenTagsListsCase(TagGroupsCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        cls.secret_only = Partner.create(
            {
                "name": "HL secret only",
                "ref": REF,
                "email": "secret.only@example.com",
                "category_id": [Command.set(cls.tag_churn.ids)],
            }
        )
        cls.untagged = Partner.create(
            {"name": "HL untagged", "ref": REF, "email": "untagged@example.com"}
        )
        cls.visible_only = Partner.create(
            {
                "name": "HL visible only",
                "ref": REF,
                "email": "visible.only@example.com",
                "category_id": [Command.set(cls.tag_europe.ids)],
            }
        )
        cls.refs = cls.secret_only | cls.untagged | cls.visible_only

    def _list(self, user, domain, **vals):
        """A private list of ``user``, created and refreshed as them."""
        text = repr([("ref", "=", REF), *domain])
        customer_list = (
            self.env["helpdesk.customer.list"]
            .with_user(user)
            .create(dict({"name": f"HL {domain}", "domain": text}, **vals))
        )
        customer_list.action_refresh()
        return customer_list


class TestHiddenTagsSearches(HiddenTagsListsCase):
    def test_agent_cannot_single_out_by_any_condition(self):
        Partner = self.env["res.partner"].with_user(self.agent)
        for name, domain in _searches(self.tag_churn.id, self.group_risk.id).items():
            with self.subTest(condition=name):
                found = Partner.search([("id", "in", self.refs.ids), *domain])
                # the carrier of the hidden tag is found iff the customer
                # without tags is: they cannot be told apart
                self.assertEqual(
                    self.secret_only in found, self.untagged in found, domain
                )
                self.assertEqual(
                    Partner.search_count([("id", "in", self.refs.ids), *domain]),
                    len(found),
                )

    def test_manager_finds_the_carrier(self):
        Partner = self.env["res.partner"].with_user(self.manager)
        churn = self.tag_churn.id
        for domain in (
            [("category_id", "in", [churn])],
            [("category_id", "in", [churn, False])],
            [("category_id", "=", churn)],
            [("category_id.name", "=", "Test Churn")],
            [("hs_tag_group_ids", "=", self.group_risk.id)],
        ):
            with self.subTest(domain=domain):
                self.assertEqual(
                    Partner.search([("id", "in", self.refs.ids), *domain]),
                    self.secret_only,
                )
        self.assertEqual(
            Partner.search([("id", "in", self.refs.ids), ("category_id", "=", False)]),
            self.untagged,
        )
        self.assertEqual(
            Partner.search(
                [("id", "in", self.refs.ids), ("category_id", "not in", [churn])]
            ),
            self.untagged | self.visible_only,
        )

    def test_difference_of_two_counts(self):
        Partner = self.env["res.partner"].with_user(self.agent)
        base = [("id", "in", self.refs.ids)]
        self.assertEqual(
            Partner.search_count(base),
            Partner.search_count(
                [*base, ("category_id", "not in", self.tag_churn.ids)]
            ),
        )
        self.assertEqual(
            Partner.search_count([*base, ("category_id", "!=", False)])
            + Partner.search_count([*base, ("category_id", "=", False)]),
            3,
        )
        self.assertEqual(Partner.search_count([*base, ("category_id", "!=", False)]), 1)

    def test_group_by_tag(self):
        """read_group joins the rule-filtered tags (Odoo 18): the carrier of
        the hidden tag is in the 'no tag' group, with the untagged one."""
        groups = (
            self.env["res.partner"]
            .with_user(self.agent)
            ._read_group(
                [("id", "in", self.refs.ids)], ["category_id"], ["id:array_agg"]
            )
        )
        by_tag = {tag.id: set(ids) for tag, ids in groups}
        self.assertEqual(
            by_tag,
            {
                False: {self.secret_only.id, self.untagged.id},
                self.tag_europe.id: {self.visible_only.id},
            },
        )

    def test_users_by_their_partner_tags(self):
        """res.users inherits the partner's tags (compiled on the partner table
        without the partner's ``_search``): rewritten too."""
        carrier = new_test_user(self.env, login="hl_carrier", groups="base.group_user")
        carrier.partner_id.category_id = self.tag_churn
        plain = new_test_user(self.env, login="hl_plain", groups="base.group_user")
        users = carrier | plain
        Users = self.env["res.users"].with_user(self.agent)
        churn = self.tag_churn.id
        for domain in (
            [("category_id", "in", [churn])],
            [("partner_id.category_id", "in", [churn])],
            [("category_id", "!=", False)],
            [("category_id", "=", False)],
            [("category_id", "not in", [churn])],
        ):
            with self.subTest(domain=domain):
                found = Users.search([("id", "in", users.ids), *domain])
                self.assertEqual(carrier in found, plain in found, domain)
        self.assertEqual(
            self.env["res.users"]
            .with_user(self.manager)
            .search([("id", "in", users.ids), ("category_id", "in", [churn])]),
            carrier,
        )

    def test_domain_editor_count(self):
        """The domain editor counts records with search_count as the user."""
        Partner = self.env["res.partner"].with_user(self.agent)
        self.assertEqual(
            Partner.search_count(
                [("ref", "=", REF), ("category_id", "in", self.tag_churn.ids)]
            ),
            0,
        )

    def test_export_data(self):
        exported = (
            self.env["res.partner"]
            .with_user(self.agent)
            .search([("id", "in", self.refs.ids), ("category_id", "!=", False)])
            .export_data(["name", "category_id/name"])
        )
        self.assertEqual(exported["datas"], [["HL visible only", "Test Europe"]])


class TestHiddenTagsCustomerLists(HiddenTagsListsCase):
    def test_agent_list_by_hidden_tag_has_no_member(self):
        churn = self.tag_churn.id
        for name, domain in _searches(churn, self.group_risk.id).items():
            if name == "users' tags":
                continue
            with self.subTest(condition=name):
                customer_list = self._list(self.agent, domain)
                members = customer_list.member_ids.partner_id
                self.assertEqual(
                    self.secret_only in members, self.untagged in members, domain
                )
                self.assertEqual(customer_list.member_count, len(members))

    def test_agent_list_members_count_history(self):
        customer_list = self._list(
            self.agent, [("category_id", "in", [self.tag_churn.id])]
        )
        self.assertEqual(customer_list.state, "ok")
        self.assertEqual(customer_list.member_count, 0)
        self.assertFalse(customer_list.member_ids)
        self.assertFalse(customer_list.history_ids)
        # the size a refresh would have (large lists go to the background)
        draft = (
            self.env["helpdesk.customer.list"]
            .with_user(self.agent)
            .create(
                {
                    "name": "HL draft",
                    "domain": repr(
                        [("ref", "=", REF), ("category_id.name", "=", "Test Churn")]
                    ),
                }
            )
        )
        self.assertEqual(draft._count_wanted_members(), 0)
        # the cron (superuser) evaluates it with the owner's rights too
        draft.sudo()._refresh_members()
        self.assertEqual(draft.member_count, 0)
        has_tag = self._list(self.agent, [("category_id", "!=", False)])
        self.assertEqual(has_tag.member_ids.partner_id, self.visible_only)

    def test_agent_difference_of_two_lists(self):
        everyone = self._list(self.agent, [])
        without = self._list(
            self.agent, [("category_id", "not in", [self.tag_churn.id])]
        )
        self.assertEqual(everyone.member_count, 3)
        self.assertEqual(without.member_count, everyone.member_count)
        tagged_ = self._list(self.agent, [("category_id", "!=", False)])
        untagged = self._list(self.agent, [("category_id", "=", False)])
        self.assertEqual(
            untagged.member_ids.partner_id, self.secret_only | self.untagged
        )
        self.assertEqual(tagged_.member_count + untagged.member_count, 3)

    def test_manager_list_finds_the_carrier(self):
        customer_list = self._list(
            self.manager, [("category_id", "in", [self.tag_churn.id])]
        )
        self.assertEqual(customer_list.member_ids.partner_id, self.secret_only)
        self.assertEqual(customer_list.member_count, 1)
        self.assertEqual(customer_list.history_ids.partner_id, self.secret_only)
        # whoever refreshes it: the manager's rights (its owner)
        customer_list.sudo()._refresh_members()
        self.assertEqual(customer_list.member_count, 1)

    def test_shared_list_of_a_manager_uses_the_manager_rights(self):
        """Documented: a manager who shares a list shares what they see."""
        shared = self._list(
            self.manager,
            [("category_id", "in", [self.tag_churn.id])],
            sharing="everyone",
        )
        self.assertEqual(shared.with_user(self.agent).member_count, 1)

    def test_agent_cannot_use_a_list_they_cannot_read(self):
        """Including or excluding a manager's private list (with a hidden-tag
        condition) would reveal its members by the difference of two counts:
        such a list cannot be used."""
        secret = self._list(self.manager, [("category_id", "in", [self.tag_churn.id])])
        self.assertEqual(secret.member_count, 1)
        for field in ("exclude_list_ids", "include_list_ids"):
            with self.subTest(field=field):
                mine = self._list(self.agent, [], **{field: [Command.set(secret.ids)]})
                self.assertEqual(mine.state, "error")
                self.assertFalse(mine.member_ids)
                self.assertIn("cannot see", mine.error_message)
                self.assertEqual(mine._count_wanted_members(), 0)

    def test_csv_export_and_mail_composer(self):
        customer_list = self._list(
            self.agent, [("category_id", "not in", [self.tag_churn.id])]
        )
        content = customer_list._export_csv_content().decode()
        self.assertIn("HL secret only", content)  # as a customer without tags
        self.assertEqual(content.count("HL "), 3)
        action = self._list(
            self.agent, [("category_id", "in", [self.tag_churn.id, self.tag_europe.id])]
        ).action_send_email()
        self.assertEqual(action["context"]["default_res_ids"], self.visible_only.ids)

    def test_partner_lists_and_members_view(self):
        secret = self._list(self.manager, [("category_id", "in", [self.tag_churn.id])])
        partner = self.secret_only.with_user(self.agent)
        self.assertNotIn(secret, partner.hs_customer_list_ids)
        self.assertFalse(
            self.env["res.partner"]
            .with_user(self.agent)
            .search([("hs_customer_list_ids", "in", secret.ids)])
        )
        mine = self._list(self.agent, [("category_id", "=", False)])
        members = (
            self.env["res.partner"]
            .with_user(self.agent)
            ._read_group(
                mine.action_view_members()["domain"], ["category_id"], ["__count"]
            )
        )
        self.assertEqual(members, [(self.env["res.partner.category"], 2)])

    def test_other_company_customers(self):
        company_b = self.env["res.company"].create({"name": "HL Company B"})
        self.env["res.partner"].create(
            {"name": "HL customer of B", "ref": REF, "company_id": company_b.id}
        )
        mine = self._list(self.agent, [], company_id=False)
        self.assertEqual(mine.member_ids.partner_id, self.refs)
        self.manager.company_ids |= company_b
        managers = self._list(self.manager, [], company_id=False)
        self.assertEqual(managers.member_count, 4)
        # a shared list of every company: a reader of company A exports and
        # mails only the customers they may read
        managers.sharing = "everyone"
        self.assertEqual(
            managers.with_user(self.agent)._member_partner_ids(), sorted(self.refs.ids)
        )


@tagged("post_install", "-at_install")
class TestHiddenTagsListsJsonRpc(HttpCase):
    """The same over JSON-RPC (execute_kw as the agent, the CSV URL)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.agent = new_test_user(
            env,
            login="hl_rpc_agent",
            password="hl_rpc_agent_pw",
            groups="helpdesk_segments.group_helpdesk_agent",
        )
        group = env["helpdesk.tag.group"].create(
            {"name": "HL RPC secret", "hidden_from_agents": True}
        )
        cls.secret_tag = env["res.partner.category"].create(
            {"name": "HL RPC secret tag", "hs_tag_group_id": group.id}
        )
        Partner = env["res.partner"]
        cls.carrier = Partner.create(
            {
                "name": "HL RPC carrier",
                "ref": REF,
                "category_id": [Command.set(cls.secret_tag.ids)],
            }
        )
        cls.plain = Partner.create({"name": "HL RPC plain", "ref": REF})

    def _rpc(self, model, method, *args, **kwargs):
        return execute_kw(
            self, self.agent, "hl_rpc_agent_pw", model, method, *args, **kwargs
        )

    def test_rpc(self):
        tag = self.secret_tag.id
        base = [("ref", "=", REF)]
        counts = {
            name: self._rpc("res.partner", "search_count", [*base, *domain])
            for name, domain in {
                "all": [],
                "id": [("category_id", "in", [tag])],
                "mixed": [("category_id", "in", [tag, False])],
                "not in": [("category_id", "not in", [tag])],
                "has tag": [("category_id", "!=", False)],
                "no tag": [("category_id", "=", False)],
                "name": [("category_id.name", "=", "HL RPC secret tag")],
            }.items()
        }
        self.assertEqual(
            counts,
            {
                "all": 2,
                "id": 0,
                "mixed": 0,
                "not in": 2,
                "has tag": 0,
                "no tag": 2,
                "name": 0,
            },
        )
        groups = self._rpc(
            "res.partner",
            "read_group",
            base,
            ["category_id"],
            ["category_id"],
            lazy=False,
        )
        self.assertEqual(
            [(g["category_id"], g["__count"]) for g in groups], [(False, 2)]
        )
        self.assertNotIn("HL RPC secret", repr(groups))
        list_id = self._rpc(
            "helpdesk.customer.list",
            "create",
            {
                "name": "HL RPC list",
                "domain": repr([*base, ("category_id", "in", [tag])]),
            },
        )
        self._rpc("helpdesk.customer.list", "action_refresh", [list_id])
        [values] = self._rpc(
            "helpdesk.customer.list", "read", [list_id], ["member_count", "state"]
        )
        self.assertEqual((values["state"], values["member_count"]), ("ok", 0))
        everyone = self._rpc(
            "helpdesk.customer.list",
            "create",
            {"name": "HL RPC everyone", "domain": repr(base)},
        )
        self._rpc("helpdesk.customer.list", "action_refresh", [everyone])
        self.authenticate("hl_rpc_agent", "hl_rpc_agent_pw")
        for customer_list, expected in (
            (list_id, []),
            (everyone, ["HL RPC carrier", "HL RPC plain"]),
        ):
            response = self.url_open(
                f"/helpdesk_segments/customer_list/{customer_list}/export.csv"
            )
            self.assertEqual(response.status_code, 200)
            names = [
                line.split(",")[0].strip('"')
                for line in response.content.decode().splitlines()[1:]
            ]
            self.assertEqual(sorted(names), expected)
        # the manager's view of the same customers
        self.assertEqual(
            self.env["res.partner"].search_count([*base, ("category_id", "in", [tag])]),
            1,
        )
