# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from . import test_fec_checker
from . import test_fec_export
from . import test_analytic_ledger
from . import test_tours
