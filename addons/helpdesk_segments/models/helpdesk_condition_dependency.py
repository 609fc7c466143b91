# Copyright 2026 Helpdesk Segments & Routing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from dataclasses import dataclass

from odoo import api, models

from ..tools import conditions

# dependents listed by name in a "Used by" notice or a message
MAX_LISTED = 20


@dataclass(frozen=True)
class ConditionHolder:
    """A field holding a condition: ``model``'s ``field`` holds a domain on
    ``on_model``."""

    model: str
    field: str
    on_model: str


@dataclass(frozen=True)
class Dependent:
    """A record whose conditions use something: ``label`` says which and
    where ("Helpdesk Routing Rule “Churn” (Customer filter)"); ``breaks``:
    whether it stops working as written when that thing is deleted (a
    filter on a deleted field, a condition on a deleted tag), or only loses
    something it does (a tag it adds)."""

    record: models.BaseModel
    label: str
    breaks: bool = True


class HelpdeskConditionDependency(models.AbstractModel):
    """What conditions depend on: before a customer field, list, tag,
    event type, team or saved view is deleted or archived, the records
    whose conditions use it are listed (``used_by`` notices on the forms);
    when it is deleted, those that would break are deactivated or flagged
    with the reason (:meth:`_break`).

    Extension points: :meth:`_condition_holders` (the fields holding a
    domain), :meth:`_relational_dependents` (conditions made of records, not
    domains) and, on each holder model, ``_hs_condition_broken(reason)``.
    """

    _name = "helpdesk.condition.dependency"
    _description = "Helpdesk: what conditions depend on"

    @api.model
    def _condition_holders(self):
        return [ConditionHolder("helpdesk.customer.list", "domain", "res.partner")]

    @api.model
    def _relational_dependents(self, model_name, ids):
        """Dependents using the records ``ids`` of ``model_name`` otherwise
        than in a domain (included/excluded lists...)."""
        if model_name != "helpdesk.customer.list":
            return []
        # every list is looked at, whoever deletes: a list the user cannot
        # see may still include this one (only its name is shown)
        Lists = self.env["helpdesk.customer.list"].sudo()
        using = Lists.search(
            [
                "|",
                ("include_list_ids", "in", list(ids)),
                ("exclude_list_ids", "in", list(ids)),
                ("id", "not in", list(ids)),
            ]
        )
        return [
            Dependent(lst, self._label(lst, lst._fields["include_list_ids"]))
            for lst in using
        ]

    @api.model
    def _label(self, record, field):
        return self.env._(
            "%(kind)s “%(name)s” (%(what)s)",
            kind=self.env["ir.model"]._get(record._name).name,
            name=record.display_name,
            what=field._description_string(self.env),
        )

    @api.model
    def _dependents(self, model_name, field_names=(), ids=()):
        """The active records whose conditions use the fields
        ``field_names`` of ``model_name`` (in any path) or its records
        ``ids``, as :class:`Dependent` (one per record and field)."""
        found = []
        field_names, ids = list(field_names), list(ids)
        for holder in self._condition_holders():
            # as superuser: a rule, list or view the user cannot read still
            # breaks (only its name is shown to the user)
            records = (
                self.env[holder.model]
                .sudo()
                .search([(holder.field, "not in", (False, "", "[]"))])
            )
            for record in records:
                try:
                    domain = conditions.parse(self.env, record[holder.field])
                except conditions.ConditionError:
                    continue
                use = conditions.usage(self.env, holder.on_model, domain)
                if (field_names and use.uses_field(model_name, field_names)) or (
                    ids and use.uses_records(model_name, ids)
                ):
                    found.append(
                        Dependent(
                            record, self._label(record, record._fields[holder.field])
                        )
                    )
        if ids:
            found += self._relational_dependents(model_name, ids)
        return found

    @api.model
    def _describe(self, dependents):
        """The dependents as lines of text (at most MAX_LISTED named); those
        the user may not read are counted, not named."""
        lines = []
        for dependent in dependents[:MAX_LISTED]:
            record = dependent.record.with_env(self.env)
            if self.env.su or record.has_access("read"):
                lines.append(f"• {dependent.label}")
            else:
                lines.append(
                    "• "
                    + self.env._(
                        "%(kind)s not visible to you",
                        kind=self.env["ir.model"]._get(record._name).name,
                    )
                )
        if len(dependents) > MAX_LISTED:
            lines.append(
                self.env._("and %(count)s more", count=len(dependents) - MAX_LISTED)
            )
        return "\n".join(lines)

    @api.model
    def _used_by(self, model_name, records_field_names):
        """{record id: "Used by" text} for the ``used_by`` notices, e.g.
        ``_used_by("res.partner", {field.id: ["x_hs_churn_risk"]})``
        (field names) or ``_used_by("helpdesk.customer.list", {lst.id:
        None})`` (the records themselves)."""
        result = {}
        for record_id, field_names in records_field_names.items():
            if field_names is None:
                dependents = self._dependents(model_name, ids=[record_id])
            else:
                dependents = self._dependents(model_name, field_names=field_names)
            result[record_id] = self._describe(dependents) if dependents else False
        return result

    @api.model
    def _things_label(self, records):
        kind = self.env["ir.model"]._get(records._name).name
        return ", ".join(
            self.env._("%(kind)s “%(name)s”", kind=kind, name=name)
            for name in records.mapped("display_name")
        )

    @api.model
    def _break(self, dependents, things, reason=None):
        """Deactivate or flag the dependents that break, because ``things``
        (a recordset about to be deleted) go: each holder model says how
        (``_hs_condition_broken``), with ``reason`` (default: "X, which its
        conditions use, was deleted."). Returns the text of what was done.

        As superuser: whoever deletes (an agent deleting a private list a
        manager's rule uses), what would break is deactivated or flagged."""
        breaking = [dependent for dependent in dependents if dependent.breaks]
        if not breaking:
            return ""
        reason = reason or self.env._(
            "%(things)s, which its conditions use, was deleted.",
            things=self._things_label(things),
        )
        by_model = {}
        for dependent in breaking:
            record = dependent.record.sudo()
            by_model[record._name] = (
                by_model.get(record._name, record.browse()) | record
            )
        for records in by_model.values():
            records._hs_condition_broken(reason)
        return self._describe(breaking)
