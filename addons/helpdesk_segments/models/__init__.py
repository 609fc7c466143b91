from . import helpdesk_customer_list
from . import helpdesk_customer_list_member
from . import helpdesk_customer_list_history
from . import res_partner
