"""The actor knowledge base: bundled tables, people merged across files, and users' own dictionaries."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import spacy

from dyadwatch.errors import DataFileError
from dyadwatch.kb.actors import load_kb
from dyadwatch.nlp.actors import ActorResolver


@pytest.fixture(scope="module")
def kb():
    return load_kb()


def test_people_from_several_files_are_one_person_with_all_offices(kb):
    (tusk,) = [p for p in kb.people if p.name == "Donald Tusk"]
    assert {o.code for o in tusk.offices} == {"POLGOV", "IGOEUREEC"}
    assert tusk.country == "POL"
    assert kb.surnames["stoltenberg"] == [p for p in kb.people if p.name == "Jens Stoltenberg"]


@pytest.mark.parametrize(("name", "day", "code"), [
    ("Donald Tusk", date(2020, 6, 1), "POLELI"),   # between offices
    ("Viktor Orbán", date(2005, 6, 1), "HUNELI"),
    ("Abdullah II", date(2010, 6, 1), "JORGOV"),
    ("Ferdinand Marcos Jr.", date(2023, 6, 1), "PHLGOV"),
])
def test_person_code_on_a_day(kb, name, day, code):
    (person,) = [p for p in kb.people if p.name == name]
    assert person.code_on(day) == code


@pytest.mark.parametrize(("name", "surname"), [
    ("Abdullah II", "Abdullah"), ("Ferdinand Marcos Jr.", "Marcos"), ("Xi Jinping", "Xi"), ("Nouri al-Maliki", "Maliki"),
])
def test_surname_skips_regnal_numbers_and_particles(kb, name, surname):
    (person,) = [p for p in kb.people if p.name == name]
    assert person.surname == surname


def test_ascii_spelling_of_an_alias_is_a_surname_too(kb):
    assert any(p.name == "Viktor Orbán" for p in kb.surnames["orban"])


def test_every_bundled_office_has_valid_dates_and_codes(kb):
    for p in kb.people:
        for o in p.offices:
            assert o.end is None or o.start is None or o.start <= o.end, p.name
            assert o.end is None or o.end <= date(2026, 12, 31), p.name


# -- user dictionaries ----------------------------------------------------------------------------------
def resolve(files: tuple[str, ...], text: str, day: date = date(2024, 5, 1)) -> dict[str, str]:
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    doc = nlp(text)
    return {doc[m.start:m.end].text: m.ref.code for m in ActorResolver(nlp.vocab, load_kb(files)).resolve(doc, day=day)}


def test_yaml_user_dictionary_adds_people_with_dated_offices_and_plain_names(tmp_path: Path):
    f = tmp_path / "mine.yaml"
    f.write_text(
        "- name: Jane Roe\n  aliases: [J. Roe]\n  code: ZZZGOV\n  office: Governor of Zed\n  start: 2020-01-01\n"
        "- text: Zed Liberation Front\n  code: ZZZREB\n"
    )
    assert resolve((str(f),), "Jane Roe met the Zed Liberation Front.") == {
        "Jane Roe": "ZZZGOV", "Zed Liberation Front": "ZZZREB"}
    assert resolve((str(f),), "Jane Roe spoke.", date(2019, 1, 1)) == {"Jane Roe": "ZZZ"}


def test_csv_user_dictionary_adds_names(tmp_path: Path):
    f = tmp_path / "mine.csv"
    f.write_text("name,aliases,code,office,start,end\nJohn Doe,,ZZZMIL,Army chief,2021-03-01,\nAcme Oil,Acme,ZZZBUS,,,\n")
    assert resolve((str(f),), "John Doe warned Acme Oil.") == {"John Doe": "ZZZMIL", "Acme Oil": "ZZZBUS"}


@pytest.mark.parametrize(("suffix", "content", "line"), [
    (".csv", "name,aliases,code,office,start,end\nJohn Doe,,ZZZMIL,Army chief,2021-03-01,\nBad Code,,rus-gov,,,\n", 3),
    (".csv", "name,aliases,code,office,start,end\nJohn Doe,,ZZZMIL,Army chief,2021-13-01,\n", 2),
    (".csv", "name,aliases,code,office,start,end\nJohn Doe,,ZZZMIL,Army chief,2021-03-01,2020-01-01\n", 2),
    (".csv", "who,what\nx,y\n", 1),
    (".yaml", "- name: Jane Roe\n  code: ZZZGOV\n- name: No Code\n", 3),
    (".yaml", "# mine\n- name: Jane Roe\n  code: ZZZGOV\n\n- name: Bad Date\n  code: ZZZGOV\n  start: 2020-02-30\n", 5),
    (".yaml", "- name: Jane Roe\n  code: rus\n", 1),
])
def test_bad_user_entry_is_an_error_naming_file_and_line(tmp_path: Path, suffix, content, line):
    f = tmp_path / f"bad{suffix}"
    f.write_text(content)
    with pytest.raises(DataFileError) as err:
        load_kb((str(f),))
    assert err.value.path == str(f)
    assert err.value.line == line
    assert f"{f}:{line}" in str(err.value)


def test_invalid_yaml_is_an_error_with_the_parsers_line(tmp_path: Path):
    f = tmp_path / "bad.yaml"
    f.write_text("- name: [unclosed\n")
    with pytest.raises(DataFileError) as err:
        load_kb((str(f),))
    assert err.value.path == str(f) and err.value.line is not None


def test_missing_user_file_is_an_error_naming_it(tmp_path: Path):
    with pytest.raises(DataFileError, match=r"nope\.yaml"):
        load_kb((str(tmp_path / "nope.yaml"),))


def test_people_history_extends_offices_back_to_1980():
    kb = load_kb()
    names = {p.name for p in kb.people}
    assert {"François Mitterrand", "Yoweri Museveni", "Helmut Kohl", "Margaret Thatcher", "Mikhail Gorbachev"} <= names
    kohl = next(p for p in kb.people if p.name == "Helmut Kohl")
    assert kohl.code_on(date(1990, 1, 1)) == "DEUGOV" and kohl.code_on(date(2000, 1, 1)) == "DEUELI"


def test_every_un_member_has_a_current_head_of_government_or_state():
    """Each UN member (pycountry minus territories and observers) has someone holding a GOV office in 2026,
    save San Marino, whose Captains Regent change every six months."""
    import pycountry

    not_members = set(["ABW", "AIA", "ALA", "ASM", "ATA", "ATF", "BES", "BLM", "BMU", "BVT", "CCK", "COK", "CUW", "CXR", "CYM", "ESH", "FLK", "FRO", "GGY", "GIB", "GLP", "GRL", "GUF", "GUM", "HKG", "HMD", "IMN", "IOT", "JEY", "MAC", "MAF", "MNP", "MSR", "MTQ", "MYT", "NCL", "NFK", "NIU", "PCN", "PRI", "PSE", "PYF", "REU", "SGS", "SHN", "SJM", "SPM", "SXM", "TCA", "TKL", "TWN", "UMI", "VAT", "VGB", "VIR", "WLF", "SMR"])
    kb = load_kb()
    day = date(2026, 6, 1)
    held = {o.code[:3] for p in kb.people for o in [p.office_on(day)] if o is not None and o.code.endswith("GOV")}
    missing = sorted(c.alpha_3 for c in pycountry.countries if c.alpha_3 not in not_members and c.alpha_3 not in held)
    assert missing == []


@pytest.mark.parametrize("asked", [(), ([],), ((),), (iter(()),)], ids=["no-argument", "empty-list", "empty-tuple", "empty-iterator"])
def test_the_bundled_knowledge_base_is_one_object_however_it_is_asked_for(kb, asked):
    # the pipeline asks with a tuple of the user's files, place look-ups with no argument; each way used
    # to build its own copy (about 6 MB in every coding process)
    assert load_kb(*asked) is kb


def test_a_user_file_given_as_a_path_or_a_string_is_the_same_knowledge_base(tmp_path):
    f = tmp_path / "mine.csv"
    f.write_text("text,code\nRepublic of Examplia,XMPGOV\n", encoding="utf-8")
    assert load_kb([f]) is load_kb((str(f),))
    assert load_kb([f]) is not load_kb()
