"""Who published a report: a normalised agency key, its region and level, a confidence.

The metadata stage already reads the agency from the title, the opening sentence, a 来源
line or the signature, and qualifies a bare name from the text (县农民工服务中心 in a 大竹县
report is 大竹县农民工服务中心; 民政局 signed 集安市民政局 is 集安市民政局). Here that name
becomes a key two reports of the same body share across years: spacing, brackets,
leading 关于/我/本, a trailing 的 and a report title glued to the name are removed, and
人民政府办公室 / 人民政府 variants keep their distinction (they are different bodies).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

import regex

# places, outermost first; a name may chain several (四川省达州市大竹县…)
_PLACE = regex.compile(
    r"^(?P<places>(?:\p{Han}{1,8}?(?:特别行政区|自治区|自治州|自治县|省|市|州|盟|地区|县|区|旗|镇|乡|街道))+)"
)
_LEVEL_OF_PLACE = [
    ("特别行政区", "province"),
    ("自治区", "province"),
    ("省", "province"),
    ("自治州", "city"),
    ("州", "city"),
    ("盟", "city"),
    ("地区", "city"),
    ("市", "city"),
    ("自治县", "county"),
    ("县", "county"),
    ("区", "county"),
    ("旗", "county"),
    ("镇", "township"),
    ("乡", "township"),
    ("街道", "township"),
]
_GOVERNMENT = regex.compile(r"(?:人民政府|政府|街道办事处|办事处|管委会|管理委员会|行政公署)(?:办公室|办公厅)?$")
_NATIONAL = regex.compile(r"^(?:中华人民共和国|国务院|国家|中国)")
_NOISE = regex.compile(r"[\s\u3000()（）【】\[\]《》“”\"'·・,，。:：]")
_PLACEHOLDER = regex.compile(r"[XxＸｘ×*＊]{1,4}(?:市|县|区|省|局|委|办|镇|乡|街道|单位|部门)|[○〇]{2}")
_TRAILING_TITLE = regex.compile(r"(?:\d{4}年度?)?(?:政府)?(?:信息公开|政务公开).*$")


# what a reader calls each level (the CLI and the site show these; JSON keeps the keys)
LEVEL_NAMES = {
    "national": "国家级",
    "province": "省级",
    "city": "市级",
    "county": "县级",
    "township": "乡镇级",
    "department": "部门",
}


@dataclass(frozen=True)
class AgencyIdentity:
    key: Optional[str]  # None when the report names no body
    name: Optional[str]  # as the report printed it
    region: Optional[str]  # 大竹县 / 四川省达州市 …, when the name starts with a place
    level: Optional[str]  # national | province | city | county | township | department
    confidence: float  # 0..1: how sure the key names one body

    def to_dict(self) -> dict:
        return {
            "key": self.key,
            "name": self.name,
            "region": self.region,
            "level": self.level,
            "confidence": self.confidence,
        }


def agency_key(name: Optional[str]) -> Optional[str]:
    if not name:
        return None
    key = _NOISE.sub("", name)
    key = regex.sub(r"^(?:关于|我|本)", "", key)
    key = _TRAILING_TITLE.sub("", key)
    key = regex.sub(r"的$", "", key)
    return key if len(key) >= 2 else None


def identify(name: Optional[str]) -> AgencyIdentity:
    """The identity of the body a report's `meta.agency` names."""
    key = agency_key(name)
    if key is None or _PLACEHOLDER.search(key):
        # no name, or a template's placeholder (XX市XX局): no body to group reports by
        return AgencyIdentity(None, name, None, None, 0.0)
    if _NATIONAL.match(key):  # a ministry or national administration: one body by its name
        return AgencyIdentity(key, name, None, "national", 0.9)
    m = _PLACE.match(key)
    region = m.group("places") if m else None
    rest = key[m.end() :] if m else key
    if region and (not rest or _GOVERNMENT.fullmatch(rest)):
        level = next((lv for suffix, lv in _LEVEL_OF_PLACE if region.endswith(suffix)), None)
        if not rest.endswith(("办公室", "办公厅")):
            # the place's own government, however a title names it (平潭综合实验区 /
            # 平潭综合实验区管委会, 洪泽区 / 洪泽区人民政府): one body; its office is another
            key = region + "人民政府"
    else:
        level = "department"
    # a place-qualified name identifies one body; a bare department name (民政局) may be
    # any of thousands, so its reports are grouped only with reports printing the same name
    confidence = 0.9 if region else 0.4
    if region and len(region) <= 2:  # 某县, 本区: a place word without a place name
        confidence = 0.5
    return AgencyIdentity(key, name, region, level, confidence)
