from . import helpdesk_routing_rule_preview
from . import helpdesk_routing_ticket_test
