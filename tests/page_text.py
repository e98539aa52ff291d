"""What a page says: its text without tags (a <wbr> joins, as it does on screen), entities
decoded, whitespace collapsed."""

import html
import re


def visible_text(response) -> str:
    joined = response.content.decode().replace("<wbr>", "")
    without_tags = re.sub(r"<[^>]+>", " ", joined)
    return re.sub(r"\s+", " ", html.unescape(without_tags)).strip()
