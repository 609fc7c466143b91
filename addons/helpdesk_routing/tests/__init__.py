from . import test_install
from . import test_ticket
from . import test_assignment
from . import test_email_intake
from . import test_saved_views
from . import test_access
from . import test_performance
from . import test_ui_tickets
