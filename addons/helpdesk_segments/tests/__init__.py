from . import test_install
from . import test_ui
from . import test_tag_groups
from . import test_hidden_tags
from . import test_ui_tags
