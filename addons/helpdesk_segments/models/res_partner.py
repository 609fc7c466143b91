# Copyright 2026 Helpdesk Segments & Routing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import re

from odoo import Command, _, api, models
from odoo.exceptions import ValidationError


class ResPartner(models.Model):
    _inherit = "res.partner"

    # --- customer fields (helpdesk.customer.field) ---------------------
    @api.model_create_multi
    def create(self, vals_list):
        return super().create(self._hs_profile_prepare_vals(vals_list))

    def write(self, vals):
        [vals] = self._hs_profile_prepare_vals([vals])
        return super().write(vals)

    @api.model
    def _hs_profile_prepare_vals(self, vals_list):
        """Check text patterns and turn checkbox values into tag commands.

        Pure Python on the values: no query per customer (the configuration
        is cached), so bulk imports stay fast.
        """
        checkboxes, patterns = self.env["helpdesk.customer.field"]._hs_partner_config()
        if not checkboxes and not patterns:
            return vals_list
        result = []
        for vals in vals_list:
            for fname, label, pattern in patterns:
                value = vals.get(fname)
                if value and not re.fullmatch(pattern, value):
                    raise ValidationError(
                        _(
                            "“%(value)s” is not a valid value for %(field)s "
                            "(expected format: %(pattern)s).",
                            value=value,
                            field=label,
                            pattern=pattern,
                        )
                    )
            if any(fname in vals for fname, _tag in checkboxes):
                vals = dict(vals)
                commands = list(vals.get("category_id") or [])
                if commands and all(isinstance(c, int) for c in commands):
                    commands = [Command.set(commands)]
                for fname, tag_id in checkboxes:
                    if fname in vals:
                        ticked = vals.pop(fname)
                        commands.append(
                            Command.link(tag_id) if ticked else Command.unlink(tag_id)
                        )
                vals["category_id"] = commands
            result.append(vals)
        return result
