"""Build the ingest fixtures (HTML, PDF, DOCX, broken archives) at test time.

Binary fixtures are generated rather than checked in so that every byte of them is
explained here, and so they follow the reader code when the expected layout changes.
The content is a short, fictional county-bureau report in the mandated 2019 outline
(一、总体情况 … 六、其他需要报告的事项) with excerpts of table 2 and table 3 whose numbers
satisfy the 勾稽关系 of SPEC §1, laid out the way real CMS pages, Word-exported PDFs and
.docx files lay them out.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

TITLE = "青溪县自然资源局2021年政府信息公开工作年度报告"
PREAMBLE = (
    "本报告依据《中华人民共和国政府信息公开条例》第五十条编制，所列数据的统计期限自2021年1月1日起至2021年12月31日止。"
)
OVERVIEW = (
    "2021年，我局围绕耕地保护、不动产登记和国土空间规划等重点领域推进政务公开，"
    "全年主动公开政府信息86条，其中政策文件14条。局办公室配备兼职工作人员3名。"
)
APPLICATIONS = "本年度共新收政府信息公开申请16件，上年结转1件，均已按期答复。"
REVIEW = "本年度未发生因政府信息公开引起的行政复议和行政诉讼。"
PROBLEMS = (
    "一是部分栏目更新不够及时；二是政策解读形式较为单一。下一步，我局将建立栏目月度巡查制度，并增加图表和视频解读。"
)
OTHER = "本年度未收取信息处理费。"

HEADINGS = [
    "一、总体情况",
    "二、主动公开政府信息情况",
    "三、收到和处理政府信息公开申请情况",
    "四、政府信息公开行政复议、行政诉讼情况",
    "五、存在的主要问题及改进情况",
    "六、其他需要报告的事项",
]

# The whole report as plain text, for the encoding tests.
REPORT_TEXT = (
    "\n".join(
        [
            TITLE,
            PREAMBLE,
            HEADINGS[0],
            OVERVIEW,
            HEADINGS[1],
            "规章 | 0 | 0 | 0",
            "行政规范性文件 | 3 | 1 | 12",
            HEADINGS[2],
            APPLICATIONS,
            HEADINGS[3],
            REVIEW,
            HEADINGS[4],
            PROBLEMS,
            HEADINGS[5],
            OTHER,
        ]
    )
    + "\n"
)

# Traditional-script version of the opening, as published by Big5 sites.
REPORT_TEXT_TRADITIONAL = (
    "青溪縣自然資源局2021年政府信息公開工作年度報告\n"
    "一、總體情況\n"
    "2021年，本局圍繞耕地保護、不動產登記和國土空間規劃推進政務公開，"
    "全年主動公開政府信息86條，配備兼職工作人員3名。\n"
    "五、存在的主要問題及改進情況\n"
    "一是部分欄目更新不夠及時；二是政策解讀形式較為單一。\n"
)

# --- table 2 excerpt (2021 template, 第二十条第（一）项) ---------------------------------
T2_HEADER = "第二十条第（一）项"
T2_CAPTION = "表一 主动公开政府信息情况"
T2_ROWS = [
    ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"],
    ["规章", "0", "0", "0"],
    ["行政规范性文件", "3", "1", "12"],
]
# As the HTML reader must expand it: the colspan=4 header fills all four columns.
T2_GRID_HTML = [[T2_HEADER] * 4] + T2_ROWS
# The PDF reader lays merged cells out the same way (ingest/grids.py).
T2_GRID_PDF = T2_GRID_HTML

# --- table 3 excerpt (columns as in the mandated table) -------------------------------
T3_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
T3_ORGS = ["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]
T3_PARTIAL = "（二）部分公开 （区分处理的，只计这一情形，不计其他情形）"  # <br> in the cell
T3_RESULTS = "三、本年度办理结果"
# label, then natural person, five organisation kinds, total. Balance per column:
# new + carried_over (17) = total_processed + carried_forward (14 + 3).
T3_VALUES = {
    "new": ["12", "3", "0", "0", "1", "0", "16"],
    "carried_over": ["1", "0", "0", "0", "0", "0", "1"],
    "granted": ["7", "2", "0", "0", "1", "0", "10"],
    "partial": ["2", "0", "0", "0", "0", "0", "2"],
    "state_secret": ["1", "0", "0", "0", "0", "0", "1"],
    "law_forbidden": ["0", "1", "0", "0", "0", "0", "1"],
    "total_processed": ["10", "3", "0", "0", "1", "0", "14"],
    "carried_forward": ["3", "0", "0", "0", "0", "0", "3"],
}
T3_GRID = [
    [T3_NOTE] * 3 + ["申请人情况"] * 7,
    [T3_NOTE] * 3 + ["自然人"] + ["法人或其他组织"] * 5 + ["总计"],
    [T3_NOTE] * 3 + ["自然人"] + T3_ORGS + ["总计"],
    ["一、本年新收政府信息公开申请数量"] * 3 + T3_VALUES["new"],
    ["二、上年结转政府信息公开申请数量"] * 3 + T3_VALUES["carried_over"],
    [T3_RESULTS] + ["（一）予以公开"] * 2 + T3_VALUES["granted"],
    [T3_RESULTS] + [T3_PARTIAL] * 2 + T3_VALUES["partial"],
    [T3_RESULTS, "（三）不予公开", "1.属于国家秘密"] + T3_VALUES["state_secret"],
    [T3_RESULTS, "（三）不予公开", "2.其他法律行政法规禁止公开"] + T3_VALUES["law_forbidden"],
    [T3_RESULTS] + ["（七）总计"] * 2 + T3_VALUES["total_processed"],
    ["四、结转下年度继续办理"] * 3 + T3_VALUES["carried_forward"],
]


def _tds(values: list[str]) -> str:
    return "".join(f"<td>{v}</td>" for v in values)


def _t2_html() -> str:
    head = "".join(f"<th>{h}</th>" for h in T2_ROWS[0])
    body = "".join(f"<tr>{_tds(row)}</tr>" for row in T2_ROWS[1:])
    return (
        f'<table border="1" class="MsoTableGrid"><caption>{T2_CAPTION}</caption>'
        f'<thead><tr><th colspan="4">{T2_HEADER}</th></tr><tr>{head}</tr></thead>'
        f"<tbody>{body}</tbody></table>"
    )


def _t3_html() -> str:
    """Table 3 the way Word-exported pages carry it: spans, <p><span> wrappers, &nbsp;,
    a <br> inside a label cell, an empty spacer row, and cells split over source lines."""
    v = T3_VALUES
    orgs = "".join(f'<td><p class="MsoNormal"><span>{o}</span></p></td>' for o in T3_ORGS)
    return f"""
<table border="1" cellspacing="0" style="border-collapse:collapse">
 <tbody>
  <tr><td colspan="3" rowspan="3"><p>{T3_NOTE}</p></td>
      <td colspan="7" style="text-align:center"><b>申请人情况</b></td></tr>
  <tr><td rowspan="2">自然人</td><td colspan="5">法人或其他组织</td><td rowspan="2">总计</td></tr>
  <tr>{orgs}</tr>
  <tr><td colspan="3">一、本年新收政府信息公开申请数量</td>{_tds(v["new"])}</tr>
  <tr><td colspan="3">二、上年结转政府信息公开申请数量</td>{_tds(v["carried_over"])}</tr>
  <tr><td rowspan="5">三、本年度
      办理结果</td><td colspan="2">（一）予以公开</td>{_tds(v["granted"])}</tr>
  <tr><td colspan="2">（二）部分公开<br>（区分处理的，只计这一情形，不计其他情形）</td>{_tds(v["partial"])}</tr>
  <tr><td rowspan="2">（三）不予公开</td><td>1.属于国家秘密</td>{_tds(v["state_secret"])}</tr>
  <tr><td>2.其他法律行政法规禁止公开</td>{_tds(v["law_forbidden"])}</tr>
  <tr><td colspan="2">（七）总计</td>{_tds(v["total_processed"])}</tr>
  <tr><td colspan="10">&nbsp;</td></tr>
  <tr><td colspan="3">四、结转下年度继续办理</td>{_tds(v["carried_forward"])}</tr>
 </tbody>
</table>"""


def report_html(charset_meta: str | None = '<meta charset="gbk">', codec: str = "gbk") -> bytes:
    """The report as a CMS page: the article sits in a one-column layout table (as on many
    government sites), with the two data tables nested inside it."""
    paras = [
        f"<h2>{HEADINGS[0]}</h2>",
        f"<p>　　{OVERVIEW}</p>",
        f"<h2>{HEADINGS[1]}</h2>",
        _t2_html(),
        f"<h2>{HEADINGS[2]}</h2>",
        f"<p>　　{APPLICATIONS}</p>",
        _t3_html(),
        f"<h2>{HEADINGS[3]}</h2>",
        f"<p>　　{REVIEW}</p>",
        f"<h2>{HEADINGS[4]}</h2>",
        f"<p>　　{PROBLEMS}</p>",
        f"<h2>{HEADINGS[5]}</h2>",
        f"<p>　　{OTHER}</p>",
    ]
    page = f"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN">
<html><head>{charset_meta or ""}
<title>{TITLE}_青溪县人民政府</title></head>
<body>
<table class="layout" width="1000"><tr><td>
  <h1 class="title">{TITLE}</h1>
  <div class="zoom">
   <p>{PREAMBLE}</p>
   {"".join(paras)}
  </div>
</td></tr></table>
</body></html>"""
    return page.encode(codec)


PORTAL_NEWS = [f"关于做好第{i}批惠农补贴发放工作的通知" for i in range(1, 41)]
PORTAL_RELATED = [
    "县政府办公室",
    "县发展和改革局",
    "县教育局",
    "县公安局",
    "县民政局",
    "县财政局",
    "县人力资源和社会保障局",
    "县生态环境局",
    "县住房和城乡建设局",
    "县交通运输局",
    "县水利局",
    "县卫生健康委",
]
PORTAL_FOOTER = ["网站地图", "联系我们", "隐私声明", "使用帮助", "无障碍浏览", "关于本站"]
ATTACHMENTS_LINE = "具体数据详见附件1和附件2。"


def portal_html() -> bytes:
    """report_html() inside the chrome of a county portal, none of it in <nav>: a header
    list of 40 dated news links, a table of contents linking to the headings, a sidebar of
    department links under its own heading, a footer line of links separated by `|`. The
    article keeps a paragraph with two attachment links, and table 2's row labels are
    links (a data table is never page navigation)."""
    page = report_html(charset_meta='<meta charset="utf-8">', codec="utf-8").decode("utf-8")
    for label in ("规章", "行政规范性文件"):
        page = page.replace(f"<td>{label}</td>", f'<td><a href="/gk/{len(label)}.html">{label}</a></td>', 1)
    news = "".join(
        f'<li><a href="/xw/{i}.html">{t}</a><span class="date">2021-{i % 12 + 1:02d}-{i % 28 + 1:02d}</span></li>'
        for i, t in enumerate(PORTAL_NEWS)
    )
    toc = "".join(f'<li><a href="#s{i}">{h}</a></li>' for i, h in enumerate(HEADINGS))
    related = "".join(f'<li><a href="/bm/{i}/">{name}</a></li>' for i, name in enumerate(PORTAL_RELATED))
    footer = " | ".join(f'<a href="/f/{i}">{t}</a>' for i, t in enumerate(PORTAL_FOOTER))
    page = page.replace("<body>", f'<body><div class="top"><ul class="news">{news}</ul></div>', 1)
    page = page.replace('<div class="zoom">', f'<ol class="toc">{toc}</ol><div class="zoom">', 1)
    attachments = ATTACHMENTS_LINE.replace("附件1", '<a href="/f1.pdf">附件1</a>').replace(
        "附件2", '<a href="/f2.pdf">附件2</a>'
    )
    page = page.replace(f"<p>　　{OTHER}</p>", f"<p>　　{OTHER}</p><p>{attachments}</p>", 1)
    page = page.replace(
        "</body>",
        f'<div class="side"><h3>相关链接</h3><ul>{related}</ul></div><p class="footer">{footer}</p></body>',
        1,
    )
    return page.encode("utf-8")


def traditional_html_big5() -> bytes:
    lines = REPORT_TEXT_TRADITIONAL.strip().split("\n")
    body = "".join(f"<p>{line}</p>" for line in lines)
    return (
        f'<html><head><meta http-equiv="Content-Type" content="text/html; charset=big5">'
        f"</head><body>{body}</body></html>"
    ).encode("big5")


# Strings that live only in scripts, styles, navigation and other unseen markup.
JUNK_MARKERS = [
    "不应出现的脚本",
    "font-family",
    "导航首页",
    "请启用脚本",
    "模板内容",
    "内嵌框架",
    "矢量图文字",
    "注释内容",
    "网页标题",
    "站点地图",
    "下拉选项",
]
JUNK_EXPECTED_LINES = [
    TITLE,
    "一、总体情况",
    "全年主动公开政府信息86条，其中政策文件14条。",
    "局办公室配备兼职工作人员3名。",
    "咨询电话 0000-1234567",
    "二、主动公开政府信息情况",
    "行政规范性文件 3件",
]


def junk_html() -> bytes:
    """A page whose only visible content is JUNK_EXPECTED_LINES, surrounded by everything
    a CMS adds: scripts, styles, menus, a comment, inline markup splitting sentences."""
    return f"""<html><head><title>网页标题</title>
<style>body {{ font-family: SimSun; }}</style>
<script>var t = "不应出现的脚本";</script></head>
<body>
<nav><a href="/">导航首页</a> <a href="/zwgk">政务公开</a></nav>
<ul role="navigation"><li><a href="/map">站点地图</a></li></ul>
<noscript>请启用脚本</noscript>
<template><p>模板内容</p></template>
<iframe src="share.html">内嵌框架</iframe>
<svg width="10" height="10"><text>矢量图文字</text></svg>
<!-- 注释内容 -->
<select><option>下拉选项</option></select>
<div class="article">
 <h1>  {TITLE}  </h1>
 <div>　　一、<b>总体</b>情况</div>
 <p>全年主动<span class="hl">公开</span>政府信息<font color="red">86</font>条，其中政策文件14条。<br/>
    局办公室配备兼职工作人员3名。</p>
 <p>咨询电话&nbsp;&nbsp; 0000-1234567<script>document.write("不应出现的脚本")</script></p>
 <h2>二、主动公开政府信息情况</h2>
 <ul><li>行政规范性文件
   3件</li></ul>
</div>
</body></html>""".encode("utf-8")


def navigation_only_html() -> bytes:
    return """<html><head><meta charset="utf-8"><title>首页</title>
<script src="/js/jquery.js"></script><style>.nav{color:red}</style></head>
<body><nav><a href="/">首页</a> | <a href="/xxgk">信息公开</a> | <a href="/hdjl">互动交流</a></nav>
<div role="navigation"><a href="/login">登录</a> <a href="/reg">注册</a></div>
<!-- 正文由脚本加载 --><script>loadArticle(12345);</script></body></html>""".encode("utf-8")


# --- PDF ------------------------------------------------------------------------------


def _register_cid_font() -> str:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    return "STSong-Light"


def report_pdf(path: Path) -> bytes:
    """Two pages: title, preamble and 一 on page 1; 二 with a ruled table 2 excerpt (its
    header cell spans all four columns) and the start of 三 on page 2."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    font = _register_cid_font()
    body = ParagraphStyle("body", fontName=font, fontSize=11, leading=17, wordWrap="CJK")
    title = ParagraphStyle("title", parent=body, fontSize=16, leading=24)
    table = Table([[T2_HEADER, "", "", ""]] + T2_ROWS, colWidths=[130, 90, 90, 90])
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), font),
                ("SPAN", (0, 0), (3, 0)),
                ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
            ]
        )
    )
    story = [
        Paragraph(TITLE, title),
        Paragraph(PREAMBLE, body),
        Spacer(1, 12),
        Paragraph(HEADINGS[0], body),
        Paragraph(OVERVIEW, body),
        PageBreak(),
        Paragraph(HEADINGS[1], body),
        Spacer(1, 6),
        table,
        Spacer(1, 12),
        Paragraph(HEADINGS[2], body),
        Paragraph(APPLICATIONS, body),
    ]
    buf = io.BytesIO()
    SimpleDocTemplate(buf, pagesize=A4, title=TITLE).build(story)
    path.write_bytes(buf.getvalue())
    return buf.getvalue()


def scanned_like_pdf(path: Path) -> bytes:
    """A page with only graphics, as a scanned report looks to a text extractor."""
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf)
    c.setFillGray(0.85)
    c.rect(72, 300, 450, 400, stroke=1, fill=1)
    c.showPage()
    c.save()
    path.write_bytes(buf.getvalue())
    return buf.getvalue()


def simple_pdf(pages: int, encrypt: str | None = None) -> bytes:
    """`pages` pages with one line of Chinese each, optionally password-protected."""
    from reportlab.pdfgen import canvas

    font = _register_cid_font()
    buf = io.BytesIO()
    c = canvas.Canvas(buf, encrypt=encrypt)
    for n in range(pages):
        c.setFont(font, 12)
        c.drawString(72, 760, f"{HEADINGS[n % len(HEADINGS)]}（第{n + 1}页）")
        c.showPage()
    c.save()
    return buf.getvalue()


# --- DOCX -----------------------------------------------------------------------------

# Table 3 as small agencies lay it out in Word: 申请人 columns folded to three, the
# corner cell merged across the two label columns, 三、本年度办理结果 merged down.
DOCX_T3_GRID = [
    ["项目", "项目", "自然人", "法人或其他组织", "总计"],
    ["一、本年新收政府信息公开申请数量"] * 2 + ["12", "4", "16"],
    ["二、上年结转政府信息公开申请数量"] * 2 + ["1", "0", "1"],
    [T3_RESULTS, "（一）予以公开", "7", "3", "10"],
    [T3_RESULTS, "（二）部分公开", "2", "0", "2"],
    [T3_RESULTS, "（三）不予公开", "1", "1", "2"],
    [T3_RESULTS, "（七）总计", "10", "4", "14"],
    ["四、结转下年度继续办理"] * 2 + ["3", "0", "3"],
]


def report_docx(path: Path) -> bytes:
    """Title, preamble, headings and paragraphs, one soft line break, and table 3 between
    heading 三 and heading 四, with horizontal merges (w:gridSpan) and a vertical merge
    (w:vMerge) over four rows."""
    import docx

    document = docx.Document()
    document.add_heading(TITLE, level=1)
    document.add_paragraph(PREAMBLE)
    document.add_paragraph(HEADINGS[0])
    first, second = OVERVIEW.split("。", 1)
    overview = document.add_paragraph(first + "。")
    overview.add_run().add_break()  # a soft line break (Shift+Enter) inside the paragraph
    overview.add_run(second)
    document.add_paragraph("")  # empty paragraphs are common spacing in Word reports
    document.add_paragraph(HEADINGS[1])
    document.add_paragraph("规章 0件，行政规范性文件 3件。")
    document.add_paragraph(HEADINGS[2])
    document.add_paragraph(APPLICATIONS)

    table = document.add_table(rows=len(DOCX_T3_GRID), cols=5)
    table.style = "Table Grid"
    for r, row in enumerate(DOCX_T3_GRID):
        for c, value in enumerate(row):
            if c >= 2 or r in (3, 4, 5, 6) and c == 1:
                table.cell(r, c).text = value
    for r in (0, 1, 2, 7):  # horizontal merges (w:gridSpan)
        table.cell(r, 0).merge(table.cell(r, 1)).text = DOCX_T3_GRID[r][0]
    table.cell(3, 0).merge(table.cell(6, 0)).text = T3_RESULTS  # vertical merge (w:vMerge)

    document.add_paragraph(HEADINGS[3])
    document.add_paragraph(REVIEW)
    buf = io.BytesIO()
    document.save(buf)
    path.write_bytes(buf.getvalue())
    return buf.getvalue()


def replace_member(docx_bytes: bytes, name: str, content: bytes) -> bytes:
    """Copy a .docx with one member's bytes replaced (to corrupt word/document.xml)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(docx_bytes)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info.filename, content if info.filename == name else src.read(info))
    return out.getvalue()


def zip_without_document() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("mimetype", "application/epub+zip")
        z.writestr("OEBPS/content.opf", "<package/>")
    return out.getvalue()


def zip_bomb_docx(path: Path, megabytes: int = 50) -> bytes:
    """A .docx-shaped archive whose media member is `megabytes` of zeros (ratio ~1000:1).
    Written in 1 MB chunks so building it never holds the inflated member in memory."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        z.writestr("word/document.xml", '<?xml version="1.0"?><w:document/>')
        chunk = bytes(1024 * 1024)
        with z.open("word/media/image1.png", "w") as member:
            for _ in range(megabytes):
                member.write(chunk)
    return path.read_bytes()


def framed_tables_docx(path: Path, split_table3: bool = False) -> bytes:
    """A report whose tables sit inside a one-cell layout table (the frame some Word
    templates draw around the body), table 2's decision counts written across the three
    value columns (w:gridSpan 3), and, with `split_table3`, table 3 broken into two Word
    tables by a page break (the second part without its header)."""
    import docx
    from docx.enum.text import WD_BREAK

    document = docx.Document()
    document.add_paragraph(TITLE)
    document.add_paragraph(HEADINGS[0])
    document.add_paragraph(OVERVIEW)
    frame = document.add_table(rows=1, cols=1).cell(0, 0)
    frame.paragraphs[0].text = HEADINGS[1]
    t2 = frame.add_table(rows=5, cols=4)
    t2.style = "Table Grid"
    for c, text in enumerate(T2_ROWS[0]):
        t2.cell(0, c).text = text
    for c, text in enumerate(["规章", "0", "0", "2"]):
        t2.cell(1, c).text = text
    t2.cell(2, 0).merge(t2.cell(2, 3)).text = "第二十条第（五）项"
    t2.cell(3, 0).text = "信息内容"
    t2.cell(3, 1).merge(t2.cell(3, 3)).text = "本年处理决定数量"
    t2.cell(4, 0).text = "行政许可"
    t2.cell(4, 1).merge(t2.cell(4, 3)).text = "550"
    frame.add_paragraph(HEADINGS[2])
    rows = DOCX_T3_GRID
    parts = [rows[:5], rows[5:]] if split_table3 else [rows]
    for k, part in enumerate(parts):
        if k:
            frame.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        t3 = frame.add_table(rows=len(part), cols=5)
        t3.style = "Table Grid"
        for r, row in enumerate(part):
            for c, value in enumerate(row):
                if c == 0 or c == 1 and row[1] != row[0]:
                    t3.cell(r, c).text = value
                elif c >= 2:
                    t3.cell(r, c).text = value
            if row[0] == row[1]:
                t3.cell(r, 0).merge(t3.cell(r, 1)).text = row[0]
    frame.add_paragraph(HEADINGS[3])
    frame.add_paragraph(REVIEW)
    buf = io.BytesIO()
    document.save(buf)
    path.write_bytes(buf.getvalue())
    return buf.getvalue()
