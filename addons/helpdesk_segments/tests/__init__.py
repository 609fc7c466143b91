from . import test_install
from . import test_ui
from . import test_customer_group
from . import test_customer_approval
from . import test_ui_customer_approval
from . import test_customer_views
