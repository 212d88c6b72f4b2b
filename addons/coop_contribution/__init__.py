from . import models
from . import wizards
from .hooks import _coop_contribution_post_init
