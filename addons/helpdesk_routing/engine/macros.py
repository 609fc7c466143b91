# Copyright 2026 Helpdesk Segments & Routing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""What a macro does to tickets, as a plan of steps: the preview shows the
steps' texts, the application runs the same steps, so a preview never
announces what the application does not do (nor the reverse).

The plan is built and run with the rights of the user applying the macro
(``tickets.env``): nothing here switches to the superuser. Texts are
explanation texts (``explain.py``), rendered for the reader: a tag the
reader may not see is never named.
"""

from dataclasses import dataclass, field
from datetime import timedelta

from odoo import Command, fields

from . import explain


@dataclass(slots=True)
class Step:
    """One thing the macro does: its text, and how it is done."""

    label: tuple  # explain.Text
    run: object = field(repr=False)  # callable(tickets) -> None


class MacroPlan:
    """The steps of ``macro`` for ``tickets`` (recordsets of the user)."""

    def __init__(self, macro, tickets):
        self.macro = macro
        self.tickets = tickets
        self.env = tickets.env
        self.hidden_tags = 0
        self.steps = self._steps()

    def _tags(self, field_name):
        """The tags of a tag field of the macro that the user may read (the
        tag models' record rules, see helpdesk_segments/tools/visibility.py);
        the others are counted, never named nor set."""
        tags = self.macro[field_name]
        visible = tags._filtered_access("read")
        self.hidden_tags += len(tags - visible)
        return visible

    # ------------------------------------------------------------------
    def _steps(self):
        steps = []
        values, labels = self._ticket_values()
        if values:
            steps.append(
                Step(
                    explain.join("; ", labels),
                    lambda tickets, values=values: tickets.write(values),
                )
            )
        steps += self._customer_tag_steps()
        steps += self._message_steps()
        activity = self._activity_step()
        if activity:
            steps.append(activity)
        return steps

    def _ticket_values(self):
        macro, env = self.macro, self.env
        _ = env._
        values, labels = {}, []
        if macro.team_id:
            values["team_id"] = macro.team_id.id
            labels.append(
                explain.compose(_("Team: %(team)s"), team=explain.Ref.of(macro.team_id))
            )
        if macro.assign == "me":
            values["user_id"] = env.user.id
            labels.append(explain.compose(_("Agent: %(agent)s"), agent=env.user.name))
        elif macro.assign == "user" and macro.assign_user_id:
            values["user_id"] = macro.assign_user_id.id
            labels.append(
                explain.compose(_("Agent: %(agent)s"), agent=macro.assign_user_id.name)
            )
        elif macro.assign == "unassign":
            values["user_id"] = False
            labels.append((_("Agent: none (back to the team's queue)"),))
        if macro.priority:
            values["priority"] = macro.priority
            priorities = dict(
                self.tickets._fields["priority"]._description_selection(env)
            )
            labels.append(
                explain.compose(
                    _("Priority: %(priority)s"),
                    priority=priorities.get(macro.priority, macro.priority),
                )
            )
        if macro.stage_id:
            values["stage_id"] = macro.stage_id.id
            labels.append(
                explain.compose(_("Stage: %(stage)s"), stage=macro.stage_id.name)
            )
        commands, tag_labels = self._tag_changes(
            "add_tag_ids",
            "remove_tag_ids",
            _("Add ticket tags: %(tags)s"),
            _("Remove ticket tags: %(tags)s"),
        )
        if commands:
            values["tag_ids"] = commands
        labels += tag_labels
        for line in macro.value_ids:
            values[line.field_id.name] = line._typed_value()
            labels.append(
                explain.compose(
                    _("%(field)s: %(value)s"),
                    field=line.field_id.field_description,
                    value=line._display_value(),
                )
            )
        return values, labels

    def _tag_changes(self, add_field, remove_field, add_label, remove_label):
        """The commands and the texts of a pair of fields of tags to add and
        to remove (the tags the user may read)."""
        add_tags, remove_tags = self._tags(add_field), self._tags(remove_field)
        commands = [Command.link(tag.id) for tag in add_tags] + [
            Command.unlink(tag.id) for tag in remove_tags
        ]
        labels = [
            explain.compose(label, tags=explain.Ref.of(tags))
            for label, tags in ((add_label, add_tags), (remove_label, remove_tags))
            if tags
        ]
        return commands, labels

    def _hidden_tags_note(self):
        """A macro made by a manager may name tags hidden from the agent
        applying it: the agent's rights do not let them set those, and the
        preview says so (without naming them)."""
        if not self.hidden_tags:
            return []
        return [
            Step(
                (
                    self.env._(
                        "Tags hidden from you are left as they are (a manager "
                        "applying this macro sets them)."
                    ),
                ),
                lambda tickets: None,
            )
        ]

    def _customer_tag_steps(self):
        _ = self.env._
        commands, labels = self._tag_changes(
            "add_partner_tag_ids",
            "remove_partner_tag_ids",
            _("Add customer tags: %(tags)s"),
            _("Remove customer tags: %(tags)s"),
        )
        if not commands:
            return self._hidden_tags_note()

        def run(tickets, commands=commands):
            tickets.partner_id.write({"category_id": commands})

        return [Step(explain.join("; ", labels), run)] + self._hidden_tags_note()

    def _message_steps(self):
        macro, _ = self.macro, self.env._
        steps = []
        if macro.template_id:
            template = macro.template_id

            def reply(tickets, template=template):
                # rendered per ticket, in its customer's language (the
                # template's own language setting), sent to the customer
                for ticket in tickets:
                    ticket.message_post_with_source(
                        template,
                        message_type="comment",
                        subtype_xmlid="mail.mt_comment",
                    )

            steps.append(
                Step(
                    explain.compose(
                        _("Reply to the customer with the template %(name)s"),
                        name=template.name,
                    ),
                    reply,
                )
            )
        if not macro._note_is_empty():
            note = macro.note

            def log_note(tickets, note=note):
                for ticket in tickets:
                    ticket.message_post(
                        body=note,
                        message_type="comment",
                        subtype_xmlid="mail.mt_note",
                    )

            steps.append(Step((_("Log an internal note"),), log_note))
        return steps

    def _activity_step(self):
        macro, env = self.macro, self.env
        if not macro.activity_type_id:
            return None
        _ = env._
        deadline = fields.Date.context_today(macro) + timedelta(
            days=macro.activity_days
        )

        def schedule(tickets):
            for ticket in tickets:
                user = (
                    ticket.user_id
                    if macro.activity_user == "agent" and ticket.user_id
                    else env.user
                )
                ticket.activity_schedule(
                    activity_type_id=macro.activity_type_id.id,
                    summary=macro.activity_summary or False,
                    date_deadline=deadline,
                    user_id=user.id,
                )

        who = (
            _("the ticket's agent (you when it has none)")
            if macro.activity_user == "agent"
            else _("you")
        )
        return Step(
            explain.compose(
                _("Schedule the activity %(activity)s for %(who)s, due %(date)s"),
                activity=macro.activity_summary or macro.activity_type_id.name,
                who=who,
                date=fields.Date.to_string(deadline),
            ),
            schedule,
        )

    # ------------------------------------------------------------------
    def texts(self):
        """The explanation texts of the steps, in order."""
        return [step.label for step in self.steps]

    def run(self):
        for step in self.steps:
            step.run(self.tickets)
