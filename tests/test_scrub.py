"""The scrubber removes personal details of every kind and leaves ordinary text alone."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kit.scrub import PLACEHOLDERS, clean_text, scrub

ROSTER = ["Amina", "Yonas", "José", "محمد"]

REMOVED = [
    ("my worker Sarah helped me", "name", "Sarah"),
    ("My social worker, John Brown, was kind", "name", "John Brown"),
    ("Mr Okafor listened", "name", "Okafor"),
    ("she is called Hana", "name", "Hana"),
    ("My name is Amira and I like football", "name", "Amira"),
    # (text, kind that must be removed, what must be gone)
    ("Call Amina later", "name", "Amina"),
    ("yonas thinks the food was good", "name", "yonas"),
    ("Jose wants football", "name", "Jose"),
    ("قال محمد إنه يريد مترجما", "name", "محمد"),
    ("Amina's idea was best", "name", "Amina"),
    ("قال مُحَمَّد إنه يريد مترجما", "name", "مُحَمَّد"),
    ("قال محــمد", "name", "محــمد"),
    ("قال ومحمد", "name", "محمد"),
    ("Ａｍｉｎａ wrote this", "name", "Ａｍｉｎａ"),
    ("ring me on 07700 900123", "phone", "900123"),
    ("mobile 07700900123", "phone", "07700900123"),
    ("office (020) 7946 0958", "phone", "7946"),
    ("landline 0161 496 0000", "phone", "496"),
    ("+44 7700 900123 is my number", "phone", "900123"),
    ("call +33 6 12 34 56 78 in France", "phone", "56 78"),
    ("WhatsApp 0044 7700 900 123", "phone", "900 123"),
    ("email a.person@example.org please", "email", "a.person"),
    ("FIRST.LAST+tag@mail.co.uk", "email", "FIRST.LAST"),
    ("I live near SW1A 1AA", "postcode", "SW1A"),
    ("postcode m1 5an", "postcode", "m1 5an"),
    ("B33 8TH is where", "postcode", "B33 8TH"),
    ("12 High Street", "address", "High Street"),
    ("she stays at 4b Church Road now", "address", "Church Road"),
    ("Flat 3, 27 Victoria Avenue", "address", "Victoria"),
    ("moved to 5 Station Close", "address", "Station"),
    ("born 03/04/2008", "date", "03/04/2008"),
    ("DOB 3.4.08", "date", "3.4.08"),
    ("birthday 3rd March 2008", "date", "March 2008"),
    ("born on 14 Feb", "date", "14 Feb"),
    ("born in March 2008", "date", "March 2008"),
    ("date of birth: 2008-03-04", "date", "2008-03-04"),
    ("on March 3rd, 2008 I", "date", "March 3rd"),
    ("NI QQ123456C", "id number", "QQ123456C"),
    ("national insurance AB 12 34 56 C", "id number", "12 34 56"),
    ("NHS 943 476 5919", "id number", "943 476 5919"),
    ("Home Office ref B1234567", "id number", "B1234567"),
    ("port reference LHR/12345/21", "id number", "LHR/12345"),
    ("UAN 1234-5678-9012-3456", "id number", "1234-5678"),
    ("case number 55432", "id number", "55432"),
    ("see https://example.com/x?y=1", "link", "example.com"),
    ("www.example.org/page", "link", "example.org"),
    ("find me on insta @amina_2008", "link", "amina_2008"),
    ("my tiktok is somebody.tv/abc", "link", "somebody.tv"),
    ("snap: amira.k22", "link", "amira.k22"),
    ("my insta is yonas_07 add him", "link", "yonas_07"),
    ("Facebook:amira.k.2008", "link", "amira.k.2008"),
    ("born 2008/03/03", "date", "2008/03/03"),
    ("arrived 2019.11.04", "date", "2019.11.04"),
    ("3rd of March 2008", "date", "March 2008"),
    ("March 3, 2008", "date", "March 3"),
    ("on 03.03.08 she came", "date", "03.03.08"),
    ("hotel room 214 is cold", "address", "214"),
    ("flat 2b 14 mill lane", "address", "mill lane"),
    ("44a Church St. is close", "address", "Church St"),
    ("+44 (0)7700 900123", "phone", "900123"),
    ("dad: +251 91 123 4567", "phone", "123 4567"),
    ("+249 912 345 678 in Sudan", "phone", "345 678"),
    ("+98 912 345 6789", "phone", "6789"),
    ("+355 69 123 4567", "phone", "4567"),
    ("+84 90 123 45 67", "phone", "45 67"),
    ("ring 07700.900.123", "phone", "900.123"),
    ("x_y+z@sub.domain.org.uk", "email", "x_y+z"),
    ("postcode sw1a1aa", "postcode", "sw1a1aa"),
    ("call 07 700 900 123 tonight", "phone", "700 900"),
    ("077 00 90 01 23", "phone", "90 01"),
    ("my number is 7700 900123", "phone", "7700"),
    ("(+44) 7700 900123", "phone", "(+44"),
    ("اتصل ٠٧٧٠٠ ٩٠٠١٢٣ الآن", "phone", "٩٠٠١٢٣"),
    ("full-width ０７７００ ９００１２３", "phone", "９００１２３"),
    ("born ٣/٣/٢٠٠٨", "date", "٢٠٠٨"),
    ("amira at gmail dot com", "email", "amira"),
    ("amira(at)gmail.com", "email", "amira"),
    ("amira @ gmail.com", "email", "amira"),
    ("Case ID: 12-345-678", "id number", "345"),
    ("my birthday is 3/3", "date", "3/3"),
    ("NI QQ-12-34-56-C", "id number", "34-56"),
    ("NI: qq 123 456 c", "id number", "123 456"),
    ("UAN 1234 5678 9012 3456", "id number", "5678 9012"),
    ("DOB 03-03", "date", "03-03"),
    ("short link bit.ly/abc123", "link", "abc123"),
    ("snap: amina.k22", "link", ".k22"),
    ("write to amina.jones@council.gov.uk", "email", "jones"),
]

KEPT = [
    "My social worker said no.",
    "We called the Home Office helpline.",
    "My guardian always explains things.",
    "The interpreter spoke Tigrinya well.",
    "We were 10 people for 2 hours in 2022.",
    "Article 12 says you must be listened to, and Art. 3 too.",
    "The session starts at 10:30 and ends at 13:00.",
    "Three out of 7 said the interpreter was kind.",
    "Waiting 18 months for a decision is too long.",
    "Turning 18 changes everything.",
    "Score 7/10 for the guardian service.",
    "We want a safe home, not a hotel.",
    "Tigrinya: ሓገዝ ንደሊ ኢና",
    "Arabic: نريد مترجما يفهمنا",
    "Vietnamese: Chúng tôi muốn được lắng nghe.",
    "Albanian: Duam të dëgjohemi.",
    "We waited 3 years in the park.",
    "10 minutes each way on the bus.",
    "3 people were close to tears.",
    "We walk to college together.",
    "The Youth Court was scary.",
    "No Way will we give up.",
    "We met in room 3, then unit 4 of the course.",
    "My insta is great and we use snapchat every day.",
    "tiktok 2 hours a day is too much",
    "Level 3 college course, Year 11, age 16, my 18th birthday.",
    "A £50 voucher for 12 people in 2019, open 24/7, 3-4 people a group.",
    "The session ran 10.30-11.45, then 9.30-10.30 the next week.",
    "We had 2 good days walk, 2 nice people close by, 1 big hill.",
    "نحن ١٢ شخصا",
    "We sat at home, not at school.",
]


@pytest.mark.parametrize(("text", "kind", "secret"), REMOVED)
def test_scrub_removes_each_kind_of_personal_detail(text: str, kind: str, secret: str) -> None:
    result = scrub(text, ROSTER)
    assert secret.lower() not in result.text.lower()
    assert PLACEHOLDERS[kind] in result.text
    assert result.removed.get(kind, 0) >= 1


@pytest.mark.parametrize("text", KEPT)
def test_scrub_leaves_ordinary_text_alone(text: str) -> None:
    result = scrub(text, ROSTER)
    assert result.text == text
    assert result.total == 0


def test_scrub_counts_kinds_without_keeping_the_text() -> None:
    result = scrub("Amina and Yonas: 07700 900123, a@b.com", ROSTER)
    assert result.removed == {"name": 2, "phone": 1, "email": 1}
    assert result.describe() == "4 things removed (1 email, 2 name, 1 phone)"
    assert "Amina" not in repr(result.removed)


def test_scrub_reports_spans_of_the_original_for_highlighting() -> None:
    text = "Amina said 07700 900123"
    result = scrub(text, ROSTER)
    assert [(s.kind, text[s.start : s.end]) for s in result.spans] == [("name", "Amina"), ("phone", "07700 900123")]


def test_roster_names_match_whole_words_only() -> None:
    result = scrub("Aminata is not on the roster but Amina is", ["Amina"])
    assert result.text == "Aminata is not on the roster but [name] is"


def test_invisible_characters_cannot_hide_a_name() -> None:
    result = scrub("Am\u200bina came", ["Amina"])
    assert result.text == "[name] came"


def test_c1_control_characters_are_dropped_so_stored_text_cannot_drive_a_terminal() -> None:
    assert scrub("we said \u009b31m hello\u0085 ok").text == "we said 31m hello ok"


def test_a_lone_surrogate_from_a_non_utf8_argument_becomes_a_replacement_character() -> None:
    result = scrub("bad \udcff byte")
    assert result.text == "bad \ufffd byte"
    result.text.encode("utf-8")


def test_zero_width_non_joiner_used_in_persian_is_kept() -> None:
    text = "می\u200cخواهیم"
    assert scrub(text).text == text


def test_roster_name_that_looks_like_a_placeholder_word_stays_idempotent() -> None:
    once = scrub("Link and Name met", ["Link", "Name"]).text
    assert once == "[name] and [name] met"
    assert scrub(once, ["Link", "Name"]).text == once


roster_names = st.lists(st.text(min_size=1, max_size=12), max_size=4)


@settings(max_examples=300, deadline=None)
@given(text=st.text(max_size=300), roster=roster_names)
def test_scrub_is_idempotent_and_never_raises(text: str, roster: list[str]) -> None:
    once = scrub(text, roster)
    twice = scrub(once.text, roster)
    assert twice.text == once.text
    assert twice.total == 0


@settings(max_examples=100, deadline=None)
@given(
    prefix=st.text(alphabet=st.characters(categories=["L", "Zs"]), max_size=30),
    digits=st.from_regex(r"07[0-9]{3} [0-9]{6}", fullmatch=True),
)
def test_any_uk_mobile_number_is_removed(prefix: str, digits: str) -> None:
    result = scrub(f"{prefix} {digits} ok")
    assert digits not in result.text
    assert "[phone]" in result.text


def test_long_hostile_pastes_are_scrubbed_whole() -> None:
    # Inputs that made earlier patterns backtrack; bench/linear.py measures that their time grows linearly.
    for text in ["x-" * 2500, "1.1." * 1250, "a" * 5000, "+1" * 2500]:
        assert scrub(text).text == text
    result = scrub("call 07700 900123 at 14 Mill Lane " * 150)
    assert "07700" not in result.text and "Mill Lane" not in result.text

    roster = [f"Name{letter}{other}" for letter in "abcdefghij" for other in "klmnopqrstuvwxyzabcdefghij"]
    text = " ".join(roster[n % len(roster)] + " said" for n in range(600))[:5000]
    scrubbed = scrub(text, roster).text
    assert not any(name in scrubbed for name in roster)


def _top_level_alternatives(pattern: str) -> list[str]:
    """The branches of a regex's outermost alternation (| inside groups or classes does not split)."""
    branches, depth, in_class, start, i = [], 0, False, 0, 0
    while i < len(pattern):
        char = pattern[i]
        if char == "\\":
            i += 2
            continue
        if in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == "|" and depth == 0:
            branches.append(pattern[start:i])
            start = i + 1
        i += 1
    return [*branches, pattern[start:]]


def test_every_word_for_a_person_holds_a_word_its_guard_looks_for() -> None:
    # The patterns that name people after "my worker", "dad:" are tried only on text holding one of
    # _PEOPLE_NEEDS; a word added to _PEOPLE without one would never be looked for.
    from kit.scrub.text import _PEOPLE, _PEOPLE_NEEDS

    branches = _top_level_alternatives(_PEOPLE)
    assert len(branches) > 60 and "best\\s+friend" in branches
    for branch in branches:
        # A need must stand in the branch as plain letters, not inside [...] or before ? * { (then it
        # might not be in the text at all).
        held = [
            need
            for need in _PEOPLE_NEEDS
            for at in re.finditer(re.escape(need), branch.lower())
            if branch[at.end() : at.end() + 1] not in ("?", "*", "{")
            and "[" not in branch[: at.start()].rsplit("]", 1)[-1]
        ]
        assert held, f"{branch!r} holds none of _PEOPLE_NEEDS"


def _lines_to_try() -> list[str]:
    from scrub_corpus import CORPUS

    lines = [text for text, _, _ in REMOVED] + KEPT
    for corpus in sorted(CORPUS.glob("*.txt")):
        lines += [line for line in corpus.read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
    lines += [re.sub(r"\d", "", line) for line in lines]  # the same lines with no digit at all
    return lines


def test_the_guards_that_skip_patterns_never_skip_a_match() -> None:
    # A pattern is skipped on text without its words or digits, for speed: on every line of every
    # corpus, and on each line with its digits taken out, each guarded pattern finds what it finds unguarded.
    from kit.scrub.text import _fold_digits, _Guarded, patterns

    guarded = [rule for _, rule in patterns() if isinstance(rule, _Guarded)]
    assert len(guarded) > 15
    found = 0
    for line in _lines_to_try():
        text = _fold_digits(clean_text(line))
        for rule in guarded:
            unguarded = [m.span() for m in rule.pattern.finditer(text)]
            assert [m.span() for m in rule.finditer(text)] == unguarded, (rule.pattern.pattern[:60], line)
            found += len(unguarded)
    assert found > 100  # the lines hold plenty that the guarded patterns find


def test_text_with_nothing_to_remove_is_looked_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    from kit.scrub import text as scrubber

    looks: list[str] = []
    real = scrubber._find
    monkeypatch.setattr(scrubber, "_find", lambda text, *rest: looks.append(text) or real(text, *rest))
    assert scrub("The food was good and the games were fun.").total == 0
    assert len(looks) == 1
    looks.clear()
    assert scrub("ring me on 07700 900123").text == "ring me on [phone]"
    assert looks == ["ring me on 07700 900123", "ring me on [phone]"]  # what was replaced is looked at again
