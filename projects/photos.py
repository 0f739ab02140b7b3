"""What a photo's own file says about it: the EXIF date it was taken and the GPS position,
read with Pillow when the photo is uploaded (Photo.save) and checked by the plausibility
flags (projects.plausibility)."""

import datetime
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone
from PIL import Image, UnidentifiedImageError

EXIF_IFD = 0x8769
GPS_IFD = 0x8825
DATETIME_ORIGINAL = 36867  # in the Exif IFD: when the shutter fired
DATETIME = 306  # in IFD0: when the file was last changed, the fallback
GPS_LATITUDE_REF, GPS_LATITUDE, GPS_LONGITUDE_REF, GPS_LONGITUDE = 1, 2, 3, 4
SIX_PLACES = Decimal("0.000001")


@dataclass(frozen=True)
class ExifFacts:
    taken_at: datetime.datetime | None = None
    latitude: Decimal | None = None
    longitude: Decimal | None = None


def _taken_at(text):
    try:
        moment = datetime.datetime.strptime(str(text).strip("\x00 "), "%Y:%m:%d %H:%M:%S")
    except ValueError:
        return None
    # A camera writes its local time without a zone: the project's time zone.
    return timezone.make_aware(moment) if timezone.is_naive(moment) else moment


def _degrees(dms, ref, limit):
    try:
        degrees, minutes, seconds = (float(part) for part in dms)
    except (TypeError, ValueError, ZeroDivisionError):
        return None
    value = degrees + minutes / 60 + seconds / 3600
    if str(ref).strip("\x00 ").upper() in ("S", "W"):
        value = -value
    if not -limit <= value <= limit:
        return None
    return Decimal(repr(value)).quantize(SIX_PLACES, rounding=ROUND_HALF_UP)


def exif_facts(file) -> ExifFacts:
    """The date and position an image file's EXIF gives (each None when absent or
    unreadable); the file is read from its start and left there."""
    try:
        file.seek(0)
        with Image.open(file) as image:
            exif = image.getexif()
            details = exif.get_ifd(EXIF_IFD)
            gps = exif.get_ifd(GPS_IFD)
    except (OSError, UnidentifiedImageError, ValueError, SyntaxError):
        return ExifFacts()
    finally:
        file.seek(0)
    taken = details.get(DATETIME_ORIGINAL) or exif.get(DATETIME)
    latitude = _degrees(gps.get(GPS_LATITUDE), gps.get(GPS_LATITUDE_REF, "N"), 90)
    longitude = _degrees(gps.get(GPS_LONGITUDE), gps.get(GPS_LONGITUDE_REF, "E"), 180)
    if latitude is None or longitude is None:
        latitude = longitude = None
    return ExifFacts(
        taken_at=_taken_at(taken) if taken else None, latitude=latitude, longitude=longitude
    )
