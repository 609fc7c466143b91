from . import helpdesk_routing_sla_policy
from . import helpdesk_routing_ticket
from . import helpdesk_routing_team
from . import helpdesk_routing_stage
from . import helpdesk_routing_log
from . import res_partner
from . import helpdesk_customer_list
