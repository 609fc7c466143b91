# Copyright 2026 Helpdesk Segments & Routing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Service levels: which policy holds for a ticket (the routing engine's
evaluator), and its deadlines in working time."""

from .policies import PolicyEvaluator, SlaTicketAdapter
from .working_time import WorkingTime, WorkingTimes
from .sla import SlaEngine
