"""The end of the wait for a generated file: the page that asked for it learns that it has started to arrive.

A download link (static/js/forms.js) adds ``?descarga=<token>``; when the answer is a
file (``Content-Disposition``) this middleware sets a short-lived cookie named after
the token, which the page watches to take its spinner away. Anything else about the
request is left alone; a token that is not a short run of letters and digits is ignored.
"""

import re

TOKEN = re.compile(r"[a-z0-9]{4,16}")
PREFIX = "descarga_"


class DownloadCookieMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        token = request.GET.get("descarga", "")
        if token and response.has_header("Content-Disposition") and TOKEN.fullmatch(token):
            response.set_cookie(f"{PREFIX}{token}", "1", max_age=120, samesite="Lax", secure=request.is_secure())
        return response
