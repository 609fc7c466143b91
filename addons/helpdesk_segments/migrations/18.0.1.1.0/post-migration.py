# Copyright 2026 Helpdesk Segments & Routing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The customer profile page is shown (and its fields required) for customers
only: rewrite the generated partner views (noupdate) with the new arch."""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    env["helpdesk.customer.field"]._hs_regenerate_views()
