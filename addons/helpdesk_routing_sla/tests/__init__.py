from . import test_sla_deadlines
from . import test_sla_policies
from . import test_sla_escalation
from . import test_sla_workers
from . import test_sla_report
from . import test_sla_rpc
from . import test_sla_demo
from . import test_ui_sla
