"""What browsers and proxies may keep of a signed-in user's pages: nothing, unless the view says otherwise.

A page or a download shown to a signed-in user is theirs: a proxy must not
hand it to someone else, and on a shared computer the browser must not keep
it for the next person. Views that know better (the PDFs, with their ETag)
set their own ``Cache-Control`` and are left alone.
"""

from django.utils.cache import patch_cache_control


class PrivateCacheMiddleware:
    """``Cache-Control: private, no-store`` on every response to a signed-in user that does not set its own."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not response.has_header("Cache-Control"):
            patch_cache_control(response, private=True, no_store=True)
        return response
