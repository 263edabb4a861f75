"""The actor knowledge base: states, organisations, people with dated offices, agents.

Loaded once from ``data/actors/*.tsv`` (validated; errors name file and line) and extended by
user files (YAML or CSV/TSV with the columns of ``people``: name, aliases, code, office, start, end;
or ``text, code`` for plain names).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from importlib import resources
from pathlib import Path

import yaml

from ..errors import DataFileError

ROMAN_RE = re.compile(r"^(?:II|III|IV|VI|VII|VIII|IX|X|Jr\.?|Sr\.?)$")
CODE_RE = re.compile(r"^[A-Z]{3}[A-Z]{0,9}$")
EAST_ASIAN = frozenset({"CHN", "PRK", "KOR", "TWN", "VNM", "HKG", "MAC", "KHM", "MNG"})
ROLES = frozenset(
    {"GOV", "MIL", "REB", "OPP", "BUS", "MED", "CVL", "PTY", "JUD", "LEG", "COP", "IGO", "ELI", "SPY", "NGO", "HLH",
     "EDU", "REF", "LAB", "AGR", "CRM", "ENV", "HRI", "RAD", "SET", "UAF", "MOD", "IRC", "REL"}
)


@dataclass(frozen=True, slots=True)
class Office:
    code: str
    office: str
    start: date | None
    end: date | None


@dataclass(slots=True)
class Person:
    name: str
    aliases: list[str]
    offices: list[Office] = field(default_factory=list)

    @property
    def country(self) -> str:
        """The person's state: that of the first national office, else the first office's (IGO) code."""
        national = next((o for o in self.offices if not o.code.startswith("IGO")), None)
        first = national or (self.offices[0] if self.offices else None)
        return split_code(first.code)[0] if first else ""

    @property
    def surname(self) -> str:
        return self.surname_of(self.name)

    def surname_of(self, full: str) -> str:
        """The family name in a full name: first for East Asian names, else the last word (no "II", "Jr.", "al-")."""
        parts = full.replace("-", " - ").split()
        if self.country in EAST_ASIAN and len(parts) >= 2:
            return full.split()[0]
        words = [w for w in full.split() if not ROMAN_RE.match(w)] or full.split()
        if len(words) == 1:
            return words[0]
        last = words[-1]
        return re.sub(r"^(al|el|bin|ibn)-", "", last, flags=re.I)

    def office_on(self, day: date) -> Office | None:
        best = None
        for o in self.offices:
            held = (o.start is None or o.start <= day) and (o.end is None or day <= o.end)
            if held and (best is None or (o.start or date.min) > (best.start or date.min)):
                best = o
        return best

    def code_on(self, day: date) -> str:
        """The code of the office held on that day; a former holder is the country's elite (ELI)."""
        held = self.office_on(day)
        if held:
            return held.code
        country = self.country
        past = [o for o in self.offices if o.start and o.start <= day]
        if country.startswith("IGO"):
            return self.offices[0].code
        return f"{country}ELI" if past else country


@dataclass(frozen=True, slots=True)
class Named:
    """A state, organisation, bloc or seat of power known by name."""

    code: str
    name: str
    kind: str  # country, org, metonym, adjective, capital
    country: str | None


@dataclass(frozen=True, slots=True)
class Group:
    """An ethnic, religious or generic political group ("Kurds", "Tamil Tigers", "opposition coalition")."""

    text: str
    role: str
    countries: tuple[str, ...]
    """One state: the group's; several: the one named in context; none: any one state named in context."""
    code: str | None = None
    """A full actor code when the file gives one (LKAREB), else the state's code plus ``role``."""

    @property
    def proper(self) -> bool:
        """A named people or movement (matched only when capitalised), not a generic grouping."""
        return bool(self.countries) or self.code is not None


@dataclass(slots=True)
class ActorKB:
    countries: dict[str, Named] = field(default_factory=dict)
    names: dict[str, list[Named]] = field(default_factory=dict)
    """Lowercased surface form → what it can name."""
    people: list[Person] = field(default_factory=list)
    person_forms: dict[str, list[Person]] = field(default_factory=dict)
    """Lowercased full names and aliases → people."""
    surnames: dict[str, list[Person]] = field(default_factory=dict)
    agents: dict[str, tuple[str, bool]] = field(default_factory=dict)
    """Lowercased agent noun phrase → (role, plural)."""
    ambiguous: frozenset[str] = frozenset()
    groups: dict[str, Group] = field(default_factory=dict)
    """Lowercased group phrase → the group (data/actors/groups.tsv)."""
    surface: dict[str, set[str]] = field(default_factory=dict)
    """Lowercased form → the spellings it was written with (the tokenizer splits "u.s." but not "U.S.")."""

    def _surface(self, key: str, text: str) -> None:
        self.surface.setdefault(key, set()).add(re.sub(r"^(?:the|The)\s+", "", " ".join(text.split())))

    def add_name(self, text: str, named: Named) -> None:
        key = normalise_form(text)
        if not key:
            return
        self._surface(key, text)
        bucket = self.names.setdefault(key, [])
        if named not in bucket:
            bucket.append(named)

    def add_person(self, person: Person) -> None:
        self.people.append(person)
        for form in [person.name, *person.aliases]:
            key = normalise_form(form)
            self._surface(key, form)
            bucket = self.person_forms.setdefault(key, [])
            if person not in bucket:
                bucket.append(person)
        for full in [person.name, *(a for a in person.aliases if len(a.split()) >= 2)]:
            self.add_surname(person, full)

    def add_surname(self, person: Person, full: str) -> None:
        bucket = self.surnames.setdefault(person.surname_of(full).lower(), [])
        if person not in bucket:
            bucket.append(person)

    def holders(self, country: str, role: str, day: date) -> list[Person]:
        """People holding a role code (e.g. RUS + GOV) on a day, heads of state first."""
        out = []
        for p in self.people:
            o = p.office_on(day)
            if o and o.code == country + role:
                out.append((0 if re.search(r"president|king|supreme|emir|chancellor|prime minister|leader", o.office, re.I) else 1, p))
        out.sort(key=lambda t: t[0])
        return [p for _, p in out]


def normalise_form(text: str) -> str:
    t = text.strip().lower().replace("\u2019", "'").replace("\u2010", "-").replace("\u2011", "-")
    t = re.sub(r"^the\s+", "", t)
    return re.sub(r"\s+", " ", t)


def split_code(code: str) -> tuple[str, str | None]:
    """Country (or IGO/bloc) part and role of an actor code: RUSGOV → (RUS, GOV)."""
    if code.startswith("IGO"):
        return code, "IGO"
    if code in ("WST",):
        return code, None
    country, rest = code[:3], code[3:]
    return country, (rest[:3] or None)


def _rows(path: str, text: str, columns: list[str]) -> Iterable[tuple[int, dict[str, str]]]:
    header = None
    for n, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        cells = line.split("\t")
        if header is None:
            header = [c.strip() for c in cells]
            missing = [c for c in columns if c not in header]
            if missing:
                raise DataFileError(path, n, f"header lacks columns {missing}", fix=f"start the file with: {chr(9).join(columns)}")
            continue
        if len(cells) < len(header):
            cells += [""] * (len(header) - len(cells))
        yield n, {h: c.strip() for h, c in zip(header, cells, strict=False)}


def _date(path: str, n: int, value: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise DataFileError(path, n, f"{value!r} is not a date", fix="write dates as YYYY-MM-DD") from exc


def _check_code(path: str, n: int, code: str) -> str:
    if not CODE_RE.match(code):
        raise DataFileError(path, n, f"actor code {code!r} is not valid", fix="use ISO alpha-3 plus an optional role, e.g. RUSGOV, or an IGO code")
    return code


def _load_people(kb: ActorKB, path: str, text: str) -> None:
    """People rows; a person already known from another file (by name or alias) gains the new offices and aliases."""
    known: dict[str, Person] = {}
    existing: dict[str, Person] = {}
    for p in kb.people:
        for form in (p.name, *p.aliases):
            known.setdefault(normalise_form(form), p)
    added: dict[str, Person] = {}
    extra_aliases: dict[str, list[str]] = {}
    for n, row in _rows(path, text, ["name", "aliases", "code", "office", "start", "end"]):
        code = _check_code(path, n, row["code"])
        start, end = _date(path, n, row["start"]), _date(path, n, row["end"])
        if start and end and end < start:
            raise DataFileError(path, n, "office ends before it starts", fix="swap or correct the dates")
        name = row["name"]
        if not name:
            raise DataFileError(path, n, "no name", fix="give the person's full name")
        aliases = [a.strip() for a in row["aliases"].split("|") if a.strip()]
        person = added.get(name)
        if person is None:
            person = next((known[k] for k in map(normalise_form, (name, *aliases)) if k in known), None)
            if person is not None:
                new = [a for a in (name, *aliases) if a != person.name and a not in person.aliases]
                extra_aliases.setdefault(person.name, []).extend(new)
                added[name] = person
                existing[name] = person
        if person is None:
            person = Person(name=name, aliases=aliases)
            added[name] = person
        office = Office(code, row["office"], start, end)
        if office not in person.offices:
            person.offices.append(office)
    for name, person in added.items():
        if name not in existing:
            kb.add_person(person)
    by_name = {p.name: p for p in existing.values()}
    for name, aliases in extra_aliases.items():
        person = by_name[name]
        for a in dict.fromkeys(aliases):
            person.aliases.append(a)
            key = normalise_form(a)
            kb._surface(key, a)
            bucket = kb.person_forms.setdefault(key, [])
            if person not in bucket:
                bucket.append(person)
            if len(a.split()) >= 2:
                kb.add_surname(person, a)


def _res(name: str) -> tuple[str, str]:
    res = resources.files("dyadwatch") / "data" / "actors" / name
    return f"dyadwatch/data/actors/{name}", res.read_text(encoding="utf-8")


def load_user_file(kb: ActorKB, path: str) -> None:
    """Extend the knowledge base with a user's YAML, CSV or TSV file."""
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except OSError as exc:
        raise DataFileError(path, None, f"cannot be read ({exc.strerror})", fix="check the path given to --actors") from exc
    if p.suffix.lower() in (".yaml", ".yml"):
        try:
            data = yaml.load(text, Loader=yaml.BaseLoader) or []  # strings only: dates are checked, with lines, below
        except yaml.YAMLError as exc:
            line = getattr(getattr(exc, "problem_mark", None), "line", None)
            raise DataFileError(path, None if line is None else line + 1, f"is not valid YAML ({exc.__class__.__name__})", fix="fix the YAML syntax") from exc
        if not isinstance(data, list):
            raise DataFileError(path, 1, "must be a list of entries", fix="write '- name: ...' entries with code and optional aliases, office, start, end")
        node = yaml.compose(text)
        entry_lines = [item.start_mark.line + 1 for item in getattr(node, "value", [])]
        lines = ["name\taliases\tcode\toffice\tstart\tend"]
        for i, entry in enumerate(data, start=1):
            at = entry_lines[i - 1] if i - 1 < len(entry_lines) else i
            if not isinstance(entry, dict) or "code" not in entry or not (entry.get("name") or entry.get("text")):
                raise DataFileError(path, at, f"entry {i} needs 'name' (or 'text') and 'code'", fix="add the missing key")
            aliases = entry.get("aliases") or []
            if isinstance(aliases, str):
                aliases = [aliases]
            lines.append("\t".join([str(entry.get("name") or entry.get("text")), "|".join(map(str, aliases)), str(entry["code"]),
                                    str(entry.get("office", "")), str(entry.get("start", "") or ""), str(entry.get("end", "") or "")]))
        try:
            _load_user_table(kb, path, "\n".join(lines), entry_numbers=True)
        except DataFileError as exc:
            if exc.line is None or not 2 <= exc.line <= len(entry_lines) + 1:
                raise
            k = exc.line - 2
            raise DataFileError(path, entry_lines[k], exc.message[len(f"{path}:{exc.line}: "):], fix=exc.fix) from exc
        return
    if p.suffix.lower() == ".csv":
        rows = list(csv.reader(io.StringIO(text)))
        text = "\n".join("\t".join(r) for r in rows)
    _load_user_table(kb, path, text, entry_numbers=False)


def _load_user_table(kb: ActorKB, path: str, text: str, *, entry_numbers: bool) -> None:
    header = next((ln for ln in text.splitlines() if ln.strip() and not ln.startswith("#")), "")
    cols = [c.strip() for c in header.split("\t")]
    if "office" in cols or "start" in cols or "name" in cols:
        # people (or named actors without dates)
        people_rows = []
        for n, row in _rows(path, text, ["name", "code"]):
            code = _check_code(path, n, row["code"])
            start, end = _date(path, n, row.get("start", "")), _date(path, n, row.get("end", ""))
            if row.get("office") or start or end or (len(row["name"].split()) >= 2 and not code.startswith("IGO") and code[3:6] in ROLES):
                people_rows.append("\t".join([row["name"], row.get("aliases", ""), code, row.get("office", ""), row.get("start", ""), row.get("end", "")]))
            else:
                named = Named(code, row["name"], "org", split_code(code)[0])
                kb.add_name(row["name"], named)
                for a in row.get("aliases", "").split("|"):
                    if a.strip():
                        kb.add_name(a, named)
        if people_rows:
            _load_people(kb, path, "name\taliases\tcode\toffice\tstart\tend\n" + "\n".join(people_rows))
        return
    for n, row in _rows(path, text, ["text", "code"]):
        code = _check_code(path, n, row["code"])
        kb.add_name(row["text"], Named(code, row["text"], "org", split_code(code)[0]))


def _group_row(path: str, n: int, row: dict[str, str], kb: ActorKB) -> Group:
    """One row of groups.tsv: text, a role or a full code, and the group's state(s) or none."""
    if not row["text"]:
        raise DataFileError(path, n, "no text", fix="give the group as written in news")
    value = row["code"].strip()
    countries = tuple(c.strip() for c in row["country"].split("|") if c.strip())
    for c in countries:
        if c not in kb.countries:
            raise DataFileError(path, n, f"unknown state {c!r}", fix="use ISO alpha-3 codes from countries.tsv, '|' between")
    if value.upper() in ROLES:
        return Group(row["text"], value.upper(), countries)
    code = _check_code(path, n, value)
    state, role = split_code(code)
    if not role or role not in ROLES:
        raise DataFileError(path, n, f"code {code!r} has no known role", fix="write a role (REB, CVL ...) or a code like LKAREB")
    return Group(row["text"], role, countries or (state,), code)


def load_kb(extra_files: Iterable[str | Path] = ()) -> ActorKB:
    """The bundled knowledge base plus the user's files; built once per set of files, however they are
    passed (``load_kb()`` and ``load_kb(())`` are the same object, not two copies of about 6 MB)."""
    return _build_kb(tuple(str(f) for f in extra_files))


@lru_cache(maxsize=8)
def _build_kb(extra_files: tuple[str, ...]) -> ActorKB:
    kb = ActorKB()
    path, text = _res("countries.tsv")
    for n, row in _rows(path, text, ["code", "name", "aliases", "adjectives", "capital"]):
        code = _check_code(path, n, row["code"])
        entry = Named(code, row["name"], "country", code)
        kb.countries[code] = entry
        for form in [row["name"], *row["aliases"].split("|")]:
            if form.strip():
                kb.add_name(form, entry)
        for adj in row["adjectives"].split("|"):
            if adj.strip():
                kb.add_name(adj, Named(code, row["name"], "adjective", code))
        for cap in row["capital"].split("|"):
            if cap.strip():
                kb.add_name(cap, Named(code + "GOV", row["name"], "capital", code))
    path, text = _res("metonyms.tsv")
    for n, row in _rows(path, text, ["text", "code"]):
        code = _check_code(path, n, row["code"])
        kb.add_name(row["text"], Named(code, row["text"], "metonym", split_code(code)[0]))
    path, text = _res("organisations.tsv")
    for n, row in _rows(path, text, ["code", "name", "aliases", "kind", "country"]):
        code = _check_code(path, n, row["code"])
        country = row["country"] or split_code(code)[0]
        entry = Named(code, row["name"], "org", country)
        for form in [row["name"], *row["aliases"].split("|")]:
            if form.strip():
                kb.add_name(form, entry)
    path, text = _res("adjectives.tsv")
    for n, row in _rows(path, text, ["text", "code", "name"]):
        code = _check_code(path, n, row["code"])
        kb.add_name(row["text"], Named(code, row["name"], "adjective", split_code(code)[0]))
    for name in ("people_a.tsv", "people_b.tsv", "people_extra.tsv", "people_history.tsv"):
        try:
            path, text = _res(name)
        except FileNotFoundError:
            continue
        _load_people(kb, path, text)
    path, text = _res("agents.tsv")
    for n, row in _rows(path, text, ["text", "role"]):
        role = row["role"].strip().upper()
        if role not in ROLES:
            raise DataFileError(path, n, f"unknown role {role!r}", fix=f"use one of {', '.join(sorted(ROLES))}")
        kb.agents[normalise_form(row["text"])] = (role, row.get("plural", "0") == "1")
    path, text = _res("groups.tsv")
    for n, row in _rows(path, text, ["text", "code", "country"]):
        kb.groups[normalise_form(row["text"])] = _group_row(path, n, row, kb)
    path, text = _res("ambiguous.txt")
    kb.ambiguous = frozenset(normalise_form(ln) for ln in text.splitlines() if ln.strip() and not ln.startswith("#"))
    for f in extra_files:
        load_user_file(kb, f)
    return kb
