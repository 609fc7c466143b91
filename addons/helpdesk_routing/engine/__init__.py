# Copyright 2026 Helpdesk Segments & Routing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The routing engine: plain Python beside the models (see
docs/architecture.md). ``router.Router`` is the entry point."""

from . import explain
from .decisions import ConditionResult, Decision, Entry
from .router import Router
from .tickets import RoutingTicketAdapter, TicketAdapter, TicketBatch
