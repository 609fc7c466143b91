from . import test_create_mailing
