"""The week grid's select options (altprov/attendance/templatetags/attendance_marks.py), written
once per code for speed (issue 10, P6): the same options, in the codes' order, as the template
wrote them one by one."""

import re

from altprov.attendance.codes import CODES
from altprov.attendance.templatetags.attendance_marks import code_options

OPTION = re.compile(r'<option value="([^"]*)"( selected)?>([^<]*)</option>')


def options(selected):
    return [
        (value, bool(chosen), text)
        for value, chosen, text in OPTION.findall(code_options(selected))
    ]


def test_R10_6_every_code_is_offered_in_order_after_no_mark():
    found = options("")
    assert [value for value, _, _ in found] == ["", *CODES]
    assert found[0] == ("", True, "-")
    assert not any(chosen for _, chosen, _ in found[1:])


def test_R10_6_the_mark_held_is_the_one_chosen():
    for code in ("/", "\\", "B", "N", "Z"):
        found = options(code)
        assert [value for value, chosen, _ in found if chosen] == [code]
    assert options(None) == options("")


def test_R10_6_a_value_that_is_not_a_code_chooses_nothing_and_is_never_written():
    found = options('"><script>')
    assert not any(chosen for _, chosen, _ in found)
    assert "<script>" not in code_options('"><script>')
