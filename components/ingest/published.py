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
# "2020年1月24日 06:00", "【看中国2021年7月17日讯】": a CJK date with a time of day, or a Chinese dateline (…日讯/电)
CJK_STAMP = re.compile(r"((?:19|20)\d\d)年([01]?\d)月([0-3]?\d)日(?=\s*(?:[0-2]?\d:[0-5]\d|[讯訊电電]))")
# "07/11/2014, 16:22 WIB", "11:56 Sáng - 07/11/2020": a day-first numeric date next to a time of day
DMY_STAMP = re.compile(
    r"(?:[0-2]?\d:[0-5]\d[^\d\n]{1,12}?(?<![\d/])([0-3]?\d)/([01]?\d)/((?:19|20)\d\d))"
    r"|(?:(?<![\d/])([0-3]?\d)/([01]?\d)/((?:19|20)\d\d),?\s*[0-2]?\d:[0-5]\d)"
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
    patterns = ((PUBLISHED_DMY, (3, 2, 1)), (MARKED, (1, 2, 3)), (TIMESTAMP, (1, 2, 3)), (CJK_STAMP, (1, 2, 3)))
    for pattern, order in (*patterns, (DMY_STAMP, (3, 2, 1))):
        match = pattern.search(head)
        if match:
            groups = [group for group in match.groups() if group is not None]
            year, month, day = (int(groups[index - 1]) for index in order)
            if 1 <= month <= 12 and 1 <= day <= 31:
                return f"{year:04d}-{month:02d}-{day:02d}"
    return ""
