from . import helpdesk_tag_group
from . import res_partner_category
from . import helpdesk_customer_group
from . import res_partner
