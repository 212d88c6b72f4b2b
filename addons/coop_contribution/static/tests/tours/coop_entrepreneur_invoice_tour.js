/** @odoo-module **/
// The entrepreneur's journey: she invoices a client for her activity, posts the
// invoice, opens the contribution that came with it, and reads her activity's account.
import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_service/tour_utils";

registry.category("web_tour.tours").add("coop_entrepreneur_invoice_tour", {
    url: "/odoo/action-account.action_move_out_invoice_type",
    steps: () => [
        {
            content: "A new invoice",
            trigger: ".o_list_button_add",
            run: "click",
        },
        {
            trigger: '.o_form_view .o_field_widget[name="partner_id"] input',
            run: "edit Menuiserie Client",
        },
        {
            trigger: '.o-autocomplete--dropdown-item:contains("Menuiserie Client")',
            run: "click",
        },
        {
            trigger: '.o_field_widget[name="invoice_line_ids"] .o_field_x2many_list_row_add a:first',
            run: "click",
        },
        {
            trigger: 'div[name="invoice_line_ids"] .o_selected_row .o_list_many2one[name="product_id"] input',
            run: "edit Table en chêne",
        },
        {
            trigger: '.o-autocomplete--dropdown-item:contains("Table en chêne massif")',
            run: "click",
        },
        {
            trigger: 'div[name="invoice_line_ids"] .o_selected_row .o_field_widget[name="price_unit"] input',
            run: "edit 800",
        },
        {
            content: "Confirm the invoice",
            trigger: '.o_form_view button[name="action_post"]:visible',
            run: "click",
        },
        {
            trigger: '.o_form_view .o_statusbar_status button.o_arrow_button_current[data-value="posted"]',
        },
        {
            content: "Its contribution came with it: open it",
            trigger: '.o_form_view button[name="action_view_coop_contributions"]',
            run: "click",
        },
        {
            content: "One contribution, of 10% of the invoiced 800.00",
            trigger: '.o_list_view:not(:has(.o_data_row ~ .o_data_row)) .o_data_row:contains("CONTR/"):contains("80,00") .o_data_cell[name="name"]',
            run: "click",
        },
        {
            trigger: '.o_form_view .o_field_widget[name="base"]:contains("800,00")',
        },
        ...stepUtils.goToAppSteps("coop_entrepreneur.coop_menu_root", "Her cooperative"),
        {
            content: "Her activity's account",
            trigger: '.o_menu_sections [data-menu-xmlid="coop_entrepreneur.coop_menu_reporting"]',
            run: "click",
        },
        {
            trigger: '.dropdown-item[data-menu-xmlid="coop_entrepreneur.coop_menu_activity_account"]',
            run: "click",
        },
        {
            content: "Her joinery, and only it, with its turnover",
            trigger: '.o_pivot tbody tr:has(.o_pivot_header_cell_closed:contains("BOIS")) td:contains("800,00")',
        },
        {
            trigger: '.o_pivot:not(:has(.o_pivot_header_cell_closed:contains("WEB")))',
        },
    ],
});

registry.category("web_tour.tours").add("coop_activity_forbidden_tour", {
    url: "/odoo",
    steps: () => [
        {
            content: "The web client has loaded its home action instead",
            trigger: ".o_action_manager:has(.o-mail-Discuss, .o_view_controller)",
        },
        {
            content: "Another activity, opened by its URL, is not shown to her",
            trigger: 'body:not(:has(.o_form_view)):not(:contains("Pixel & Code"))',
        },
    ],
});
