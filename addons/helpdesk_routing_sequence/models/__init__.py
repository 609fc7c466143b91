from . import helpdesk_routing_sequence
from . import helpdesk_routing_sequence_step
from . import helpdesk_routing_sequence_enrollment
from . import helpdesk_routing_sequence_log
from . import res_company
from . import res_config_settings
from . import res_partner
from . import helpdesk_routing_ticket
