from . import helpdesk_routing_rating_policy
from . import helpdesk_routing_ticket
from . import survey_user_input
