from . import test_send_survey
