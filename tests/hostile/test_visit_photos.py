"""Group visit photos (programs/groups/photos.py) take the attachment corpus too: each file
is a photo or a reason naming it, never an exception."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from programs.groups.photos import visit_photos_check
from tests.hostile import corpus

FILES = corpus.ATTACHMENTS + corpus.GOOD_ATTACHMENTS
# Accepted by content: real photos, and JPEGs with bytes after their end (visits allow
# 8 MB, and a photo is served as an image, never sniffed).
PHOTOS = {"png-named-csv", "jpeg", "webp-named-jpg", "oversize-jpeg", "real-jpeg-then-script"}


@pytest.mark.parametrize("hostile", FILES, ids=[f.id for f in FILES])
def test_a_visit_photo_is_a_photo_or_a_reason_naming_the_file(hostile):
    def check():
        return visit_photos_check([(hostile.name, io.BytesIO(hostile.content))])

    if hostile.id in PHOTOS:
        [photo] = check()
        assert photo.content_type.startswith("image/")
        return
    reasons = {}
    for language in ("id", "en"):
        with translation.override(language), pytest.raises(ValidationError) as refused:
            check()
        [reasons[language]] = refused.value.message_dict["photos"]
    assert hostile.name in reasons["id"] and reasons["id"] != reasons["en"]
