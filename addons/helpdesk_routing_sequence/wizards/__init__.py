from . import helpdesk_routing_sequence_enroll
