"""axe-core in the browser tests: the engine from npm (package.json, copied to static/vendor/
by scripts/copy-assets.js) loaded by the page from the site itself — no CDN — and run on the
whole document. `serious_violations(page)` lists what axe rates serious or critical."""

from pathlib import Path

import pytest
from django.conf import settings

AXE = Path(settings.BASE_DIR) / "static" / "vendor" / "axe-core" / "axe.min.js"
AXE_URL = "/static/vendor/axe-core/axe.min.js"

RUN = """async () => {
  const result = await axe.run(document, {resultTypes: ["violations"]});
  return result.violations.map((v) => ({
    id: v.id,
    impact: v.impact,
    help: v.help,
    nodes: v.nodes.slice(0, 5).map((n) => n.target.join(" ") + " :: " + n.failureSummary),
  }));
}"""


def serious_violations(page):
    """axe's serious and critical violations of the page as it is now: [{id, impact, help,
    nodes}]."""
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: run `make assets` (npm ci + scripts/copy-assets.js)")
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(url=AXE_URL)
        page.wait_for_function("() => typeof window.axe !== 'undefined'")
    found = page.evaluate(RUN)
    return [v for v in found if v["impact"] in ("serious", "critical")]
