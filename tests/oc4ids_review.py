"""The standard's own review of an OC4IDS package: libcoveoc4ids (the library behind the OC4IDS
Data Review Tool), fed the 0.9.5 schema and codelists in tests/data/oc4ids over real HTTP
from a local server, as it fetches them from the standard's site."""

import functools
import http.server
import threading
from pathlib import Path

from libcoveoc4ids.api import oc4ids_json_output
from libcoveoc4ids.config import LibCoveOC4IDSConfig

STANDARD = Path(__file__).resolve().parent / "data" / "oc4ids"


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def review(package, tmp_path):
    """libcoveoc4ids' results for a package (a dict): `validation_errors`,
    `additional_fields`, `additional_closed_codelist_values`,
    `additional_open_codelist_values` …"""
    handler = functools.partial(_Quiet, directory=str(STANDARD))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        host = f"http://127.0.0.1:{server.server_address[1]}/"
        config = LibCoveOC4IDSConfig(
            {
                "schema_host": host,
                "schema_version_choices": {"0.9.5": ("0.9.5", host)},
                "schema_codelists": {"0.9": f"{host}codelists/"},
            }
        )
        return oc4ids_json_output(str(tmp_path), json_data=package, lib_cove_oc4ids_config=config)
    finally:
        server.shutdown()
        server.server_close()
