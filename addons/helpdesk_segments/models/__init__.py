from . import helpdesk_tag_group
from . import res_partner_category
from . import helpdesk_customer_group
from . import helpdesk_customer_field
from . import helpdesk_customer_field_option
from . import helpdesk_customer_field_template
from . import helpdesk_customer_field_template_line
from . import res_partner
