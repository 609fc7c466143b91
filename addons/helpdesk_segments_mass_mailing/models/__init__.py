from . import helpdesk_customer_list
