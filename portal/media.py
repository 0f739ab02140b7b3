"""Uploaded files: `/media/<name>` only to whoever may see the record that holds the file.

A photo of an unpublished project or of an unapproved report, a visit's photo and the
photo sent with a problem are as unknown to others as a missing file (404). The web server
sends the file once allowed (django-sendfile2: X-Accel-Redirect behind nginx), so the
media folder itself is never served directly (docs/deployment.md).
"""

from django.http import Http404
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe
from django_sendfile import sendfile

from enterprises.models import Problem, VisitPhoto
from projects.models import Photo

# Every model field that holds uploads; each model's visibility gate decides who gets them.
UPLOADS = ((Photo, "image"), (VisitPhoto, "image"), (Problem, "photo"))


@require_safe
def media_file(request, name):
    for model, field in UPLOADS:
        row = model.objects.visible_to(request.user).filter(**{field: name}).first()
        if row is not None:
            response = sendfile(request, getattr(row, field).path)
            # Visibility can change (a project unpublished): no shared cache may keep it.
            patch_cache_control(response, private=True)
            return response
    raise Http404
