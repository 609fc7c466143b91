from . import test_install
from . import test_ui
from . import test_customer_list_conditions
from . import test_customer_list_refresh
from . import test_customer_list_cron
from . import test_customer_list_access
from . import test_customer_list_actions
from . import test_ui_customer_lists
