"""Build dyadwatch's package data from the raw event-data sources in ../shared/eventdata/raw/.

    python scripts/build_lexicons.py [RAW_DIR]

Writes src/dyadwatch/data/codebook/cameo.tsv (codes, QuadClass, Goldstein, PLOVER) and
src/dyadwatch/data/events/verbs.jsonl (PETRARCH2's CAMEO verb patterns in dyadwatch's own format).
Also rewrites the generated section at the end of src/dyadwatch/data/actors/organisations.tsv: the armed and
political non-state groups of Phoenix.MilNonState.actors.txt whose codes name an ISO state and a role.
Run once when the raw sources change; the outputs are committed.
"""

from __future__ import annotations

import csv
import json
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RAW = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared" / "eventdata" / "raw"
DATA = ROOT / "src" / "dyadwatch" / "data"

PARTICLES = {"OFF", "UP", "DOWN", "OUT", "AWAY", "BACK", "OVER", "ASIDE", "FORWARD", "AHEAD", "ON", "IN", "AROUND", "APART"}
PLOVER_FOR_ROOT = {
    # The PLOVER manual's CAMEO-to-PLOVER table (cue categories): 01 (statements) and 02 (appeals) are dropped,
    # so their codes carry no PLOVER type; 10 (DEMAND) became REQUEST, 09 and 11 ACCUSE, 19 and 20 ASSAULT.
    # Only used for codes CAMEO2PLOVER-2021 does not list (it is consulted first, longest prefix).
    "01": "", "02": "", "03": "AGREE", "04": "CONSULT", "05": "SUPPORT", "06": "COOPERATE",
    "07": "AID", "08": "CONCEDE", "09": "ACCUSE", "10": "REQUEST", "11": "ACCUSE", "12": "REJECT",
    "13": "THREATEN", "14": "PROTEST", "15": "MOBILIZE", "16": "SANCTION", "17": "COERCE", "18": "ASSAULT",
    "19": "ASSAULT", "20": "ASSAULT",
}


def quad_class(root: str) -> int:
    r = int(root)
    return 1 if r <= 5 else 2 if r <= 8 else 3 if r <= 13 else 4


def build_codebook() -> None:
    names: dict[str, str] = {}
    for line in (RAW / "cameo" / "CAMEO.eventcodes.txt").read_text(encoding="utf-8", errors="replace").splitlines()[1:]:
        # one line of this file merges two codes (1056 and 106): split on any run of code+tab
        for code, name in re.findall(r"(\d{2,4})\t([^\t\d][^\t]*?)(?=\d{2,4}\t|$)", line):
            names.setdefault(code, name.strip())
    goldstein_gdelt = {}
    for line in (RAW / "cameo" / "CAMEO.goldsteinscale.txt").read_text().splitlines()[1:]:
        code, value = line.split("\t")
        goldstein_gdelt[code.strip()] = float(value)
    rows = {}
    with (RAW / "cameo" / "cameo-codes.csv").open(encoding="utf-8", errors="replace") as fh:
        for r in csv.DictReader(fh):
            rows[r["code"]] = r
    plover: dict[str, str] = {}
    for line in (RAW / "plover" / "CAMEO2PLOVER-2021.txt").read_text().splitlines():
        m = re.match(r"^(\d{2,4}):\s*([A-Z_]+)", line)
        if m:
            # "08" is listed twice (CONCEDE, then RETREAT for 084-087): the root itself, like 080, is CONCEDE
            plover.setdefault(m.group(1), m.group(2))
    out = DATA / "codebook" / "cameo.tsv"
    out.parent.mkdir(parents=True, exist_ok=True)
    codes = sorted(set(names) | set(rows), key=lambda c: (c[:2], c))
    with out.open("w", encoding="utf-8", newline="") as fh:
        fh.write("# CAMEO event codes: names from the GDELT lookup and the CAMEO manual (cameo-codes.csv),\n")
        fh.write("# Goldstein weights from the CAMEO manual table (cameo-codes.csv; see NOTICE), PLOVER types\n")
        fh.write("# from CAMEO2PLOVER-2021. Built by scripts/build_lexicons.py.\n")
        w = csv.writer(fh, delimiter="\t", lineterminator="\n")
        w.writerow(["code", "root", "quad_class", "goldstein", "goldstein_gdelt", "plover", "name"])
        for code in codes:
            row = rows.get(code)
            name = (row["name"] if row else names.get(code, "")).strip()
            gold = float(row["goldstein"]) if row and row["goldstein"] not in ("", "NA") else goldstein_gdelt.get(code)
            gg = goldstein_gdelt.get(code, gold)
            p = plover.get(code) or plover.get(code[:3]) or plover.get(code[:2]) or PLOVER_FOR_ROOT[code[:2]]
            w.writerow([code, code[:2], quad_class(code[:2]), gold, gg, p, name])
    print(f"{out}: {len(codes)} codes")


def _expand(token: str, synsets: dict[str, list[str]]) -> list[str]:
    token = token.strip("$+^%")
    if not token:
        return []
    if token.startswith("&"):
        return synsets.get(token, [])
    return [token.lower().replace("_", " ")]


def _parse_pattern(body: str, synsets: dict[str, list[str]]) -> dict | None:
    if "*" not in body:
        return None
    pre, post = body.split("*", 1)
    pattern: dict = {"pre": [], "particle": None, "obj": [], "preps": []}
    for tok in pre.split():
        words = _expand(tok, synsets)
        if words:
            pattern["pre"].append(words)
    # tokenise the rest into (...) groups, {...} phrases and words
    for m in re.finditer(r"\(([^)]*)\)|\{([^}]*)\}|(\S+)", post):
        if m.group(1) is not None:
            parts = m.group(1).split()
            if not parts:
                continue
            prep = parts[0].lower()
            words = []
            for p in parts[1:]:
                if p.startswith("{"):
                    continue
                e = _expand(p.strip("{}"), synsets)
                if e:
                    words.append(e)
            pattern["preps"].append({"prep": prep, "words": words})
        elif m.group(2) is not None:
            for p in m.group(2).split():
                e = _expand(p, synsets)
                if e:
                    pattern["obj"].append(e)
        else:
            tok = m.group(3)
            if tok.strip("$+^%") in PARTICLES and pattern["particle"] is None and not pattern["obj"]:
                pattern["particle"] = tok.strip("$+^%").lower()
                continue
            e = _expand(tok, synsets)
            if e:
                pattern["obj"].append(e)
    return pattern


def build_verbs() -> None:
    lines = (RAW / "petrarch2" / "CAMEO.2.0.txt").read_text(encoding="utf-8", errors="replace").splitlines()
    synsets: dict[str, list[str]] = {}
    current = None
    i = 0
    while i < len(lines) and "VERB PATTERNS" not in lines[i]:
        line = lines[i].split("#")[0].rstrip()
        if line.startswith("&"):
            current = line.strip()
            synsets[current] = []
        elif line.startswith("+") and current:
            synsets[current].append(line[1:].strip().rstrip("_").lower().replace("_", " "))
        i += 1
    blocks = []
    block: dict | None = None
    for raw in lines[i:]:
        line = raw.split("#")[0].rstrip()
        if not line.strip():
            continue
        head = re.match(r"^---\s+(\S+)\s+\[([^\]]*)\]\s+---", line)
        if head:
            block = {"block": head.group(1).lower(), "default": _code(head.group(2)), "verbs": [], "patterns": []}
            blocks.append(block)
            continue
        if block is None:
            continue
        if line.startswith("-"):
            m = re.match(r"^-\s*(.*?)\s*\[([^\]]*)\]\s*$", line)
            if not m:
                continue
            code = _code(m.group(2))
            pat = _parse_pattern(m.group(1), synsets)
            if pat is not None and code:
                pat["code"] = code
                blocks[-1]["patterns"].append(pat)
            continue
        m = re.match(r"^(\+?)([A-Z][A-Z_'-]*)\s*(\{[^}]*\})?\s*(\[[^\]]*\])?", line)
        if m:
            word = m.group(2).rstrip("_").lower()
            forms = [f.lstrip("+").rstrip("_").lower() for f in (m.group(3) or "").strip("{}").split()]
            words = word.split("_")
            verb = {"lemma": words[0], "particle": " ".join(words[1:]) or None, "forms": [f.split("_")[0] for f in forms],
                    "code": _code(m.group(4).strip("[]")) if m.group(4) else None}
            block["verbs"].append(verb)
    for b in blocks:
        b["majority"] = _majority(b) if b["default"] is None else None
    out = DATA / "events" / "verbs.jsonl"
    out.parent.mkdir(parents=True, exist_ok=True)
    n_pat = 0
    with out.open("w", encoding="utf-8") as fh:
        for b in blocks:
            if not b["verbs"]:
                continue
            n_pat += len(b["patterns"])
            fh.write(json.dumps(b, ensure_ascii=False) + "\n")
    print(f"{out}: {len(blocks)} blocks, {sum(len(b['verbs']) for b in blocks)} verbs, {n_pat} patterns")


MAJORITY_SHARE = 0.8
MAJORITY_MIN = 5


def _majority(block: dict) -> str | None:
    """A default for a block that PETRARCH2 leaves without one: when at least MAJORITY_MIN of its patterns exist
    and MAJORITY_SHARE of them share one CAMEO root, that root's general code (x0). Applied on load to the
    block's head verb only (its synonyms are looser: the 'lift' block also holds 'come' and 'move')."""
    roots = Counter(p["code"][:2] for p in block["patterns"])
    total = sum(roots.values())
    if total < MAJORITY_MIN:
        return None
    root, n = roots.most_common(1)[0]
    return root + "0" if n / total >= MAJORITY_SHARE else None


def _code(text: str) -> str | None:
    for part in text.split(":"):
        part = part.strip()
        if re.fullmatch(r"\d{2,4}", part):
            return part
    return None


MNS_MARK = "# --- Phoenix MilNonState groups (generated by scripts/build_lexicons.py from Phoenix.MilNonState.actors.txt; do not edit below)"
MNS_OLD_CODES = {"ANG": "AGO"}
"""Phoenix's pre-ISO state codes."""
MNS_ROLES = {"REB", "OPP", "PTY", "RAD", "UAF", "CRM", "MIL", "GOV", "NGO", "CVL", "LAB", "EDU", "REL", "BUS", "MED"}


MONTHS = {"january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
          "november", "december"}
FUNCTION_WORDS = {"the", "of", "and", "for", "in", "a", "de", "del", "la", "al", "el"}


def _specific(name: str, country_words: dict[str, str], state: str) -> bool:
    """A group name specific enough to match in news: no dates or numbers ("May 15", "17 November"), no commas,
    and three content words or more ("Army of God" is not; "Red Line", "Direct Action", "National Front" are not)
    unless one names the group's own state ("Turkish Hezbollah" is; Phoenix's "Palestinian Resistance" coded to France
    is not)."""
    words = name.lower().replace("-", " ").split()
    if any(ch.isdigit() for ch in name) or "," in name or any(w in MONTHS for w in words):
        return False
    content = [w for w in words if w not in FUNCTION_WORDS]
    return len(content) >= 3 or (len(content) == 2 and any(country_words.get(re.sub(r"'s?$", "", w)) == state
                                                           for w in content))


def build_milnonstate() -> None:
    """Import Phoenix's non-state groups: multiword names (no bare acronyms, which collide with words and first
    names), coded to an ISO state and a role; names Phoenix gives several codes, or that the hand-written part of
    organisations.tsv already knows, are left out."""
    orgs = DATA / "actors" / "organisations.tsv"
    text = orgs.read_text(encoding="utf-8")
    head = text.split(MNS_MARK)[0].rstrip("\n") + "\n"
    countries = set()
    for line in (DATA / "actors" / "countries.tsv").read_text(encoding="utf-8").splitlines():
        cell = line.split("\t")[0]
        if re.fullmatch(r"[A-Z]{3}", cell):
            countries.add(cell)
    country_words: dict[str, str] = {}
    for line in (DATA / "actors" / "countries.tsv").read_text(encoding="utf-8").splitlines():
        cells = line.split("\t")
        if len(cells) > 3 and re.fullmatch(r"[A-Z]{3}", cells[0]):
            for form in "|".join(cells[1:4]).split("|"):
                if len(form.split()) == 1:  # "Colombia", "Kurdish"; not the "new" of "New Zealand"
                    country_words[form.lower()] = cells[0]
    known = set()
    for line in head.splitlines():
        if line.startswith("#") or not line.strip():
            continue
        cells = line.split("\t")
        for form in [cells[1], *(cells[2].split("|") if len(cells) > 2 else [])]:
            known.add(form.strip().lower())
    groups: list[tuple[str, list[str]]] = []
    cur: tuple[str, list[str]] | None = None
    for line in (RAW / "petrarch2" / "Phoenix.MilNonState.actors.txt").read_text(encoding="latin-1").splitlines():
        line = line.split("#")[0].rstrip()
        if not line.strip():
            cur = None
            continue
        if line.startswith("+") and cur is not None:
            cur[1].append(line[1:])
            continue
        m = re.match(r"^([^+\s][^\[]*?)\s*\[([A-Z]+)\]", line)
        if m:
            cur = (m.group(2), [m.group(1)])
            groups.append(cur)
    def clean(name: str) -> str:
        name = re.sub(r"\([^)]*\)", " ", name.replace("_", " "))
        name = re.sub(r"\s+", " ", name).strip(" -")
        return " ".join(w if w.isupper() and len(w) <= 4 and w not in ("THE", "OF", "AND", "FOR") else w.capitalize()
                        for w in name.lower().split()).replace(" Of ", " of ").replace(" The ", " the ").replace(" And ", " and ").replace(" For ", " for ")
    codes_of: dict[str, set[str]] = {}
    rows = []
    for code, names in groups:
        state = MNS_OLD_CODES.get(code[:3], code[:3])
        role = code[3:6]
        if state not in countries or role not in MNS_ROLES:
            continue
        code = state + code[3:]
        if not re.fullmatch(r"[A-Z]{3}[A-Z]{0,9}", code):
            continue
        forms = []
        for n in names:
            c = clean(n)
            if _specific(c, country_words, state) and c.lower() not in known and len(c) <= 80:
                forms.append(c)
                codes_of.setdefault(c.lower(), set()).add(code)
        if forms:
            rows.append((code, state, forms))
    out = []
    for code, state, forms in rows:
        forms = [f for f in dict.fromkeys(forms) if len(codes_of[f.lower()]) == 1]
        if not forms:
            continue
        kind = "PTY" if code[3:6] in ("OPP", "PTY") else "REB"
        out.append("\t".join([code, forms[0], "|".join(forms[1:]), kind, state]))
    orgs.write_text(head + MNS_MARK + "\n" + "\n".join(out) + "\n", encoding="utf-8")
    print(f"organisations.tsv: {len(out)} Phoenix MilNonState groups")


if __name__ == "__main__":
    build_codebook()
    build_verbs()
    build_milnonstate()
