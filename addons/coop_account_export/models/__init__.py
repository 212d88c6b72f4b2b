# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from . import coop_account_export
from . import coop_fec_builder
from . import coop_analytic_ledger
