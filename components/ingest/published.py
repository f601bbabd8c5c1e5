"""Find the publication date an article's text gives: a `date` header line, a "published on" line or a timestamp."""

from __future__ import annotations

import re

HEAD_CHARS = 600  # a publication line or timestamp is looked for this far into the text
HEADER = re.compile(r"\A\s*date\s+((?:19|20)\d\d(?:-[01]\d(?:-[0-3]\d)?)?)\b")
# "publié le 18/01/2019", "publicado el 18/01/2019", "veröffentlicht am 18.01.2019", "Published 18/01/2019"
PUBLISHED_DMY = re.compile(
    r"(?:publi\w*|veröffentlicht|pubblicat\w*|opublikowano|diterbitkan|опубликовано)\s*(?:le|el|am|il|on|em|:)?\s*"
    r"([0-3]?\d)[./-]([01]?\d)[./-]((?:19|20)\d\d)",
    re.IGNORECASE,
)
# "2018-04-26 15:34", "2018.11.22 오후 2:51": a year-first date followed by a time of day
TIMESTAMP = re.compile(
    r"(?:(?:발행|등록|입력|公開|发布|發布|更新)\s*:?\s*)?((?:19|20)\d\d)[./-]([01]?\d)[./-]([0-3]?\d)\.?"
    r"(?=\s*(?:(?:오전|오후|AM|PM)\s*)?[0-2]?\d:[0-5]\d)"
)
MARKED = re.compile(r"(?:발행|公開|发布|發布)\s*:?\s*((?:19|20)\d\d)[./-]([01]?\d)[./-]([0-3]?\d)")


def find_published(text: str) -> str:
    """The publication date as written in the text's head (YYYY-MM-DD, YYYY-MM or YYYY), or "" if it gives none.

    A `date ...` header is refined by a day-precise publication line or timestamp in the same month.
    """
    head = text[:HEAD_CHARS]
    header = HEADER.match(head)
    label = header.group(1) if header else ""
    day = _day_in_head(head)
    if day and (not label or day.startswith(label)):
        return day
    return label


def _day_in_head(head: str) -> str:
    for pattern, order in ((PUBLISHED_DMY, (3, 2, 1)), (MARKED, (1, 2, 3)), (TIMESTAMP, (1, 2, 3))):
        match = pattern.search(head)
        if match:
            year, month, day = (int(match.group(index)) for index in order)
            if 1 <= month <= 12 and 1 <= day <= 31:
                return f"{year:04d}-{month:02d}-{day:02d}"
    return ""
