"""Normalisation keeps an exact map back to the source text."""

from __future__ import annotations

import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from textmine.normalize import detect_script, normalize


def test_pinyin_readings_are_removed_and_script_converted():
    src = "我鎮主動公開(kāi)的政府信息(xī)共23條,經(jīng)過保密審查。"
    n = normalize(src)
    assert n.script == "traditional"
    assert n.text == "我镇主动公开的政府信息共23条,经过保密审查。"


def test_parenthesised_latin_without_tone_marks_is_kept():
    n = normalize("下载附件(PDF)或访问(www.example.gov.cn)查看。")
    assert "(PDF)" in n.text and "(www.example.gov.cn)" in n.text


def test_simplified_text_is_not_converted():
    src = "本机关显著提高了信息公开质量,著作权信息依法公开。"
    n = normalize(src)
    assert n.script == "simplified"
    assert n.text == src


def test_boilerplate_lines_and_font_widget_prefix():
    src = (
        "某某局2021年政府信息公开工作年度报告\n字号:\n大 中 小本报告根据条例编制。\n"
        "一、总体情况\n全年公开信息30条。\n分享到:\n扫码使用手机浏览本页内容\n登录 注册\n点击数:118\n"
    )
    n = normalize(src)
    assert "字号" not in n.text and "分享到" not in n.text and "扫码" not in n.text
    assert "登录" not in n.text and "点击数" not in n.text
    assert "本报告根据条例编制。" in n.text
    assert n.text.count("大 中 小") == 0


def test_boilerplate_words_inside_prose_survive():
    # a long line that merely mentions sharing is prose, not a share widget
    src = "分享到各科室的政务公开经验材料共12份,由办公室统一汇总后报送县政务公开办并在网站公开。"
    assert normalize(src).text == src


def test_stray_markup_and_entities():
    n = normalize("实施方案</span>等内容&nbsp;已公开<br/>完毕")
    assert n.text == "实施方案等内容 已公开完毕"


def test_nfkc_folds_fullwidth_and_nbsp():
    n = normalize("共公开１２３条（其中政策解读５条）：\u00a0完成")
    assert n.text == "共公开123条(其中政策解读5条): 完成"


def test_offsets_point_back_to_source():
    src = "一、總體情況\n主動公開(kāi)政府信息１２２條。</span>\n點擊數:5"
    n = normalize(src)
    i = n.text.index("122")
    s, e = n.source_span(i, i + 3)
    assert src[s:e] == "１２２"
    j = n.text.index("政府信息")
    s, e = n.source_span(j, j + 4)
    assert src[s:e] == "政府信息"


def test_detect_script():
    assert detect_script("為深入貫徹條例要求,特向社會公佈本機關年度報告") == "traditional"
    assert detect_script("为深入贯彻条例要求,特向社会公布本机关年度报告") == "simplified"
    assert detect_script("2020 | 0 | 0") == "simplified"


@settings(max_examples=200, deadline=None)
@given(
    st.text(
        alphabet=st.sampled_from(list("政府信息公開(kāi)開條例 \n\u00a0１２3|<>/span字号大中小分享到點擊數:") + ["\r"]),
        max_size=120,
    )
)
def test_offset_map_is_monotone_and_in_range(src):
    n = normalize(src)
    assert len(n.offsets) == len(n.text)
    assert all(0 <= o < max(len(src), 1) for o in n.offsets)
    assert n.offsets == sorted(n.offsets)
    assert unicodedata.is_normalized("NFKC", n.text)
