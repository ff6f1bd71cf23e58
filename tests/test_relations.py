"""How the claims stage relates claims to each other (claims/relations.py): the typed
fields checks read instead of the prose."""

from textmine.claims import extract_claims
from textmine.document import Claim, Section


def claims_of(text: str, key: str = "overview") -> list[Claim]:
    return extract_claims(text, [Section(key, "一", "", 0, len(text), 0)])


def by_value(claims: list[Claim]) -> dict[float, Claim]:
    return {c.value: c for c in claims if c.value is not None}


def test_parts_of_a_whole_point_at_it_and_keep_their_own_kind():
    cs = by_value(claims_of("共生成政府信息127条,其中主动公开23条,不予公开的政府信息104条。"))
    whole = cs[127]
    assert (cs[23].part_of, cs[104].part_of) == (whole.start, whole.start)
    # published and withheld items are kinds of their own: they do not become "documents"
    assert (cs[23].type, cs[104].type) == ("published_items", "withheld_items")


def test_untyped_parts_take_the_total_type_across_comma_lists_with_enumerated_names():
    cs = by_value(claims_of("全年主动公开政府信息300条,其中规划、计划类信息100条,财政、统计类信息120条,其他信息80条。"))
    parts = [cs[100], cs[120], cs[80]]
    assert all(p.part_of == cs[300].start and p.breakdown and p.type == "published_items" for p in parts)
    assert cs[300].part_of is None and not cs[300].breakdown


def test_each_part_of_a_list_is_named_by_its_own_words():
    cs = by_value(claims_of("全年通过门户网站公开信息754条,其中政策文件52条、人事信息38篇、工作动态664个。"))
    assert [cs[v].category for v in (52, 38, 664)] == ["政策文件", "人事信息", "工作动态"]
    assert all(cs[v].part_of == cs[754].start for v in (52, 38, 664))


def test_what_stands_beside_a_list_is_not_in_it():
    cs = claims_of("本年度办结申请9件,其中予以公开6件,部分公开3件,另有1件结转至下一年度办理。")
    whole = next(c for c in cs if c.value == 9)
    assert [c.value for c in cs if c.part_of == whole.start] == [6, 3]
    beside = next(c for c in cs if c.value == 1)
    assert beside.part_of is None


def test_a_list_opened_in_parentheses_ends_with_them():
    cs = claims_of("局办公室配备工作人员3名(其中专职1名),各科室各确定1名联络员。")
    whole = next(c for c in cs if c.value == 3)
    assert [c.value for c in cs if c.part_of == whole.start] == [1]
    assert sum(c.part_of is not None for c in cs) == 1


def test_case_results_are_parts_and_results_of_a_part_nest():
    cs = claims_of("本年度被申请行政复议3件,其中维持2件、纠正1件。")
    review = next(c for c in cs if c.value == 3)
    assert [(c.type, c.value) for c in cs if c.part_of == review.start] == [("review_cases", 2), ("review_cases", 1)]
    cs = claims_of("被提起行政诉讼3件,其中未经复议直接起诉2件(维持1件、尚未审结1件),复议后起诉1件。")
    total, direct = cs[0], cs[1]
    assert [c.value for c in cs if c.part_of == total.start] == [2, 1]
    assert [c.value for c in cs if c.part_of == direct.start] == [1, 1]
    assert all(c.type == "litigation_cases" for c in cs)


def test_next_sentence_opening_with_qizhong_lists_the_parts_of_the_total_before():
    cs = claims_of("全年共收到申请12件。其中,自然人申请10件,法人申请2件。")
    received = cs[0]
    assert [(c.type, c.value, c.breakdown) for c in cs if c.part_of == received.start] == [
        ("applications_received", 10, True),
        ("applications_received", 2, True),
    ]


def test_counted_in_and_applicants():
    cs = claims_of("全年共收到群众申请15件(含上年结转2件)。")
    received = next(c for c in cs if c.type == "applications_received")
    carried = next(c for c in cs if c.outcome == "carried_over")
    assert carried.counted_in == received.start and received.applicant == "natural_person"
    assert claims_of("收到申请4件。")[0].applicant is None


def test_scope_of_published_items():
    def scopes(text: str) -> list:
        return [c.scope for c in claims_of(text) if c.type == "published_items"]

    assert scopes("全年共公开政务信息120余则。累计通过县定平台公开信息20余则。") == ["headline", "channel"]
    assert scopes("全年主动公开政府信息120条。全年公开财政预决算信息25条、重大建设项目信息12条。") == [
        "headline",
        "category",
        "category",
    ]
