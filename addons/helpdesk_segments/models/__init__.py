from . import helpdesk_customer_group
from . import res_partner
