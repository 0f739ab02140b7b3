"""Import/export columns that name a reporting unit."""

from core.resources import code_field

from .models import District


def district_field(attribute="district"):
    """A column holding the unit's code or name, looked up among the units the importer may
    pick."""
    return code_field(attribute, District, alternates=("name",))
