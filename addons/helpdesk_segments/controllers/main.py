# Copyright 2026 Helpdesk Segments & Routing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import http
from odoo.http import content_disposition, request


class HelpdeskCustomerListController(http.Controller):
    @http.route(
        "/helpdesk_segments/customer_list/<int:list_id>/export.csv",
        type="http",
        auth="user",
        methods=["GET"],
    )
    def export_customer_list(self, list_id, **kwargs):
        """The members of a list as CSV (UTF-8), with the list's columns.

        Access: the user must be able to read the list (record rules); the
        customers' values are read as the user too.
        """
        customer_list = request.env["helpdesk.customer.list"].browse(list_id).exists()
        if not customer_list:
            raise request.not_found()
        customer_list.check_access("read")
        filename = "%s.csv" % customer_list.name
        return request.make_response(
            customer_list._export_csv_content(),
            headers=[
                ("Content-Type", "text/csv;charset=utf-8"),
                ("Content-Disposition", content_disposition(filename)),
            ],
        )
