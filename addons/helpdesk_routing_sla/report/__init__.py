from . import helpdesk_routing_sla_report
