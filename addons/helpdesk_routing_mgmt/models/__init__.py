# Copyright 2026 Helpdesk Segments & Routing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from . import helpdesk_customer_list
from . import helpdesk_routing_log
from . import helpdesk_routing_rule
from . import helpdesk_ticket
from . import res_partner
