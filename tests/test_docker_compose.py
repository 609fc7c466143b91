"""docker-compose.yml runs the addons on the official images.

No Docker engine runs in CI, so this reads the file and checks what
``docker compose up`` would do with it.
"""

from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
ADDONS = {"helpdesk_segments", "helpdesk_routing"}


def _compose():
    with open(ROOT / "docker-compose.yml", encoding="utf-8") as stream:
        return yaml.safe_load(stream)


def _option(command, name):
    """The value of ``--name=value`` in a command list (None when absent)."""
    for arg in command:
        if arg.startswith(f"--{name}="):
            return arg.split("=", 1)[1]
    return None


def test_services_and_images():
    services = _compose()["services"]
    assert set(services) == {"db", "odoo-init", "odoo"}
    assert services["db"]["image"] == "postgres:16"
    assert services["odoo"]["image"] == "odoo:18.0"
    assert services["odoo-init"]["image"] == "odoo:18.0"
    assert "8069:8069" in services["odoo"]["ports"]


def test_addons_are_mounted_where_the_image_looks():
    services = _compose()["services"]
    for name in ("odoo", "odoo-init"):
        mounts = {
            volume.split(":")[1]: volume.split(":")[0]
            for volume in services[name]["volumes"]
        }
        # /mnt/extra-addons is in the addons_path of the official image.
        source = ROOT / mounts["/mnt/extra-addons"]
        assert {
            p.name for p in source.iterdir() if (p / "__manifest__.py").is_file()
        } >= ADDONS


def test_first_start_installs_both_addons_with_demo_data():
    services = _compose()["services"]
    init = services["odoo-init"]["command"]
    assert init[0] == "odoo"
    assert set(_option(init, "init").split(",")) == ADDONS
    assert _option(init, "database") == "helpdesk"
    assert "--stop-after-init" in init
    assert not any(arg.startswith("--without-demo") for arg in init)
    assert services["odoo-init"]["depends_on"]["db"]["condition"] == "service_healthy"
    server = services["odoo"]["command"]
    assert _option(server, "database") == "helpdesk"
    # "$$" is compose's escape for a literal "$".
    assert _option(server, "db-filter") == "^helpdesk$$"
    condition = services["odoo"]["depends_on"]["odoo-init"]["condition"]
    assert condition == "service_completed_successfully"


def test_odoo_talks_to_the_db_service():
    services = _compose()["services"]
    db_env = services["db"]["environment"]
    for name in ("odoo", "odoo-init"):
        env = services[name]["environment"]
        assert env["HOST"] == "db"
        assert env["USER"] == db_env["POSTGRES_USER"]
        assert env["PASSWORD"] == db_env["POSTGRES_PASSWORD"]
