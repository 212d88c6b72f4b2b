/** @odoo-module **/
// The gestionnaire's journey: a newcomer becomes a member with an activity, signs a
// CAPE, then a CESA, and the member's path advances with each running contract.
import { registry } from "@web/core/registry";

function pathIs(state) {
    return {
        content: `The member's path shows ${state}`,
        trigger: `.o_form_view .o_statusbar_status button.o_arrow_button_current[data-value="${state}"]`,
    };
}

function signContract(value, kind) {
    return [
        {
            content: `Open a new ${kind} contract from the member`,
            trigger: `.o_form_view button[name="action_coop_new_contract"]:contains(${kind})`,
            run: "click",
        },
        {
            content: `The contract is a ${kind} for the member`,
            trigger: `.o_form_view .o_field_widget[name="coop_kind"] select`,
            run: `select "${value}"`,
        },
        {
            content: "Save the draft contract",
            trigger: ".o_form_view .o_form_button_save",
            run: "click",
        },
        {
            content: "The contract runs",
            trigger: '.o_form_view .o_statusbar_status button[data-value="open"]',
            run: "click",
        },
        {
            content: "The running contract is saved",
            trigger: '.o_form_view .o_statusbar_status button.o_arrow_button_current[data-value="open"]',
        },
        {
            content: "Back to the member",
            trigger: '.o_breadcrumb .breadcrumb-item a:contains("Inès Garcia")',
            run: "click",
        },
    ];
}

registry.category("web_tour.tours").add("coop_member_path_tour", {
    url: "/odoo/action-coop_entrepreneur.res_partner_action_member",
    steps: () => [
        {
            content: "A new member",
            trigger: ".o_list_button_add",
            run: "click",
        },
        {
            trigger: '.o_form_view .o_field_widget[name="name"] input',
            run: "edit Inès Garcia",
        },
        {
            trigger: '.o_form_view .o_field_widget[name="email"] input',
            run: "edit ines.garcia@example.com",
        },
        {
            content: "She comes to the information meeting: she enters the path",
            trigger: '.o_form_view button[name="action_coop_enter"]:visible',
            run: "click",
        },
        pathIs("prospect"),
        {
            content: "Her activity: open the activities",
            trigger: '.o_menu_sections [data-menu-xmlid="coop_entrepreneur.coop_menu_activities"]',
            run: "click",
        },
        {
            trigger: '.dropdown-item[data-menu-xmlid="coop_entrepreneur.coop_menu_activity"]',
            run: "click",
        },
        {
            trigger: ".o_control_panel .o-kanban-button-new, .o_control_panel .o_list_button_add",
            run: "click",
        },
        {
            trigger: '.o_form_view .o_field_widget[name="name"] input',
            run: "edit Traductions Babel",
        },
        {
            trigger: '.o_form_view .o_field_widget[name="code"] input',
            run: "edit TRAD",
        },
        {
            trigger: '.o_form_view .o_field_widget[name="member_ids"] input',
            run: "edit Inès",
        },
        {
            trigger: '.o-autocomplete--dropdown-item:contains("Inès Garcia")',
            run: "click",
        },
        {
            content: "The activity starts: it gets its analytic account",
            trigger: '.o_form_view button[name="action_activate"]',
            run: "click",
        },
        {
            trigger: '.o_form_view .o_statusbar_status button.o_arrow_button_current[data-value="active"]',
        },
        {
            content: "Back to her member record",
            trigger: '.o_form_view .o_field_widget[name="member_ids"] .o_tag:contains("Inès Garcia")',
        },
        {
            trigger: '.o_menu_sections [data-menu-xmlid="coop_entrepreneur.coop_menu_members"]',
            run: "click",
        },
        {
            trigger: '.dropdown-item[data-menu-xmlid="coop_entrepreneur.coop_menu_member"]',
            run: "click",
        },
        {
            trigger: ".o_searchview_input",
            run: "edit Inès Garcia",
        },
        {
            trigger: ".o_searchview_input",
            run: "press Enter",
        },
        {
            content: "The members are grouped by stage: open hers",
            trigger: ".o_list_view .o_group_header:first",
            run: "click",
        },
        {
            trigger: '.o_list_view .o_data_cell:contains("Inès Garcia")',
            run: "click",
        },
        pathIs("prospect"),
        ...signContract("cape", "CAPE"),
        pathIs("cape"),
        ...signContract("cesa", "CESA"),
        pathIs("cesa"),
        {
            content: "Both contracts are on her record",
            trigger: '.o_form_view button[name="action_coop_view_contracts"] .o_stat_value:contains("2")',
        },
    ],
});
