/** @odoo-module **/
// Copyright 2026 Helpdesk Segments & Routing contributors
// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

import {
    Many2ManyTagsField,
    Many2ManyTagsFieldColorEditable,
    many2ManyTagsField,
    many2ManyTagsFieldColorEditable,
} from "@web/views/fields/many2many_tags/many2many_tags_field";
import {
    KanbanMany2ManyTagsField,
    kanbanMany2ManyTagsField,
} from "@web/views/fields/many2many_tags/kanban_many2many_tags_field";
import {TagsList} from "@web/core/tags_list/tags_list";
import {registry} from "@web/core/registry";

const HEX_COLOR = /^#[0-9A-Fa-f]{6}$/;

/** The tags list, with each chip's inline style (tag.style) applied. */
export class HsTagsList extends TagsList {
    static template = "helpdesk_segments.HsTagsList";
}

/**
 * Colours a tag chip with its tag group's colours (inline style, which wins
 * over the o_tag_color_N classes), when the tag belongs to a coloured group.
 */
export function hsColorTagProps(tagProps, record) {
    const background = record.data.hs_background_color;
    const font = record.data.hs_font_color;
    const rules = [];
    if (background && HEX_COLOR.test(background)) {
        rules.push(`background-color: ${background} !important`);
    }
    if (font && HEX_COLOR.test(font)) {
        rules.push(`color: ${font} !important`);
    }
    if (rules.length) {
        tagProps.style = rules.join("; ");
        tagProps.hsGroupColor = true;
    }
    return tagProps;
}

function hsRelatedFields(baseRelatedFields) {
    return (fieldInfo) => [
        ...baseRelatedFields(fieldInfo),
        {name: "hs_background_color", type: "char", readonly: true},
        {name: "hs_font_color", type: "char", readonly: true},
    ];
}

export class HsMany2ManyTagsField extends Many2ManyTagsField {
    static components = {...Many2ManyTagsField.components, TagsList: HsTagsList};
    getTagProps(record) {
        return hsColorTagProps(super.getTagProps(record), record);
    }
}

export class HsMany2ManyTagsFieldColorEditable extends Many2ManyTagsFieldColorEditable {
    static components = {
        ...Many2ManyTagsFieldColorEditable.components,
        TagsList: HsTagsList,
    };
    getTagProps(record) {
        return hsColorTagProps(super.getTagProps(record), record);
    }
}

export class HsKanbanMany2ManyTagsField extends KanbanMany2ManyTagsField {
    static components = {...KanbanMany2ManyTagsField.components, TagsList: HsTagsList};
    getTagProps(record) {
        const props = hsColorTagProps(super.getTagProps(record), record);
        if (props.hsGroupColor && !props.colorIndex) {
            // The kanban hides colourless tags: a group colour is a colour.
            props.colorIndex = -1;
        }
        return props;
    }
}

export const hsMany2ManyTagsField = {
    ...many2ManyTagsField,
    component: HsMany2ManyTagsField,
    relatedFields: hsRelatedFields(many2ManyTagsField.relatedFields),
};

export const hsMany2ManyTagsFieldColorEditable = {
    ...many2ManyTagsFieldColorEditable,
    component: HsMany2ManyTagsFieldColorEditable,
    relatedFields: hsRelatedFields(many2ManyTagsFieldColorEditable.relatedFields),
};

export const hsKanbanMany2ManyTagsField = {
    ...kanbanMany2ManyTagsField,
    component: HsKanbanMany2ManyTagsField,
    relatedFields: hsRelatedFields(kanbanMany2ManyTagsField.relatedFields),
};

registry.category("fields").add("hs_many2many_tags", hsMany2ManyTagsField);
registry.category("fields").add("form.hs_many2many_tags", hsMany2ManyTagsFieldColorEditable);
registry.category("fields").add("kanban.hs_many2many_tags", hsKanbanMany2ManyTagsField);
