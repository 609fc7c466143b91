from . import controllers
from . import models
from . import wizards
from .models.helpdesk_routing_team import ROUND_ROBIN_CODE


def uninstall_hook(env):
    # the teams' round robin counters, and their PostgreSQL sequences
    env["ir.sequence"].sudo().search([("code", "=", ROUND_ROBIN_CODE)]).unlink()
