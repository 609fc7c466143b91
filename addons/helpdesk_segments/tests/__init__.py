from . import test_install
from . import test_ui
from . import test_customer_field_definition
from . import test_customer_field_values
from . import test_customer_field_rpc
from . import test_ui_customer_fields
