# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from . import coop_account_export_wizard_mixin
from . import coop_fec_export_wizard
from . import coop_analytic_ledger_wizard
