from . import test_rating_survey
