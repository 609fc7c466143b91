from . import helpdesk_customer_list_survey
