/** @odoo-module **/
// The gestionnaire's journey through a general assembly: the notice, the attendance
// sheet with a proxy, the votes of the room, the close; the minutes follow.
import { registry } from "@web/core/registry";

function attendance(name, value) {
    return [
        {
            content: `${name}: ${value}`,
            trigger: `.o_field_widget[name="attendee_ids"] .o_data_row:contains("${name}") td[name="attendance"]`,
            run: "click",
        },
        {
            trigger: '.o_field_widget[name="attendee_ids"] .o_selected_row .o_field_widget[name="attendance"] select',
            run: `select "${value}"`,
        },
    ];
}

function voter(name) {
    return [
        {
            trigger: '.modal .o_field_widget[name="attendee_ids"] input',
            run: `edit ${name}`,
        },
        {
            trigger: `.modal .o-autocomplete--dropdown-item:contains("${name}")`,
            run: "click",
        },
        {
            trigger: `.modal .o_field_widget[name="attendee_ids"] .o_tag:contains("${name}")`,
        },
    ];
}

registry.category("web_tour.tours").add("coop_assembly_tour", {
    url: "/odoo/action-coop_governance.coop_assembly_action",
    steps: () => [
        {
            content: "The draft assembly, its agenda written",
            trigger: '.o_data_row td[name="name"]:contains("AG ordinaire de la visite")',
            run: "click",
        },
        {
            content: "Send the notice to the associés",
            trigger: '.o_form_view button[name="action_notify"]',
            run: "click",
        },
        {
            trigger: '.o_form_view .o_statusbar_status button.o_arrow_button_current[data-value="notified"]',
        },
        {
            content: "Take the attendance",
            trigger: '.o_notebook a[name="attendance"]',
            run: "click",
        },
        ...attendance("Aline Martin", "present"),
        ...attendance("Bruno Petit", "remote"),
        ...attendance("Chloé Roux", "represented"),
        {
            content: "Chloé gave her proxy to Aline",
            trigger: '.o_field_widget[name="attendee_ids"] .o_selected_row .o_field_widget[name="proxy_holder_id"] input',
            run: "edit Aline",
        },
        {
            trigger: '.o-autocomplete--dropdown-item:contains("Aline Martin")',
            run: "click",
        },
        {
            content: "Save the sheet",
            trigger: ".o_form_view .o_form_button_save",
            run: "click",
        },
        {
            content: "Three of three: the quorum is reached",
            trigger: '.o_form_view .o_field_widget[name="voting_count"]:contains("3")',
        },
        {
            content: "The resolutions",
            trigger: '.o_notebook a[name="resolutions"]',
            run: "click",
        },
        {
            content: "Record the room's votes",
            trigger: '.o_data_row:contains("Approbation des comptes") button[name="action_open_vote"]',
            run: "click",
        },
        ...voter("Aline Martin"),
        ...voter("Bruno Petit"),
        ...voter("Chloé Roux"),
        {
            trigger: '.modal button[name="action_record"]',
            run: "click",
        },
        {
            content: "Three votes for",
            trigger: '.o_data_row:contains("Approbation des comptes") td[name="count_for"]:contains("3")',
        },
        {
            content: "Close the assembly",
            trigger: '.o_form_view button[name="action_close"]',
            run: "click",
        },
        {
            trigger: '.o_form_view .o_statusbar_status button.o_arrow_button_current[data-value="closed"]',
        },
        {
            content: "The signed minutes will be attached here",
            trigger: '.o_form_view .o_field_widget[name="minutes_file"]',
        },
    ],
});
