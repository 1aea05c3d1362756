"""Comparing two answers that must not differ: what varies between any two requests (CSRF
tokens, ids of records the request itself created) is removed first."""

from __future__ import annotations

import re


def normal(text: str) -> str:
    text = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", text)
    text = re.sub(r"/(borgere|overflytning)/\d+/", r"/\1/ID/", text)
    return re.sub(r'"id": \d+', '"id": ID', text)
