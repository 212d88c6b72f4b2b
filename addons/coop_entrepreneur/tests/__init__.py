from . import test_member_path
from . import test_activity
from . import test_account_move
from . import test_contract
from . import test_activity_account
from . import test_access
from . import test_tours
from . import test_activity_books
