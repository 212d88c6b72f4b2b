from . import models
from . import wizards
from .hooks import _coop_funds_post_init
