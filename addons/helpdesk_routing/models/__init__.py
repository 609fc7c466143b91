from . import res_users
from . import helpdesk_routing_channel
from . import helpdesk_routing_tag
from . import helpdesk_routing_stage
from . import helpdesk_routing_team
from . import helpdesk_routing_view
from . import helpdesk_routing_ticket
