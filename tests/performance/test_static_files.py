from pathlib import Path

from django.conf import settings
from django.templatetags.static import static


def test_stylesheet_is_hashed_and_compressed_with_gzip_and_brotli():
    url = static("css/portal.css")
    assert url != "/static/css/portal.css"  # a content hash is in the name
    hashed = Path(settings.STATIC_ROOT) / url.split("/static/", 1)[1]
    assert hashed.exists()
    assert hashed.with_name(hashed.name + ".gz").exists()
    assert hashed.with_name(hashed.name + ".br").exists()


def test_hashed_static_files_are_served_with_far_future_caching(client):
    response = client.get(static("css/portal.css"), HTTP_ACCEPT_ENCODING="br, gzip")
    assert response.status_code == 200
    assert response["Content-Encoding"] == "br"
    max_age = int(response["Cache-Control"].split("max-age=")[1].split(",")[0])
    assert max_age >= 365 * 24 * 3600
