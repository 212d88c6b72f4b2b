/** @odoo-module **/
// Camille's journey: she opens her activity's cockpit, reads this month's figures and her
// treasury, simulates a salary over two months and sends it to her accompagnateur.
import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("coop_cockpit_tour", {
    url: "/odoo/action-coop_entrepreneur.coop_activity_action_cockpit",
    steps: () => [
        {
            content: "Her activity is her home: open it",
            trigger: '.o_kanban_record:contains("Atelier Bois Vivant")',
            run: "click",
        },
        {
            content: "The treasury today, read from what was settled",
            trigger: '.o_form_view .o_field_widget[name="cockpit_treasury"]:contains("12")',
        },
        {
            content: "The invoice still to collect is listed",
            trigger: '.o_form_view .o_field_widget[name="cockpit_unpaid_invoice_ids"] .o_data_row',
        },
        {
            content: "Simulate a salary",
            trigger: '.o_form_view button[name="action_simulate_salary"]',
            run: "click",
        },
        {
            content: "The treasury available after the CAE's provisions",
            trigger: '.modal .o_field_widget[name="available"]',
        },
        {
            content: "Over two months",
            trigger: '.modal .o_field_widget[name="months"] input',
            run: "edit 2",
        },
        {
            content: "The effect on the treasury, month by month over two months, before anyone decides",
            trigger: ".modal table.o_coop_salary_schedule tbody tr:nth-child(2)",
        },
        {
            content: "The largest gross the treasury pays each month is shown",
            trigger: '.modal .o_field_widget[name="affordable_gross"]',
        },
        {
            content: "Send it to her accompagnateur",
            trigger: '.modal button[name="action_send"]',
            run: "click",
        },
        {
            content: "Back on the cockpit",
            trigger: 'body:not(:has(.modal)) .o_form_view button[name="action_simulate_salary"]',
        },
    ],
});
