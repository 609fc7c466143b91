# Copyright 2026 Helpdesk Segments & Routing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import Command

from .common import HelpdeskSegmentsCase

PATTERN = r"[A-Z]{2}-\d+"


def definitions_vals(env):
    """One customer field of every type (keys prefixed t_ to avoid the demo)."""
    tag = env["res.partner.category"].create({"name": "Test flag tag"})
    return [
        {"name": "Ref", "key": "t_ref", "field_type": "char", "pattern": PATTERN},
        {"name": "Notes", "key": "t_notes", "field_type": "text", "section": "Other"},
        {"name": "Seats", "key": "t_seats", "field_type": "integer"},
        {"name": "Budget", "key": "t_budget", "field_type": "float"},
        {"name": "Since", "key": "t_since", "field_type": "date"},
        {"name": "Last call", "key": "t_call", "field_type": "datetime"},
        {
            "name": "Level",
            "key": "t_level",
            "field_type": "selection",
            "applies_to": "person",
            "option_ids": [
                Command.create({"name": "Low", "sequence": 1}),
                Command.create({"name": "Very High", "sequence": 2}),
            ],
        },
        {
            "name": "Colors",
            "key": "t_colors",
            "field_type": "multiselect",
            "applies_to": "company",
            "option_ids": [
                Command.create({"name": "Red", "sequence": 1}),
                Command.create({"name": "Blue", "sequence": 2}),
            ],
        },
        {"name": "Flag", "key": "t_flag", "field_type": "checkbox", "tag_id": tag.id},
    ]


class CustomerFieldCase(HelpdeskSegmentsCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Definition = cls.env["helpdesk.customer.field"]
        cls.defs = cls.Definition.create(definitions_vals(cls.env))
        cls.by_key = {d.key: d for d in cls.defs}
        cls.flag_tag = cls.by_key["t_flag"].tag_id
        cls.red, cls.blue = cls.by_key["t_colors"].option_ids

    def setUp(self):
        # registered first, so it runs last: after the test's savepoint is
        # rolled back, reload the registry (the tests add/alter fields)
        self.addCleanup(self._reset_registry)
        super().setUp()

    def _reset_registry(self):
        self.registry.setup_models(self.env.cr)
        self.registry.clear_all_caches()
