"""Start Odoo as ``odoo-bin`` does.

The prefork server spawns its gevent (websocket) worker with
``sys.executable sys.argv[0] gevent ...``: under ``python -m odoo`` that
``argv[0]`` is ``odoo/__main__.py``, which cannot run as a script, so the
gevent worker would die and be spawned again in a loop. The harness starts
the servers with this file instead.
"""

import os

os.environ["TZ"] = "UTC"

import odoo

if __name__ == "__main__":
    odoo.cli.main()
