# Copyright 2026 Helpdesk Segments & Routing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestInstall(TransactionCase):
    def test_module_installed_with_its_dependencies(self):
        modules = self.env["ir.module.module"].search(
            [("name", "in", ("helpdesk_routing", "helpdesk_segments", "mail"))]
        )
        self.assertEqual(set(modules.mapped("state")), {"installed"})
        routing = modules.filtered(lambda m: m.name == "helpdesk_routing")
        self.assertEqual(routing.latest_version, "18.0.1.1.0")
        self.assertEqual(
            set(routing.dependencies_id.mapped("name")),
            {
                "helpdesk_segments",
                "mail",
                "base_automation",
                "portal",
                "rating",
                "resource",
            },
        )

    def test_only_community_dependencies(self):
        """Every module the addon pulls in is an Odoo Community module (LGPL-3)
        or one of ours: no Enterprise (OEEL-1) dependency."""
        routing = self.env["ir.module.module"].search(
            [("name", "=", "helpdesk_routing")]
        )
        seen, todo = set(), [routing]
        while todo:
            module = todo.pop()
            for dep in module.dependencies_id.depend_id:
                if dep.name not in seen:
                    seen.add(dep.name)
                    todo.append(dep)
                    self.assertNotEqual(dep.license, "OEEL-1", dep.name)
        self.assertIn("helpdesk_segments", seen)
