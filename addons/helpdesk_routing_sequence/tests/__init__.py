from . import test_sequence_start
from . import test_sequence_stop
from . import test_sequence_run
from . import test_sequence_access
from . import test_sequence_workers
from . import test_sequence_demo
from . import test_sequence_rpc
from . import test_sequence_links
