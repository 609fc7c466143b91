# Copyright 2026 Helpdesk Segments & Routing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Ticket references of our own: new tickets are numbered SUP00001... instead
of HT00001..., the prefix OCA's helpdesk_mgmt gives its tickets too. The
sequence record is noupdate: move it to the new prefix here, unless an
administrator already changed its prefix. Tickets keep the references they
have; the counter goes on (HT00041 is followed by SUP00042)."""

from odoo.tools import SQL


def migrate(cr, version):
    if not version:
        return
    cr.execute(
        SQL(
            """
            UPDATE ir_sequence s
               SET prefix = 'SUP', name = 'Support ticket'
              FROM ir_model_data d
             WHERE d.module = 'helpdesk_routing'
               AND d.name = 'seq_helpdesk_routing_ticket'
               AND d.model = 'ir.sequence'
               AND s.id = d.res_id
               AND s.prefix = 'HT'
            """
        )
    )
