from . import test_sale_events
