# Copyright 2026 Helpdesk Segments & Routing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import keyword
import re

from lxml import etree
from lxml.builder import E

from odoo import _, api, fields, models, tools
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL
from odoo.tools.sql import column_exists, index_exists, make_index_name

# List views of res.partner that get the profile fields as optional columns.
# Missing xml ids (e.g. views of features not installed) are skipped.
PROFILE_LIST_VIEW_XMLIDS = (
    "base.view_partner_tree",
    "helpdesk_segments.res_partner_view_list_helpdesk_customer",
)
FORM_VIEW_XMLID = "helpdesk_segments.res_partner_view_form_profile"
SEARCH_VIEW_XMLID = "helpdesk_segments.res_partner_view_search_profile"
LIST_VIEW_XMLID_PREFIX = "res_partner_view_list_profile_"

FIELD_PREFIX = "x_hs_"
KEY_RE = re.compile(r"^[a-z][a-z0-9_]*$")
KEY_MAX_LEN = 40
SQL_RESERVED = {
    "all", "and", "any", "array", "as", "asc", "between", "by", "case", "cast",
    "check", "column", "constraint", "create", "cross", "default", "delete", "desc",
    "distinct", "do", "drop", "else", "end", "except", "exists", "false", "fetch",
    "for", "foreign", "from", "full", "grant", "group", "having", "in", "index",
    "inner", "insert", "intersect", "into", "is", "join", "left", "like", "limit",
    "not", "null", "offset", "on", "or", "order", "outer", "primary", "references",
    "right", "select", "set", "some", "table", "then", "to", "true", "union",
    "unique", "update", "user", "using", "values", "when", "where", "with",
}  # fmt: skip

# customer field type -> ir.model.fields ttype
TTYPES = {
    "char": "char",
    "text": "text",
    "integer": "integer",
    "float": "float",
    "date": "date",
    "datetime": "datetime",
    "selection": "selection",
    "multiselect": "many2many",
    "checkbox": "boolean",
}
# type changes that keep every value, with the PostgreSQL type to cast to
LOSSLESS_CASTS = {
    ("integer", "float"): "float8",
    ("integer", "char"): "varchar",
    ("integer", "text"): "text",
    ("float", "char"): "varchar",
    ("float", "text"): "text",
    ("char", "text"): "text",
    ("text", "char"): "varchar",
    ("date", "datetime"): "timestamp",
    ("date", "char"): "varchar",
    ("date", "text"): "text",
    ("datetime", "char"): "varchar",
    ("datetime", "text"): "text",
    ("selection", "char"): "varchar",
    ("selection", "text"): "text",
}
NOT_INDEXED = ("char", "text", "multiselect")


class HelpdeskCustomerField(models.Model):
    _name = "helpdesk.customer.field"
    _inherit = ["helpdesk.input.mixin"]
    _description = "Customer Field"
    _order = "sequence, id"

    name = fields.Char(string="Label", required=True)
    key = fields.Char(
        required=True,
        help="Technical key: the field is stored on customers as x_hs_<key>.",
    )
    field_name = fields.Char(compute="_compute_field_name", store=True)
    field_type = fields.Selection(
        [
            ("char", "Single-line text"),
            ("text", "Multi-line text"),
            ("integer", "Whole number"),
            ("float", "Decimal"),
            ("date", "Date"),
            ("datetime", "Date and time"),
            ("selection", "Dropdown"),
            ("multiselect", "Multi-select"),
            ("checkbox", "Checkbox with a tag"),
        ],
        string="Type",
        required=True,
        default="char",
    )
    applies_to = fields.Selection(
        [("person", "People"), ("company", "Organizations"), ("both", "Both")],
        required=True,
        default="both",
    )
    section = fields.Char(default="General", required=True)
    help_text = fields.Text()
    required = fields.Boolean()
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    pattern = fields.Char(
        string="Validation pattern",
        help="Regular expression that single-line text values must fully match.",
    )
    option_ids = fields.One2many(
        "helpdesk.customer.field.option", "definition_id", string="Options"
    )
    tag_id = fields.Many2one(
        "res.partner.category",
        string="Tag",
        ondelete="restrict",
        help="Ticking the checkbox adds this tag to the customer, unticking "
        "removes it.",
    )
    ir_field_id = fields.Many2one(
        "ir.model.fields", string="Technical field", readonly=True, ondelete="set null"
    )
    value_count = fields.Integer(
        string="Customers with a value", compute="_compute_value_count"
    )
    used_by = fields.Text(
        compute="_compute_used_by",
        help="The conditions using this field: deleting it deactivates the "
        "routing rules and flags the lists and views among them.",
    )

    @api.depends("key")
    def _compute_field_name(self):
        for record in self:
            record.field_name = FIELD_PREFIX + record.key if record.key else False

    def _compute_value_count(self):
        for record in self:
            record.value_count = record._hs_value_count()

    @api.depends("key")
    @api.depends_context("uid")
    def _compute_used_by(self):
        used_by = self.env["helpdesk.condition.dependency"]._used_by(
            "res.partner",
            {record.id: [record.field_name] for record in self if record.id},
        )
        for record in self:
            record.used_by = used_by.get(record.id, False)

    def _hs_dependents(self):
        """The conditions using these fields (see
        ``helpdesk.condition.dependency``)."""
        return self.env["helpdesk.condition.dependency"]._dependents(
            "res.partner", field_names=self.filtered("key").mapped("field_name")
        )

    # ------------------------------------------------------------------
    # Validation
    # ------------------------------------------------------------------
    @api.constrains("key")
    def _check_key(self):
        partner_fields = self.env["res.partner"]._fields
        for record in self:
            key = record.key or ""
            if not KEY_RE.match(key) or len(key) > KEY_MAX_LEN:
                raise ValidationError(
                    _(
                        "The key %(key)s is invalid: use lowercase letters, digits "
                        "and underscores, starting with a letter (at most %(max)s "
                        "characters).",
                        key=key,
                        max=KEY_MAX_LEN,
                    )
                )
            if keyword.iskeyword(key) or key in SQL_RESERVED:
                raise ValidationError(_("The key %(key)s is a reserved word.", key=key))
            duplicate = (
                self.with_context(active_test=False)
                .sudo()
                .search_count([("key", "=", key), ("id", "!=", record.id)])
            )
            if duplicate:
                raise ValidationError(
                    _("Another customer field already uses the key %(key)s.", key=key)
                )
            owned = record.ir_field_id.name
            if FIELD_PREFIX + key in partner_fields and FIELD_PREFIX + key != owned:
                raise ValidationError(
                    _(
                        "The key %(key)s collides with an existing customer field.",
                        key=key,
                    )
                )

    @api.constrains("pattern", "field_type")
    def _check_pattern(self):
        for record in self.filtered("pattern"):
            try:
                re.compile(record.pattern)
            except re.error as error:
                raise ValidationError(
                    _(
                        "The validation pattern of %(field)s is not a valid regular "
                        "expression: %(error)s",
                        field=record.name,
                        error=str(error),
                    )
                ) from error

    @api.constrains("field_type", "option_ids", "tag_id")
    def _check_type_settings(self):
        for record in self:
            if record.field_type in ("selection", "multiselect") and not (
                record.option_ids
            ):
                raise ValidationError(
                    _(
                        "The field %(field)s needs at least one option.",
                        field=record.name,
                    )
                )
            if record.field_type == "checkbox" and not record.tag_id:
                raise ValidationError(
                    _(
                        "The checkbox %(field)s needs a tag to add to the customers.",
                        field=record.name,
                    )
                )

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        vals_list = self._hs_check_input_vals(vals_list, operation="create")
        records = super().create(vals_list)
        # access to the definitions is checked: the technical records are
        # maintained as superuser
        records.sudo()._hs_create_ir_fields()
        self.sudo()._hs_regenerate_views()
        return records

    def write(self, vals):
        self._hs_check_input_vals([vals], operation="write")
        structural = {"key", "field_type", "tag_id"} & set(vals)
        before = {
            record.id: (record.key, record.field_type, record.tag_id.id)
            for record in self
        }
        if "field_type" in vals:
            for record in self:
                record._hs_check_type_change(vals["field_type"])
        renamed = self.filtered(
            lambda record: "key" in vals and record.key and record.key != vals["key"]
        )
        # conditions naming the old technical name stop working: found now,
        # deactivated or flagged once renamed
        dependents = {record: record._hs_dependents() for record in renamed}
        if structural:
            # generated views must not reference a field being renamed/retyped
            self.sudo()._hs_clear_views()
        res = super().write(vals)
        for record in self.sudo().filtered("ir_field_id"):
            old_key, old_type, old_tag = before[record.id]
            if record.field_type != old_type:
                record._hs_change_type(old_type)
            else:
                record._hs_update_ir_field(old_key, old_tag)
        if set(vals) - {"option_ids"}:
            self.sudo()._hs_regenerate_views()
        Dependency = self.env["helpdesk.condition.dependency"]
        for record, found in dependents.items():
            Dependency._break(
                found,
                record,
                reason=_(
                    "The customer field %(field)s, which its conditions use, was "
                    "renamed: it is now %(name)s.",
                    field=record.name,
                    name=record.field_name,
                ),
            )
        return res

    @api.ondelete(at_uninstall=False)
    def _unlink_except_values(self):
        if self.env.context.get("hs_delete_with_data"):
            return
        for record in self:
            count = record._hs_value_count()
            if count:
                raise UserError(
                    _(
                        "%(count)s customers have a value in %(field)s. Use "
                        "“Delete with data” to delete the field and its values.",
                        count=count,
                        field=record.name,
                    )
                )

    @api.ondelete(at_uninstall=False)
    def _unlink_flag_dependents(self):
        """The rules, lists and views whose conditions use the fields are
        deactivated or flagged while the fields still exist (after
        ``_unlink_except_values``: a refused deletion changes nothing)."""
        self.env["helpdesk.condition.dependency"]._break(self._hs_dependents(), self)

    def unlink(self):
        ir_fields = self.sudo().ir_field_id
        res = super().unlink()
        # the views no longer show the deleted fields: they can be dropped
        self.sudo()._hs_regenerate_views()
        if ir_fields:
            ir_fields.unlink()
        self.env.registry.clear_cache()
        return res

    def action_unlink_with_data(self):
        Dependency = self.env["helpdesk.condition.dependency"]
        broken = Dependency._describe(
            [dependent for dependent in self._hs_dependents() if dependent.breaks]
        )
        self.with_context(hs_delete_with_data=True).unlink()
        action = {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "name": _("Customer Fields"),
            "view_mode": "list,form",
            "views": [(False, "list"), (False, "form")],
            "target": "main",
        }
        if not broken:
            return action
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "title": _("Deactivated or flagged"),
                "message": _(
                    "These conditions used the deleted field and no longer work "
                    "as written:\n%(dependents)s",
                    dependents=broken,
                ),
                "type": "warning",
                "sticky": True,
                "next": action,
            },
        }

    # ------------------------------------------------------------------
    # Technical field management
    # ------------------------------------------------------------------
    def _hs_value_count(self):
        """Number of customers holding a value in this field."""
        self.ensure_one()
        field = self.sudo().ir_field_id
        partner = self.env["res.partner"]
        if not field or field.name not in partner._fields:
            return 0
        self.env.flush_all()
        if field.ttype == "many2many":
            query = SQL(
                "SELECT COUNT(DISTINCT %s) FROM %s",
                SQL.identifier(partner._fields[field.name].column1),
                SQL.identifier(partner._fields[field.name].relation),
            )
        elif field.ttype == "boolean":
            query = SQL(
                "SELECT COUNT(*) FROM res_partner WHERE %s",
                SQL.identifier(field.name),
            )
        else:
            query = SQL(
                "SELECT COUNT(*) FROM res_partner WHERE %s IS NOT NULL",
                SQL.identifier(field.name),
            )
        self.env.cr.execute(query)
        return self.env.cr.fetchone()[0]

    def _hs_checkbox_compute(self, field_name=None):
        self.ensure_one()
        return (
            "for record in self:\n    record[%r] = %d in record.category_id.ids\n"
            % (
                field_name or self.field_name,
                self.tag_id.id,
            )
        )

    def _hs_field_label(self):
        """The label, made distinct from the labels of other customer fields."""
        self.ensure_one()
        taken = {
            field.string
            for name, field in self.env["res.partner"]._fields.items()
            if name != self.field_name
        }
        if self.name in taken:
            return _("%(label)s (profile)", label=self.name)
        return self.name

    def _hs_ir_field_vals(self):
        self.ensure_one()
        ttype = TTYPES[self.field_type]
        vals = {
            "model_id": self.env["ir.model"]._get_id("res.partner"),
            "name": self.field_name,
            "field_description": self._hs_field_label(),
            "help": self.help_text,
            "ttype": ttype,
            "state": "manual",
            "store": True,
            "index": self.field_type not in NOT_INDEXED,
        }
        if ttype == "many2many":
            vals.update(
                relation="helpdesk.customer.field.option",
                relation_table="x_hs_field_%d_rel" % self.id,
                column1="partner_id",
                column2="option_id",
                domain="[('definition_id', '=', %d)]" % self.id,
            )
        elif ttype == "boolean":
            vals.update(
                compute=self._hs_checkbox_compute(),
                depends="category_id",
                readonly=False,
                copied=True,
            )
        return vals

    def _hs_create_ir_fields(self):
        if not self:
            return
        ir_fields = (
            self.env["ir.model.fields"]
            .sudo()
            .create([record._hs_ir_field_vals() for record in self])
        )
        for record, ir_field in zip(self, ir_fields, strict=True):
            record.ir_field_id = ir_field
        self._hs_sync_selection()
        self.env.registry.clear_cache()

    def _hs_check_type_change(self, new_type):
        self.ensure_one()
        if new_type == self.field_type or not self.ir_field_id:
            return
        count = self._hs_value_count()
        if count and (self.field_type, new_type) not in LOSSLESS_CASTS:
            types = dict(self._fields["field_type"]._description_selection(self.env))
            raise UserError(
                _(
                    "%(count)s customers have a value in %(field)s: changing its type "
                    "from %(old)s to %(new)s would lose data. Empty the field first, "
                    "or create a new field.",
                    count=count,
                    field=self.name,
                    old=types[self.field_type],
                    new=types[new_type],
                )
            )

    def _hs_change_type(self, old_type):
        """Recreate the technical field with the new type, keeping the values."""
        self.ensure_one()
        cr = self.env.cr
        self.env.flush_all()
        old_field = self.sudo().ir_field_id
        name = old_field.name
        cast = LOSSLESS_CASTS.get((old_type, self.field_type))
        aside = name + "_hs_old"
        keep = bool(cast) and column_exists(cr, "res_partner", name)
        if keep:
            cr.execute(
                SQL(
                    "DROP INDEX IF EXISTS %s",
                    SQL.identifier(make_index_name("res_partner", name)),
                )
            )
            cr.execute(
                SQL(
                    "ALTER TABLE res_partner RENAME COLUMN %s TO %s",
                    SQL.identifier(name),
                    SQL.identifier(aside),
                )
            )
        old_field.unlink()
        self._hs_create_ir_fields()
        if keep:
            cr.execute(
                SQL(
                    "UPDATE res_partner SET %s = %s::%s",
                    SQL.identifier(name),
                    SQL.identifier(aside),
                    SQL(cast),
                )
            )
            cr.execute(
                SQL(
                    "ALTER TABLE res_partner DROP COLUMN %s",
                    SQL.identifier(aside),
                )
            )
        self.env["res.partner"].invalidate_model()

    def _hs_update_ir_field(self, old_key, old_tag):
        self.ensure_one()
        ir_field = self.sudo().ir_field_id
        vals = {}
        if ir_field.name != self.field_name:
            vals["name"] = self.field_name
        label = self._hs_field_label()
        if ir_field.field_description != label:
            vals["field_description"] = label
        if (ir_field.help or False) != (self.help_text or False):
            vals["help"] = self.help_text
        if self.field_type == "checkbox":
            code = self._hs_checkbox_compute()
            if ir_field.compute != code:
                vals["compute"] = code
        if vals:
            renamed = (
                "name" in vals and ir_field.index and ir_field.ttype != "many2many"
            )
            if renamed:
                # ir.model.fields renames the index under a name without the
                # double underscore the ORM gives it: align before and after
                self._hs_rename_index(
                    make_index_name("res_partner", ir_field.name),
                    "res_partner_%s_index" % ir_field.name,
                )
            ir_field.write(vals)
            if renamed:
                stale = "res_partner_%s_index" % ir_field.name
                if index_exists(
                    self.env.cr, make_index_name("res_partner", ir_field.name)
                ):
                    self.env.cr.execute(
                        SQL("DROP INDEX IF EXISTS %s", SQL.identifier(stale))
                    )
                else:
                    self._hs_rename_index(
                        stale, make_index_name("res_partner", ir_field.name)
                    )
        if self.field_type == "checkbox" and old_tag != self.tag_id.id:
            self._hs_recompute_checkbox()
        self._hs_sync_selection()
        self.env.registry.clear_cache()

    def _hs_rename_index(self, old_name, new_name):
        self.env.cr.execute(
            SQL(
                "ALTER INDEX IF EXISTS %s RENAME TO %s",
                SQL.identifier(old_name),
                SQL.identifier(new_name),
            )
        )

    def _hs_recompute_checkbox(self):
        """Set the checkbox of every customer from its tags, in one query."""
        self.ensure_one()
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """UPDATE res_partner p SET %(col)s = EXISTS(
                       SELECT 1 FROM res_partner_res_partner_category_rel r
                        WHERE r.partner_id = p.id AND r.category_id = %(tag)s)""",
                col=SQL.identifier(self.field_name),
                tag=self.tag_id.id,
            )
        )
        self.env["res.partner"].invalidate_model([self.field_name])

    def _hs_sync_selection(self):
        """Keep the dropdown's selection values in line with the ordered options.

        ir.model.fields refuses x2many commands in sudo mode: the selection
        rows are maintained directly.
        """
        Selection = self.env["ir.model.fields.selection"].sudo()
        for record in self.filtered(
            lambda r: r.field_type == "selection" and r.ir_field_id
        ):
            ir_field = record.sudo().ir_field_id
            existing = {sel.value: sel for sel in ir_field.selection_ids}
            options = record.option_ids.sorted(lambda o: (o.sequence, o.id))
            to_create = []
            for seq, option in enumerate(options):
                sel = existing.pop(option.value, None)
                if not sel:
                    to_create.append(
                        {
                            "field_id": ir_field.id,
                            "value": option.value,
                            "name": option.name,
                            "sequence": seq,
                        }
                    )
                elif sel.name != option.name or sel.sequence != seq:
                    sel.write({"name": option.name, "sequence": seq})
            if existing:
                Selection.browse([sel.id for sel in existing.values()]).unlink()
            if to_create:
                Selection.create(to_create)

    # ------------------------------------------------------------------
    # Partner-side configuration (cached: create/write of partners is hot)
    # ------------------------------------------------------------------
    @api.model
    @tools.ormcache()
    def _hs_partner_config(self):
        """(checkboxes as (field, tag id), patterns as (field, label, regex))."""
        definitions = (
            self.sudo()
            .with_context(active_test=False)
            .search([("ir_field_id", "!=", False)])
        )
        checkboxes = tuple(
            (d.field_name, d.tag_id.id)
            for d in definitions
            if d.field_type == "checkbox" and d.tag_id
        )
        patterns = tuple(
            (d.field_name, d.name, d.pattern)
            for d in definitions
            if d.field_type in ("char", "text") and d.pattern
        )
        return checkboxes, patterns

    # ------------------------------------------------------------------
    # Generated views
    # ------------------------------------------------------------------
    def _hs_clear_views(self):
        for view in self._hs_generated_views():
            view.arch_db = "<data/>"

    @api.model
    def _hs_generated_views(self):
        views = self.env["ir.ui.view"].sudo()
        for xmlid in (FORM_VIEW_XMLID, SEARCH_VIEW_XMLID):
            views |= self.env.ref(xmlid, raise_if_not_found=False) or views
        data = self.env["ir.model.data"].sudo()
        views |= views.browse(
            data.search(
                [
                    ("module", "=", "helpdesk_segments"),
                    ("name", "=like", LIST_VIEW_XMLID_PREFIX + "%"),
                    ("model", "=", "ir.ui.view"),
                ]
            ).mapped("res_id")
        ).exists()
        return views

    @api.model
    def _hs_field_attrs(self, definition):
        attrs = {"name": definition.field_name}
        if definition.applies_to == "person":
            attrs["invisible"] = "is_company"
        elif definition.applies_to == "company":
            attrs["invisible"] = "not is_company"
        if definition.required:
            attrs["required"] = {
                "person": "hs_is_customer and not is_company",
                "company": "hs_is_customer and is_company",
                "both": "hs_is_customer",
            }[definition.applies_to]
        return attrs

    @api.model
    def _hs_form_arch(self, definitions):
        if not definitions:
            return E.data()
        sections = {}
        for definition in definitions:
            sections.setdefault(definition.section or "", []).append(definition)
        groups = []
        for index, (section, section_defs) in enumerate(sections.items()):
            group = E.group(name="hs_section_%d" % index, string=section)
            for definition in section_defs:
                attrs = self._hs_field_attrs(definition)
                if definition.field_type == "multiselect":
                    attrs.update(
                        widget="many2many_tags",
                        options="{'no_create': True, 'no_open': True}",
                    )
                group.append(E.field(**attrs))
            groups.append(group)
        page = E.page(
            *groups,
            name="hs_customer_profile",
            string=_("Customer profile"),
            # the company's own contacts, employees and vendors have none
            invisible="not hs_is_customer",
        )
        return E.data(E.xpath(page, expr="//sheet/notebook", position="inside"))

    @api.model
    def _hs_list_arch(self, definitions):
        if not definitions:
            return E.data()
        columns = [
            E.field(name=d.field_name, optional="hide")
            for d in definitions
            if d.field_type != "text"
        ]
        return E.data(E.xpath(*columns, expr="/list", position="inside"))

    @api.model
    def _hs_search_arch(self, definitions):
        nodes = []
        for d in definitions:
            if d.field_type in ("char", "text", "integer", "float", "selection"):
                nodes.append(E.field(name=d.field_name))
            if d.field_type == "checkbox":
                nodes.append(
                    E.filter(
                        name="hs_filter_" + d.field_name,
                        string=d.name,
                        domain="[(%r, '=', True)]" % d.field_name,
                    )
                )
        groupbys = [
            E.filter(
                name="hs_groupby_" + d.field_name,
                string=d.name,
                context="{'group_by': %r}" % d.field_name,
            )
            for d in definitions
            if d.field_type == "selection"
        ]
        if groupbys:
            nodes.append(E.group(*groupbys, string=_("Group By")))
        if not nodes:
            return E.data()
        return E.data(E.xpath(*nodes, expr="/search", position="inside"))

    @api.model
    def _hs_list_views(self):
        """The generated list views, one per existing parent list view."""
        views = self.env["ir.ui.view"].sudo()
        data = self.env["ir.model.data"].sudo()
        for xmlid in PROFILE_LIST_VIEW_XMLIDS:
            parent = self.env.ref(xmlid, raise_if_not_found=False)
            if not parent:
                continue
            name = LIST_VIEW_XMLID_PREFIX + re.sub(r"\W", "_", xmlid)
            view = self.env.ref("helpdesk_segments." + name, raise_if_not_found=False)
            if not view:
                view = views.create(
                    {
                        "name": "res.partner.list.helpdesk.profile (%s)" % xmlid,
                        "model": "res.partner",
                        "inherit_id": parent.id,
                        "priority": 90,
                        "arch_db": "<data/>",
                    }
                )
                data.create(
                    {
                        "module": "helpdesk_segments",
                        "name": name,
                        "model": "ir.ui.view",
                        "res_id": view.id,
                        "noupdate": True,
                    }
                )
            views |= view
        return views

    @api.model
    def _hs_regenerate_views(self):
        """Rewrite the generated res.partner views from the active definitions."""
        definitions = (
            self.sudo()
            .with_context(active_test=True)
            .search([("ir_field_id", "!=", False)])
        )
        definitions = definitions.filtered(
            lambda d: d.field_name in self.env["res.partner"]._fields
        )

        def write_arch(view, arch):
            text = etree.tostring(arch, encoding="unicode")
            if view and view.arch_db != text:
                view.arch_db = text

        write_arch(
            self.env.ref(FORM_VIEW_XMLID, raise_if_not_found=False),
            self._hs_form_arch(definitions),
        )
        write_arch(
            self.env.ref(SEARCH_VIEW_XMLID, raise_if_not_found=False),
            self._hs_search_arch(definitions),
        )
        list_arch = self._hs_list_arch(definitions)
        for view in self._hs_list_views():
            write_arch(view, list_arch)
        self.env.registry.clear_cache()
        return True

    @api.model
    def _hs_remove_all_fields(self):
        """Uninstall: drop the technical fields created for the definitions."""
        self._hs_clear_views()
        definitions = self.sudo().with_context(active_test=False).search([])
        ir_fields = definitions.ir_field_id
        ir_fields |= (
            self.env["ir.model.fields"]
            .sudo()
            .search(
                [
                    ("model", "=", "res.partner"),
                    ("state", "=", "manual"),
                    ("relation", "=", "helpdesk.customer.field.option"),
                ]
            )
        )
        if ir_fields:
            ir_fields.unlink()
