/** @odoo-module **/
// A request's journey: the entrepreneur asks the relief fund from her own form and
// submits it; later, once the committee has voted, the gestionnaire pays it out.
import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("coop_funds_ask_tour", {
    url: "/odoo/action-coop_funds.coop_fund_request_action",
    steps: () => [
        {
            content: "Ask a fund",
            trigger: ".o-kanban-button-new, .o_list_button_add",
            run: "click",
        },
        {
            trigger: '.o_form_view .o_field_widget[name="fund_id"] input',
            run: "edit Fonds de secours",
        },
        {
            trigger: '.o-autocomplete--dropdown-item:contains("Fonds de secours")',
            run: "click",
        },
        {
            trigger: '.o_form_view .o_field_widget[name="activity_id"] input',
            run: "edit Bois",
        },
        {
            trigger: '.o-autocomplete--dropdown-item:contains("Atelier Bois Vivant")',
            run: "click",
        },
        {
            trigger: '.o_form_view .o_field_widget[name="amount"] input',
            run: "edit 450",
        },
        {
            content: "Her reason, for the committee's eyes only",
            trigger: '.o_form_view .o_field_widget[name="reason"] textarea',
            run: "edit Retour de congé maternité",
        },
        {
            content: "Submit it",
            trigger: '.o_form_view button[name="action_submit"]',
            run: "click",
        },
        {
            trigger: '.o_form_view .o_statusbar_status button.o_arrow_button_current[data-value="submitted"]',
        },
    ],
});

registry.category("web_tour.tours").add("coop_funds_pay_tour", {
    url: "/odoo/action-coop_funds.coop_fund_request_action",
    steps: () => [
        {
            content: "The approved request",
            trigger: '.o_kanban_group:has(.o_column_title:contains("Approuvée"), .o_column_title:contains("Approved")) .o_kanban_record:contains("450")',
            run: "click",
        },
        {
            content: "Pay it out",
            trigger: '.o_form_view button[name="action_pay"]',
            run: "click",
        },
        {
            trigger: ".modal-footer .btn-primary",
            run: "click",
        },
        {
            trigger: '.o_form_view .o_statusbar_status button.o_arrow_button_current[data-value="paid"]',
        },
        {
            content: "The reason stays private: no tab for the staff",
            trigger: '.o_form_view .o_notebook:not(:has(a[name="reason"]))',
        },
    ],
});
