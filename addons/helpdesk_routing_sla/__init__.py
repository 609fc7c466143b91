from . import models
from . import report


def post_init_hook(env):
    # the open tickets filed before the addon was installed get their
    # service level (in batches; see _hs_sla_backfill)
    env["helpdesk.routing.ticket"]._hs_sla_backfill()
