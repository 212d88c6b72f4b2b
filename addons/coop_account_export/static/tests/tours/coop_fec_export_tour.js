/** @odoo-module **/
// The gestionnaire's journey at the year's end: export the FEC of the year for the
// expert-comptable, see it checked, and download it.
import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_service/tour_utils";

registry.category("web_tour.tours").add("coop_fec_export_tour", {
    url: "/odoo",
    steps: () => [
        ...stepUtils.goToAppSteps("account.menu_finance", "Accounting"),
        {
            trigger: '.o_menu_sections [data-menu-xmlid="account.menu_finance_reports"]',
            run: "click",
        },
        {
            content: "The FEC export, under Expert-comptable",
            trigger: '.dropdown-item[data-menu-xmlid="coop_account_export.coop_fec_export_menu"]',
            run: "click",
        },
        {
            content: "The year 2026",
            trigger: '.modal .o_field_widget[name="date_from"] input',
            run: "edit 01/01/2026",
        },
        {
            trigger: '.modal .o_field_widget[name="date_to"] input',
            run: "edit 31/12/2026",
        },
        {
            trigger: '.modal .o_field_widget[name="export_type"]',
            run: "click",
        },
        {
            content: "Export it",
            trigger: '.modal button[name="action_export"]',
            run: "click",
        },
        {
            content: "The file was checked and produced",
            trigger: '.o_form_view .o_statusbar_status button.o_arrow_button_current[data-value="done"]',
        },
        {
            trigger: '.o_form_view .o_field_widget[name="name"]:contains("FEC")',
        },
        {
            content: "Download it",
            trigger: '.o_form_view button[name="action_download"]',
            run: "click",
        },
        {
            content: "Let the browser fetch the file",
            trigger: ".o_form_view",
            run: () => new Promise((resolve) => setTimeout(resolve, 1500)),
        },
    ],
});
