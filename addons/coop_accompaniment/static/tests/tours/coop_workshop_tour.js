/** @odoo-module **/
// A workshop's journey: a member signs up from the workshops she sees; after the session,
// the accompagnateur records who came and prints the sign-in sheet.
import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("coop_workshop_register_tour", {
    url: "/odoo/action-coop_accompaniment.coop_workshop_action_member",
    steps: () => [
        {
            content: "The workshop open to sign-up",
            trigger: '.o_data_row td[name="name"]:contains("Atelier Premiers devis")',
            run: "click",
        },
        {
            content: "Sign up",
            trigger: '.o_form_view button[name="action_coop_register_me"]',
            run: "click",
        },
        {
            content: "She is registered",
            trigger: ".o_form_view .badge.text-bg-success",
        },
    ],
});

registry.category("web_tour.tours").add("coop_workshop_attendance_tour", {
    url: "/odoo/action-coop_accompaniment.coop_workshop_session_action_not_recorded",
    steps: () => [
        {
            content: "The session past, its attendance not recorded",
            trigger: '.o_data_row td[name="name"]:contains("Atelier Premiers devis – séance 1")',
            run: "click",
        },
        {
            content: "Camille came",
            trigger: '.o_field_widget[name="attendance_ids"] .o_data_row:contains("Camille Martin") td[name="state"]',
            run: "click",
        },
        {
            trigger: '.o_field_widget[name="attendance_ids"] .o_selected_row .o_field_widget[name="state"] input[data-value="attended"]',
            run: "click",
        },
        {
            content: "Sophie was excused",
            trigger: '.o_field_widget[name="attendance_ids"] .o_data_row:contains("Sophie Durand") td[name="state"]',
            run: "click",
        },
        {
            trigger: '.o_field_widget[name="attendance_ids"] .o_selected_row .o_field_widget[name="state"] input[data-value="excused"]',
            run: "click",
        },
        {
            content: "Save the sheet",
            trigger: ".o_form_view .o_form_button_save",
            run: "click",
        },
        {
            content: "Saved",
            trigger: ".o_form_readonly, .o_form_saved",
        },
        {
            content: "The attendance is recorded",
            trigger: '.o_form_view .o_field_widget[name="attendance_recorded"] input:checked',
        },
        {
            content: "The sign-in sheet is ready to print",
            trigger: '.o_form_view button[name="action_print_sign_in_sheet"]',
        },
    ],
});
