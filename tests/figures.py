"""Reading the figures tests compare pages and the API with."""


def unit_entry(table, district):
    """One unit's row of a district_progress() table (the 赛马 table)."""
    return next(row for row in table["results"] if row["district"] == district.code)
