from . import controllers
from . import models
from . import tools


def post_init_hook(env):
    env["helpdesk.customer.field"]._hs_regenerate_views()


def uninstall_hook(env):
    env["helpdesk.customer.field"]._hs_remove_all_fields()
