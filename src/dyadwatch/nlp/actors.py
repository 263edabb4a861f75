"""Actor mentions: a dictionary matcher over the knowledge base, resolved as of the article's date,
with titles, surnames, agents ("Russian troops") and coreference ("its president", "the two nations", "he").

Reads: token text (no parse needed); ``doc.ents`` when present, to veto ambiguous names.
Writes: ``doc.spans["dw_actors"]`` (labels are actor codes) and ``doc._.dw_actors`` (Mention objects).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.vocab import Vocab

from ..kb.actors import ROMAN_RE, ActorKB, Group, Named, Office, Person, load_kb, normalise_form, split_code

TITLES = frozenset(
    ["mr", "mrs", "ms", "miss", "dr", "president", "prime", "minister", "premier", "chancellor", "king", "queen", "prince", "crown", "sheikh", "emir", "ayatollah", "general", "gen.", "gen", "marshal", "secretary", "foreign", "defence", "defense", "chairman", "leader", "supreme", "comrade", "sir", "lord", "vice", "deputy", "senator", "governor", "mayor", "spokesman", "spokeswoman", "judge", "justice", "ambassador", "envoy", "commander", "colonel", "col", "lieutenant", "lt", "admiral", "adm", "archbishop", "cardinal", "pope", "rev", "speaker", "representative", "rep", "sen", "sheik"]
)
SINGLE_TITLES = frozenset(
    ["president", "premier", "chancellor", "king", "queen", "prince", "emir", "sheikh", "sheik", "ayatollah", "general", "gen", "marshal", "judge", "justice", "ambassador", "envoy", "commander", "colonel", "admiral", "senator", "governor", "mayor", "minister", "secretary", "leader", "chairman"]
)
"""A title word that alone can introduce a name not in the knowledge base ("Algerian President Ahmed Ben Bella")."""
NOT_NAMES = frozenset(
    ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"]
)
TITLES_THAT_MUST_FIT = frozenset(
    ["judge", "justice", "senator", "sen", "governor", "mayor", "archbishop", "cardinal", "pope", "rev", "colonel",
     "col", "lieutenant", "lt", "admiral", "adm", "commander", "ambassador", "envoy", "speaker", "representative",
     "rep", "king", "queen", "ayatollah"]
)
"""A title that names an office: "Judge Smith" is not the politician Smith."""
BARE_SURNAMES_BLOCKED = frozenset(
    ["may", "kim", "li", "lee", "ma", "sun", "wang", "key", "english", "rice", "brown", "young", "king", "white",
     "black", "green", "long", "little", "love", "hope", "price", "ward", "hunt", "major", "mark", "duke", "church"]
)
"""Surnames that are also common words or shared by many leaders: alone only after a full mention or with a title."""
PREPOSITIONS = frozenset(
    ["to", "with", "against", "from", "on", "by", "over", "for", "at", "into", "toward", "towards", "about", "between", "among", "than", "upon", "via"]
)
AMBIGUOUS_OK_BEFORE = frozenset(
    ["the", "in", "to", "of", "from", "and", "or", "with", "by", "for", "at", "on", "neighbouring", "neighboring", "south", "southern", "north", "northern", "east", "eastern", "west", "western", "central", "when", "while", "but", "if", "as", "after", "before", "since", "both", "nor", "then", "also", "so", "because", "although", "though", "where", "whether", "like", "unlike", "including", "against", "between", "into", "across", "near", "over", "under", "via", "within", "without", "about", "visit", "visited", "tell", "told", "says", "said", "meanwhile", "however"]
)
US_PLACE_WORDS = frozenset(
    ["governor", "state", "senate", "senator", "senators", "legislature", "tech", "county", "republicans", "democrats", "voters", "primary"]
)
HOLDER_PATTERNS = (
    (re.compile(r"foreign (?:minister|secretary)|secretary of state|top diplomat|external affairs", re.I),
     re.compile(r"foreign|secretary of state|external affairs", re.I)),
    (re.compile(r"defen[cs]e (?:minister|secretary)|secretary of defen[cs]e|war minister", re.I),
     re.compile(r"defen[cs]e|armed forces|war", re.I)),
    (re.compile(r"prime minister|premier", re.I), re.compile(r"prime minister|premier|chancellor|head of government", re.I)),
    (re.compile(r"chancellor", re.I), re.compile(r"chancellor", re.I)),
    (re.compile(r"president", re.I), re.compile(r"president", re.I)),
    (re.compile(r"king|queen|monarch|emir|sultan", re.I), re.compile(r"king|queen|monarch|emir|sultan", re.I)),
    (re.compile(r"supreme leader", re.I), re.compile(r"supreme leader", re.I)),
    (re.compile(r"leader|ruler|dictator|head of state", re.I), None),
)
"""Agent phrase → which office the holder must have ("the Russian foreign minister" → the foreign minister)."""
OBJECT_VERBS = frozenset(
    ["met", "meet", "meets", "meeting", "visited", "visit", "visits", "called", "calls", "told", "tells", "thanked",
     "thanks", "urged", "urges", "accused", "accuses", "welcomed", "welcomes", "criticised", "criticized", "criticises",
     "criticizes", "praised", "praises", "invited", "invites", "congratulated", "received", "receives", "warned", "warns",
     "hosted", "hosts", "asked", "asks", "phoned", "telephoned", "backed", "backs", "supported", "blamed", "blames",
     "sacked", "fired", "appointed", "replaced", "succeeded", "defeated", "condemned", "condemns", "greeted", "greets",
     "rebuked", "slammed", "joined", "joins", "endorsed", "named", "nominated", "ousted", "unseated", "removed"]
)
"""Verbs whose next name is their object: a person named right after one is not the clause's subject."""
NOT_SUBJECT_BEFORE = PREPOSITIONS | OBJECT_VERBS | frozenset(["of", "in", "as", "like", "and", "or", "nor", "&"])
PLACE_PREPS = frozenset(["in", "at", "near", "outside", "inside", "around", "across", "throughout", "within"])
"""Prepositions after which a capital is where something happens, not who does it ("a curfew in Algiers")."""
PLACE_FILLERS = frozenset(["the", "capital", "city", ",", "of", "nearby", "downtown", "central", "suburban", "town",
                           "port", "village", "province", "district", "region", "northern", "southern", "eastern",
                           "western"])
"""Words between a place preposition and a capital: "in the capital, Algiers", "in the city of Kabul"."""
CITY_MIN_POPULATION = 100_000
"""A city that places an event as an actor mention must be at least this big (smaller towns share names with words)."""
CITY_STOPLIST = frozenset(
    ["march", "may", "mobile", "reading", "nice", "split", "bath", "of", "university", "union", "independence",
     "liberty", "hope", "concord", "providence", "victoria", "enterprise", "unity", "progress", "best", "eagle",
     "sale", "gaza", "west", "east", "north", "south", "central", "city",
     "parliament", "congress", "court", "government", "office", "house", "camp", "state", "county", "police"]
)
"""Capitalised words that name big cities somewhere but are mostly something else after "in"."""
COORDINATORS = frozenset([",", "and", "or", "&"])
CALENDAR_WORDS = frozenset(["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january",
                            "february", "march", "april", "may", "june", "july", "august", "september", "october",
                            "november", "december", "and", "or", "but", "in", "on", "at", "to", "for", "of"])
"""Title-case words that may follow "the West" without making it part of a place's name ("the West On Monday")."""
PERSON_PRONOUNS = frozenset({"he", "she", "him", "her", "his", "hers"})
PLURAL_PRONOUNS = frozenset({"they", "them", "their"})
_GROUP_RE = re.compile(
    r"^(?:the|both)$"
)
GROUP_NOUNS_STATES = frozenset(
    ["nations", "countries", "states", "sides", "governments", "neighbours", "neighbors", "allies", "powers", "capitals", "partners"]
)
GROUP_NOUNS_PEOPLE = frozenset(["leaders", "men", "women", "presidents", "heads", "rulers", "premiers", "ministers"])
GOVERNMENT_NOUNS = frozenset(["administration", "government", "cabinet", "regime"])
NUMBERS = {"two": 2, "both": 2, "three": 3}
COUNTRYISH = frozenset({"country", "nation", "state", "homeland", "people", "economy", "regime"})
US_STATES = frozenset(
    ["alabama", "alaska", "arizona", "arkansas", "california", "colorado", "connecticut", "delaware", "florida", "hawaii", "idaho", "illinois", "indiana", "iowa", "kansas", "kentucky", "louisiana", "maine", "maryland", "massachusetts", "michigan", "minnesota", "mississippi", "missouri", "montana", "nebraska", "nevada", "ohio", "oklahoma", "oregon", "pennsylvania", "tennessee", "texas", "utah", "vermont", "virginia", "wisconsin", "wyoming", "atlanta", "georgia", "washington", "new york", "new jersey", "new mexico", "new hampshire", "north carolina", "south carolina", "north dakota", "south dakota", "rhode island", "west virginia"]
)


@dataclass(frozen=True, slots=True)
class ActorRef:
    code: str
    country: str | None
    role: str | None
    name: str
    via: str
    members: tuple[str, ...] = ()
    person: bool = False
    plural: bool = False


@dataclass(frozen=True, slots=True)
class Mention:
    """An actor mention over tokens [start, end) of a Doc."""

    start: int
    end: int
    ref: ActorRef


@dataclass(slots=True)
class CorefContext:
    """What an article has named so far; carried from title to standfirst to body to captions."""

    people: list[tuple[Person, ActorRef]] = field(default_factory=list)
    actors: list[ActorRef] = field(default_factory=list)
    full_names: set[str] = field(default_factory=set)
    people_sents: list[int] = field(default_factory=list)
    """Article-wide sentence number of each entry of ``people`` (parallel list)."""
    actor_sents: list[int] = field(default_factory=list)
    """Article-wide sentence number of each entry of ``actors`` (parallel list)."""
    sentence_base: int = 0
    """Sentences read in earlier fields of the article (title, standfirst ...)."""
    people_subject: list[bool] = field(default_factory=list)
    """Whether each entry of ``people`` stood where a subject stands (not after a preposition or a verb)."""

    def note(self, ref: ActorRef, person: Person | None = None, sent: int | None = None, *, subject: bool = False) -> None:
        sent = self.sentence_base if sent is None else sent
        if person is not None:
            self.people.append((person, ref))
            self.people_sents.append(sent)
            self.people_subject.append(subject)
            self.full_names.add(person.name)
        self.actors.append(ref)
        self.actor_sents.append(sent)

    def recent_person(self, sent: int) -> ActorRef | None:
        """The most recent person named in this sentence or the previous one."""
        for k in range(len(self.people) - 1, -1, -1):
            if self.people_sents[k] < sent - 1:
                return None
            return self.people[k][1]
        return None

    def subject_person(self, sent: int) -> ActorRef | None:
        """The person a subject pronoun ("he", "she") most likely points to: the first person in subject
        position in this sentence (before the pronoun), else in the previous one, else the most recent person.
        "Erdogan spoke to Putin ..., and he offered" → Erdogan; "Putin met Erdogan. He said" → Putin."""
        for scope in (sent, sent - 1):
            for k, s in enumerate(self.people_sents):
                if s == scope and self.people_subject[k]:
                    return self.people[k][1]
        return self.recent_person(sent)

    def recent_plural(self, sent: int) -> ActorRef | None:
        """The most recent group ("the two nations") or plural agent ("Russian troops") in this or the previous sentence."""
        for k in range(len(self.actors) - 1, -1, -1):
            if self.actor_sents[k] < sent - 1:
                return None
            ref = self.actors[k]
            if ref.members or ref.plural:
                return ref
        return None

    def last_countries(self, n: int) -> list[ActorRef]:
        seen: list[str] = []
        out: list[ActorRef] = []
        for ref in reversed(self.actors):
            key = ref.country or ref.code
            if ref.members or key in seen or key is None or ref.via == "grouping":
                continue
            seen.append(key)
            out.append(ref)
            if len(out) == n:
                break
        return out

    def last_people(self, n: int) -> list[ActorRef]:
        seen: list[str] = []
        out: list[ActorRef] = []
        for _, ref in reversed(self.people):
            if ref.name in seen:
                continue
            seen.append(ref.name)
            out.append(ref)
            if len(out) == n:
                break
        return out


if not Doc.has_extension("dw_actors"):
    Doc.set_extension("dw_actors", default=None)
if not Doc.has_extension("dw_date"):
    Doc.set_extension("dw_date", default=None)
if not Doc.has_extension("dw_context"):
    Doc.set_extension("dw_context", default=None)


class ActorResolver:
    """Find and resolve actor mentions in a tokenised Doc."""

    def __init__(self, vocab: Vocab, kb: ActorKB) -> None:
        self.kb = kb
        self.matcher = PhraseMatcher(vocab, attr="LOWER")
        from spacy.lang.en import English

        tok = English().tokenizer
        self._add(tok, "NAME", self._spellings(kb.names.keys()))
        self._add(tok, "PERSON", self._spellings(kb.person_forms.keys()))
        self._add(tok, "SURNAME", [s for s in kb.surnames if len(s) > 1])
        self._add(tok, "AGENT", kb.agents.keys())
        self._add(tok, "GROUP", [*kb.groups, *(g.text for g in kb.groups.values())])
        self.max_agent_len = max((len(a.split()) for a in kb.agents), default=1)
        self._near: dict[str, list[str]] | None = None

    def _spellings(self, keys) -> list[str]:
        """Each form lowercased and as written: the tokenizer keeps "U.S." whole but splits "u.s."."""
        out = []
        for k in keys:
            out.append(k)
            out.extend(self.kb.surface.get(k, ()))
        return out

    def _add(self, tok, label: str, forms) -> None:
        docs = [d for d in tok.pipe(sorted(set(forms))) if len(d)]
        for i in range(0, len(docs), 2000):
            self.matcher.add(label, docs[i:i + 2000])

    # -- matching ----------------------------------------------------------------------------
    def _matches(self, doc: Doc) -> list[tuple[str, int, int]]:
        strings = doc.vocab.strings
        raw = list({(strings[m], s, e) for m, s, e in self.matcher(doc)})
        rank = {"PERSON": 0, "NAME": 1, "GROUP": 2, "SURNAME": 3, "AGENT": 4}
        raw.sort(key=lambda t: (t[1], -(t[2] - t[1]), rank[t[0]]))
        taken = [False] * len(doc)
        out = []
        for label, s, e in raw:
            if label == "AGENT":
                continue
            if any(taken[s:e]):
                continue
            # lower-case forms count only for multiword organisation names ("human rights group")
            if label in ("NAME", "PERSON", "SURNAME") and not any(t.text[:1].isupper() for t in doc[s:e]) \
                    and not (label == "NAME" and e - s >= 2 and self._generic_org(doc[s:e].text)):
                continue
            # a short acronym ("GIA") only as written: "Minister Tran Xuan Gia" is a name, not the Armed Islamic
            # Group ("Nato", "Opec" are house styles and still match)
            if label == "NAME" and e - s == 1 and len(doc[s].text) <= 3 and not doc[s].text.isupper() \
                    and self._acronym(doc[s].text):
                continue
            # a named people ("Kurds", "ethnic Albanians") only when capitalised; generic groupings in any case
            if label == "GROUP" and self.kb.groups[normalise_form(doc[s:e].text)].proper \
                    and not any(t.text[:1].isupper() for t in doc[s:e]):
                continue
            for i in range(s, e):
                taken[i] = True
            out.append((label, s, e))
        agents = [(label, s, e) for label, s, e in raw if label == "AGENT"]
        return sorted(out + agents, key=lambda t: (t[1], -(t[2] - t[1])))

    def _near_surname(self, doc: Doc, i: int, covered: list[bool]) -> Person | None:
        """A capitalised word of 7+ letters one edit (or one swap) away from exactly one KB person's surname,
        after a title ("President Mitterand", "President Abdelaziz Bouteflicka") or after that person's own
        first name: reporters' misspellings of leaders' names."""
        tok = doc[i]
        if len(tok.text) < NEAR_MIN or not tok.is_alpha or not tok.text[:1].isupper() or tok.text.isupper() \
                or tok.lower_ in self.kb.surnames:
            return None
        if i + 1 < len(doc) and doc[i + 1].text[:1].isupper() and doc[i + 1].is_alpha:
            return None  # not the last word of a name
        cands = {k for d in _deletes(tok.lower_) for k in self._near_index().get(d, ())}
        cands = {k for k in cands if _one_edit(tok.lower_, k)}
        if len(cands) != 1:
            return None
        people = self.kb.surnames[next(iter(cands))]
        if len({p.name for p in people}) != 1:
            return None
        person = people[0]
        j = i - 1
        first = person.name.split()[0].lower()
        while j >= 0 and j >= i - 3 and not covered[j] and doc[j].text[:1].isupper():
            word = doc[j].lower_.rstrip(".")
            if word in TITLES or (j == i - 1 and _fold(word) == _fold(first)):
                return person
            j -= 1
        return None

    def _near_index(self) -> dict[str, list[str]]:
        if self._near is None:
            index: dict[str, list[str]] = {}
            for key in self.kb.surnames:
                if len(key) >= NEAR_MIN and key.isalpha():
                    for d in _deletes(key):
                        index.setdefault(d, []).append(key)
            self._near = index
        return self._near

    def _acronym(self, text: str) -> bool:
        """Whether every form the data gives for this name is an all-capitals acronym ("GIA", "RUF")."""
        forms = self.kb.surface.get(normalise_form(text), ())
        return bool(forms) and all(len(sp) >= 2 and sp.isupper() for sp in forms)

    def _generic_org(self, text: str) -> bool:
        """A multiword organisation name the data writes in lower case ("human rights group"): matched in any case
        (a proper name such as "Army of God" only when capitalised)."""
        key = normalise_form(text)
        cands = self.kb.names.get(key, [])
        return bool(cands) and all(n.kind == "org" for n in cands) \
            and any(sp == sp.lower() for sp in self.kb.surface.get(key, ()))

    def _agent_at(self, doc: Doc, i: int, agents: dict[int, int]) -> tuple[int, str, bool] | None:
        """An agent phrase starting at token i, allowing one adjective before it ("state media")."""
        if i >= len(doc):
            return None
        for start in (i, i + 1):
            if start == i + 1 and not (doc[i].is_alpha and doc[i].is_lower):
                break  # "Liberia, Defence Minister ..." is two things
            end = agents.get(start)
            if end is not None:
                role, plural = self.kb.agents[normalise_form(doc[start:end].text)]
                return end, role, plural
        return None

    # -- resolution ----------------------------------------------------------------------------
    def resolve(self, doc: Doc, *, day: date, context: CorefContext | None = None) -> list[Mention]:
        ctx = context if context is not None else CorefContext()
        matches = self._matches(doc)
        agents: dict[int, int] = {}
        for label, s, e in matches:
            if label == "AGENT" and e > agents.get(s, s):
                agents[s] = e
        ent_labels = {t.i: t.ent_type_ for t in doc if t.ent_type_} if doc.has_annotation("ENT_IOB") else {}
        spans: list[Mention] = []
        covered = [False] * len(doc)
        sent_of = _sentence_numbers(doc)
        base = ctx.sentence_base
        placed: list[tuple[int, ActorRef]] = []
        """Non-person, non-group actors of this doc with their first token (for "its")."""

        def emit(s: int, e: int, ref: ActorRef, person: Person | None = None) -> None:
            spans.append(Mention(s, e, ref))
            for k in range(s, e):
                covered[k] = True
            ctx.note(ref, person, base + sent_of[s], subject=person is not None and _subject_like(doc, s, sent_of))
            if not ref.person and not ref.members:
                placed.append((s, ref))

        entity_matches = [(lab, s, e) for lab, s, e in matches if lab != "AGENT"]
        next_entity_start = {s: (lab, e) for lab, s, e in entity_matches}
        pending: list[tuple[int, int, Group, str]] = []
        """Groups waiting for the state named in their sentence (which may come after them)."""
        for i in range(len(doc)):
            if covered[i]:
                continue
            if i in next_entity_start and next_entity_start[i][0] == "GROUP":
                e = next_entity_start[i][1]
                if ent_labels and ent_labels.get(i) in ("PERSON", "WORK_OF_ART"):
                    continue
                group = self.kb.groups[normalise_form(doc[i:e].text)]
                group_role = group.role
                gag = self._agent_at(doc, e, agents)
                if gag is not None:  # "Kurdish rebels", "Yoruba leaders", "Ibo traditional elders"
                    e = gag[0]
                    group_role = gag[1] if gag[1] != "GOV" else group_role
                pending.append((i, e, group, group_role))
                for k in range(i, e):
                    covered[k] = True
                continue
            if i in next_entity_start:
                label, e = next_entity_start[i]
                if label == "SURNAME":  # "in Lagos" is the city, not Ricardo Lagos
                    city = self._city_at(doc, i, {k: v for k, v in next_entity_start.items() if k != i}, ent_labels)
                    if city is not None:
                        emit(i, city[0], city[1])
                        continue
                self._resolve_entity(doc, label, i, e, day, ctx, emit, agents, ent_labels, next_entity_start, covered)
                continue
            tok = doc[i]
            low = tok.lower_
            sent = base + sent_of[i]
            # "President Francois Mitterand": a misspelt surname of a known leader, with a title or first name
            near = self._near_surname(doc, i, covered)
            if near is not None:
                emit(_title_start(doc, i), i + 1, self._person_ref(near, day, "title"), near)
                continue
            # "protesters in Lagos", "a bombing near Samarra": a city after a place preposition places the event
            city = self._city_at(doc, i, next_entity_start, ent_labels)
            if city is not None:
                end, ref = city
                emit(i, end, ref)
                continue
            # "the president of France", "the foreign minister of Iran"
            if (low in ("the", "a") or i in agents) and self._agent_of(doc, i, day, ctx, emit, agents, next_entity_start):
                continue
            # "its president", "his country", "their government"
            if low in ("its", "his", "her", "their") and i + 1 < len(doc):
                ag = self._agent_at(doc, i + 1, agents)
                nxt = doc[i + 1].lower_
                if low == "its" and ag:
                    owner = _its_owner(doc, i, placed, sent_of) or next(
                        (r for r in reversed(ctx.actors) if not r.person and not r.members), None)
                    if owner and owner.country:
                        if owner.country in self.kb.countries:
                            named = self.kb.countries[owner.country]
                            ref, holder = self._agent_ref(named, ag[1], ag[2], doc[i + 1:ag[0]].text, day, ctx)
                            emit(i, ag[0], ActorRef(ref.code, ref.country, ref.role, ref.name, "coreference",
                                                    person=ref.person, plural=ag[2]), holder)
                        else:
                            emit(i, ag[0], ActorRef(owner.country + ("" if owner.country.startswith("IGO") else ag[1]),
                                                    owner.country, ag[1], owner.name, "coreference", plural=ag[2]))
                        continue
                if low in ("his", "her") and (nxt in COUNTRYISH or ag):
                    person = ctx.recent_person(sent)
                    if person and person.country:
                        end = i + 2 if nxt in COUNTRYISH else ag[0]  # type: ignore[index]
                        role = None if nxt in COUNTRYISH else ag[1]  # type: ignore[index]
                        if person.country.startswith("IGO"):
                            code = person.country
                        else:
                            code = person.country + (role or "") if role else person.country
                        emit(i, end, ActorRef(code, person.country, role, person.name if role == "GOV" else
                                              self._country_name(person.country), "coreference"))
                        continue
            # "the two nations", "both countries", "the two leaders", "both men"
            if low in ("the", "both") or low in NUMBERS:
                grp = _group_at(doc, i)
                if grp:
                    end, kind = grp
                    members = ctx.last_people(2) if kind == "people" else ctx.last_countries(2)
                    if len(members) == 2:
                        codes = tuple(x.country or x.code for x in members)
                        for m in members:
                            if kind == "people":
                                ref = ActorRef(m.code, m.country, m.role, m.name, "group", members=codes, person=True)
                            else:
                                c = m.country or m.code
                                ref = ActorRef(c, c, None, self._country_name(c), "group", members=codes)
                            spans.append(Mention(i, end, ref))
                        for k in range(i, end):
                            covered[k] = True
                        ctx.note(ActorRef(members[0].code, members[0].country, None, "group", "group", members=codes),
                                 None, sent)
                        continue
            # "he", "she": the most recent person in this or the previous sentence
            if low in ("he", "she"):
                person = ctx.subject_person(sent)
                if person is not None:
                    ref = ActorRef(person.code, person.country, person.role, person.name, "pronoun", person=True)
                    spans.append(Mention(i, i + 1, ref))
                    covered[i] = True
                continue
            # "they": the most recent group or plural actor in this or the previous sentence
            if low in ("they", "them"):
                last = ctx.recent_plural(sent)
                if last is None:
                    continue
                if last.members:
                    for code in last.members:
                        ref = ActorRef(code, code, None, self._country_name(code), "pronoun", members=last.members)
                        spans.append(Mention(i, i + 1, ref))
                else:
                    spans.append(Mention(i, i + 1, ActorRef(last.code, last.country, last.role, last.name, "pronoun",
                                                            plural=True)))
                covered[i] = True
        if pending:
            self._resolve_groups(pending, base, sent_of, ctx, emit)
        ctx.sentence_base = base + (max(sent_of) + 1 if sent_of else 0)
        spans.sort(key=lambda m: (m.start, m.end))
        return spans

    def _resolve_groups(self, pending: list[tuple[int, int, Group, str]], base: int, sent_of: list[int],
                        ctx: CorefContext, emit) -> None:
        """Give each group its state: its own, else the one named in its sentence, else in the previous one."""
        first = base + min(sent_of[s] for s, _, _, _ in pending) - 1
        by_sent: dict[int, list[tuple[str, str]]] = {}
        for k in range(len(ctx.actors) - 1, -1, -1):
            sent = ctx.actor_sents[k]
            if sent < first:
                break
            ref = ctx.actors[k]
            if ref.members or ref.via == "grouping" or not ref.country or ref.country not in self.kb.countries:
                continue
            by_sent.setdefault(sent, []).insert(0, (ref.country, ref.via))
        for s, e, group, role in pending:
            sent = base + sent_of[s]
            country = _context_country(group, by_sent.get(sent, []), by_sent.get(sent - 1, []))
            if country is None:
                continue
            code = group.code if group.code and role == group.role else country + role
            emit(s, e, ActorRef(code, country, role, group.text, "grouping", plural=True))

    def _city_at(self, doc: Doc, i: int, starts: dict[int, tuple[str, int]],
                 ent_labels: dict[int, str]) -> tuple[int, ActorRef] | None:
        """A city of at least CITY_MIN_POPULATION named at i right after a place preposition ("in Lagos",
        "near the town of Samarra") → its country, role-less, via "city" (the coder reads it as where, not who)."""
        tok = doc[i]
        if not (tok.text[:1].isupper() and tok.is_alpha) or not _place_prep(doc, i) or tok.lower_ in CITY_STOPLIST:
            return None
        if ent_labels and ent_labels.get(i) in ("PERSON", "ORG", "WORK_OF_ART", "FAC", "NORP"):
            return None
        from ..kb.places import find_place

        for n in (3, 2, 1):
            e = i + n
            if e > len(doc) or any(k in starts for k in range(i + 1, e)):
                continue
            words = doc[i:e]
            if not all(t.text[:1].isupper() and (t.is_alpha or "-" in t.text) for t in words):
                continue
            if e < len(doc) and doc[e].text[:1].isupper() and doc[e].is_alpha and not doc[e].is_sent_start:
                return None  # part of a longer name: "in Santa Clara University"
            place = find_place(words.text)
            if place is None or not place.country or place.population < CITY_MIN_POPULATION:
                continue
            return e, ActorRef(place.country, place.country, None, place.name, "city")
        return None

    def _country_name(self, code: str) -> str:
        c = self.kb.countries.get(code)
        return c.name if c else code

    def _agent_of(self, doc, i, day, ctx, emit, agents, starts) -> bool:
        """'the president of France' / 'the foreign minister of Iran' → FRAGOV / IRNGOV."""
        j = i + 1 if doc[i].lower_ in ("the", "a") else i
        end = agents.get(j)
        if end is None or end >= len(doc) - 1 or doc[end].lower_ != "of":
            return False
        k = end + 1
        if doc[k].lower_ == "the" and k + 1 < len(doc):
            k += 1
        hit = starts.get(k)
        if hit is None or hit[0] != "NAME":
            return False
        cands = self.kb.names.get(normalise_form(doc[k:hit[1]].text), [])
        named = _best_named(cands) if cands else None
        if named is None or named.kind not in ("country", "org"):
            return False
        role, plural = self.kb.agents[normalise_form(doc[j:end].text)]
        ref, holder = self._agent_ref(named, role, plural, doc[j:end].text, day, ctx)
        emit(i, hit[1], ref, holder)
        return True

    def _agent_ref(self, named: Named, role: str, plural: bool, phrase: str, day: date,
                   ctx: CorefContext) -> tuple[ActorRef, Person | None]:
        """The actor for a state/organisation + agent noun ("Russian troops", "Iran's foreign minister")."""
        country = named.country
        if named.kind == "org" or named.code.startswith("IGO") or named.code == "WST":
            code = named.code  # "NATO troops", "Hamas leaders", "Red Cross officials": the organisation itself
        else:
            code = (country or named.code[:3]) + role
        name = named.name
        holder = None
        if role == "GOV" and not plural and named.kind in ("country", "adjective") and country:
            holder = self._holder(country, phrase, day, ctx)
            if holder is not None:
                name = holder.name
                code = holder.code_on(day)
        ref = ActorRef(code, split_code(code)[0], split_code(code)[1], name,
                       "coreference" if holder is not None else "agent", person=holder is not None, plural=plural)
        return ref, holder

    def _holder(self, country: str, phrase: str, day: date, ctx: CorefContext) -> Person | None:
        """Who held the office an agent phrase names on that day ("the Russian foreign minister")."""
        office_re = None
        for phrase_re, oré in HOLDER_PATTERNS:
            if phrase_re.search(phrase):
                office_re = oré
                break
        else:
            return None
        def fits(p: Person) -> bool:
            o = p.office_on(day)
            return o is not None and o.code == country + "GOV" and (office_re is None or bool(office_re.search(o.office)))
        recent = [p for p, _ in reversed(ctx.people) if p.country == country and fits(p)]
        if recent:
            return recent[0]
        holders = [p for p in self.kb.holders(country, "GOV", day) if fits(p)]
        if office_re is None:  # "the leader": who actually runs the country
            holders.sort(key=lambda p: _leader_rank(country, p.office_on(day).office))  # type: ignore[union-attr]
        return holders[0] if holders else None

    def _surname_person(self, doc: Doc, key: str, s: int, e: int, day: date, ctx: CorefContext,
                        starts: dict[int, tuple[str, int]], covered: list[bool]) -> tuple[Person, str] | None:
        people = self.kb.surnames.get(key, [])
        if not people:
            return None
        prev = doc[s - 1] if s > 0 else None
        title = prev.lower_.rstrip(".") if prev is not None and prev.text[:1].isupper() else ""
        titled = title in TITLES
        if e < len(doc) and doc[e].text[:1].isupper() and doc[e].is_alpha and doc[e].lower_ not in NOT_NAMES \
                and e not in starts and normalise_form(doc[e].text) not in self.kb.agents:
            return None  # a first name: "President Ahmed Ben Bella" is not Abiy Ahmed
        if title in TITLES_THAT_MUST_FIT:
            people = [p for p in people if any(title in o.office.lower() for o in p.offices)]
            if not people:
                return None
        person = next((p for p, _ in reversed(ctx.people) if p in people), None)
        via = "surname"
        if person is None and e < len(doc) and doc[e].lower_ in GOVERNMENT_NOUNS \
                and len({p.country for p in people}) == 1:
            # "the Bush administration": whoever held office then, else the latest to take office before that day
            person = next((p for p in people if p.office_on(day)), None) or max(
                people, key=lambda p: max(((o.start or date.min) for o in p.offices if (o.start or date.min) <= day),
                                          default=date.min))
        if person is None:
            current = [p for p in people if p.office_on(day)]
            if titled and len(current) > 1:
                fitting = [p for p in current if any(title in o.office.lower() for o in p.offices)]
                current = fitting or current
            if len(current) == 1 and (titled or len(people) == 1 or current[0].name in ctx.full_names
                                      or _others_long_gone(people, current[0], day)):
                person = current[0]
                via = "title" if titled else "surname"
            elif titled and len(people) == 1:
                person = people[0]
                via = "title"
            elif titled and not current:
                # "President Bush" in 2000: the latest former holder of a fitting office before that day
                fitting = [p for p in people if any(title in o.office.lower() for o in p.offices)] or people
                past = [(max((o.end or day) for o in p.offices if o.start is None or o.start <= day), p)
                        for p in fitting if any(o.start is None or o.start <= day for o in p.offices)]
                if past:
                    person = max(past, key=lambda t: t[0])[1]
                    via = "title"
        if person is None:
            return None
        # a regnal name alone ("Mohammed" of Mohammed VI, "Harald" of Harald V) is anyone's first name
        if not titled and person.name not in ctx.full_names and ROMAN_RE.match(person.name.split()[-1]) \
                and normalise_form(doc[s:e].text) != normalise_form(person.name):
            return None
        # "Kim" alone is ambiguous: only after a full mention, with a title, or next to another leader ("Biden and Xi")
        if not titled and person.name not in ctx.full_names and (
                key in BARE_SURNAMES_BLOCKED
                or (len(key) <= 3 and not (len(people) == 1 or _coordinated(doc, s, e, starts, covered)))):
            return None
        return person, via

    def _resolve_entity(self, doc, label, s, e, day, ctx, emit, agents, ent_labels, starts, covered) -> None:
        text = doc[s:e].text
        key = normalise_form(text)
        prev = doc[s - 1] if s > 0 else None
        if label in ("PERSON", "SURNAME"):
            if label == "PERSON":
                person = _pick(self.kb.person_forms.get(key, []), day)
                via = "dictionary"
            else:
                found = self._surname_person(doc, key, s, e, day, ctx, starts, covered)
                person, via = found if found else (None, "")
            if person is None:
                return
            start = _title_start(doc, s)
            # "the Bush administration", "the Putin government": the state's government
            if e < len(doc) and doc[e].lower_ in GOVERNMENT_NOUNS and person.country:
                if prev is not None and start == s and prev.lower_ == "the":
                    start = s - 1
                c = person.country
                code = c if c.startswith("IGO") else c + "GOV"
                emit(start, e + 1, ActorRef(code, c, "GOV", f"{person.name} {doc[e].lower_}", "agent"))
                return
            ref = self._person_ref(person, day, via)
            emit(start, e, ref, person)
            return
        # a state, organisation, seat of power or adjective
        cands = self.kb.names.get(key, [])
        if not cands:
            return
        named = _best_named(cands)
        if key in self.kb.ambiguous and _ambiguous_vetoed(doc, s, e, key, ent_labels, starts, agents):
            return
        if named.code == "WST" and e - s == 1 and e < len(doc) and doc[e].is_title and doc[e].is_alpha \
                and doc[e].lower_ not in CALENDAR_WORDS:
            return  # "West Darfur", "West Africa": part of a place's name, not the West
        # "Russian president Vladimir Putin": the person carries the mention
        ag = self._agent_at(doc, e, agents) if named.kind in ("adjective", "country", "org") else None
        if named.kind in ("country", "org") and e < len(doc) and doc[e].lower_ in ("'s", "’s", "'"):
            ag = self._agent_at(doc, e + 1, agents)
        if ag is None and named.kind == "adjective":
            shared = self._shared_agent(doc, e, starts, agents)
            if shared is not None:  # "Russian and Chinese warships": each adjective gets the shared noun's role
                role, plural = shared
                ref, _ = self._agent_ref(named, role, plural, doc[s:e].text, day, ctx)
                emit(s, e, ref)
                return
        if ag is not None:
            end, role, plural = ag
            foreign_name = False
            follow = starts.get(end)
            if follow is None and end < len(doc) and doc[end].lower_.rstrip(".") in TITLES and doc[end].text[:1].isupper():
                follow = starts.get(end + 1)  # "Jordan's visiting King Abdullah II"
            if follow and follow[0] in ("PERSON", "SURNAME"):
                fs = end if end in starts else end + 1
                fkey = normalise_form(doc[fs:follow[1]].text)
                if follow[0] == "PERSON":
                    fperson = _pick(self.kb.person_forms.get(fkey, []), day)
                else:
                    found = self._surname_person(doc, fkey, fs, follow[1], day, ctx, starts, covered)
                    fperson = found[0] if found else None
                same = fperson is not None and (named.kind == "org" or not named.country
                                                or any(o.code.startswith(named.country) for o in fperson.offices))
                if same:
                    if named.kind == "country" and e < len(doc) and doc[e].lower_ in ("'s", "’s", "'"):
                        emit(s, e, ActorRef(named.code, named.country, None, named.name, "dictionary"))
                    return  # the name that follows will be the mention
                foreign_name = True
            start = s - 1 if prev is not None and prev.lower_ == "the" else s
            ref, holder = self._agent_ref(named, role, plural, doc[s:end].text, day, ctx)
            # an office holder the knowledge base does not know: "Algerian President Ahmed Ben Bella"
            # ... or anyone the knowledge base does not know, named after a singular agent noun: "American journalist
            # Evan Gershkovich" is a US journalist (the adjective's state, the noun's role)
            name_end = _unknown_name_end(doc, end, starts, over_names=foreign_name) if not plural else end
            if name_end > end:
                c = split_code(ref.code)[0]
                code = c if named.kind == "org" or c.startswith("IGO") else c + role
                pname = doc[end:name_end].text
                holder = Person(pname, [], [Office(code, doc[s:end].text, None, None)])
                ref = ActorRef(code, split_code(code)[0], split_code(code)[1], pname, "agent", person=True)
                end = name_end
            emit(start, end, ref, holder)
            return
        code = named.code
        if named.kind == "capital" and named.country and _place_prep(doc, s) \
                and not self._officials_in(doc, s, agents):
            # "a curfew in Algiers", "demonstrators in Baghdad": the capital places the event; the state, role-less
            emit(s, e, ActorRef(named.country, named.country, None, named.name, "place"))
            return
        emit(s, e, ActorRef(code, split_code(code)[0] if not code.startswith("IGO") else code,
                            split_code(code)[1], named.name, "dictionary"))

    def _shared_agent(self, doc: Doc, e: int, starts: dict[int, tuple[str, int]],
                      agents: dict[int, int]) -> tuple[str, bool] | None:
        """The plural agent noun that a run of coordinated adjectives ending at e shares
        ("Russian and Chinese warships", "British, French and German diplomats")."""
        k = e
        while k < len(doc) and doc[k].lower_ in COORDINATORS:
            while k < len(doc) and doc[k].lower_ in COORDINATORS:
                k += 1
            hit = starts.get(k)
            if hit is None or hit[0] != "NAME":
                return None
            if not any(n.kind == "adjective" for n in self.kb.names.get(normalise_form(doc[k:hit[1]].text), [])):
                return None
            k = hit[1]
            ag = self._agent_at(doc, k, agents)
            if ag is not None:
                return (ag[1], ag[2]) if ag[2] else None
        return None

    def _officials_in(self, doc: Doc, s: int, agents: dict[int, int]) -> bool:
        """A bare government agent just before the place preposition: "Officials in Kyiv said" (Ukraine's
        officials), but not "relief officials in Nairobi" or "Western diplomats in Moscow"."""
        prep = s - 1
        while prep > 0 and doc[prep].lower_ in PLACE_FILLERS:
            prep -= 1
        for st, en in agents.items():
            if en == prep and self.kb.agents.get(normalise_form(doc[st:en].text), ("", False))[0] == "GOV":
                before = doc[st - 1] if st > 0 else None
                return before is None or doc[st].is_sent_start or before.is_punct or before.lower_ in ("the", "some", "many")
        return False

    def _person_ref(self, person: Person, day: date, via: str) -> ActorRef:
        code = person.code_on(day)
        country, role = split_code(code)
        return ActorRef(code, country, role, person.name, via, person=True)


PM_LED = frozenset(["GBR", "JPN", "IND", "ISR", "CAN", "AUS", "NZL", "ITA", "ESP", "NLD", "SWE", "NOR", "DNK", "BEL",
                    "GRC", "HUN", "POL", "CZE", "PAK", "BGD", "THA", "IRQ", "EST", "LVA", "LTU", "FIN", "ARM", "GEO"])
"""States whose prime minister, not the head of state, is 'the leader'."""


def _leader_rank(country: str, office: str) -> int:
    o = office.lower()
    if re.search(r"supreme leader|general secretary|state affairs|chancellor", o):
        return 0
    if re.search(r"prime minister|premier", o):
        return 1 if country in PM_LED else 3
    if re.search(r"president|king|queen|emir|sultan|leader", o) and "vice" not in o and "deputy" not in o:
        return 2
    return 4


def _others_long_gone(people: list[Person], current: Person, day: date) -> bool:
    """Whether everyone else of that surname left office years before the day ("Papandreou" in 2010 is George,
    not Andreas; "Aliyev" in 2020 is Ilham, not Heydar)."""
    for p in people:
        if p is current:
            continue
        ends = [o.end for o in p.offices if o.start is None or o.start <= day]
        if any(e is None or (day - e).days < 730 for e in ends):
            return False
    return True


def _coordinated(doc: Doc, s: int, e: int, starts: dict[int, tuple[str, int]], covered: list[bool]) -> bool:
    """A name next to another named leader: "Biden and Xi", "Xi and Putin", "Putin, Xi and Modi"."""
    if s >= 2 and doc[s - 1].lower_ in ("and", "&", ",") and covered[s - 2]:
        return True
    if e + 1 < len(doc) and doc[e].lower_ in ("and", "&", ","):
        k = e + 1
        if doc[k].lower_.rstrip(".") in TITLES and k + 1 < len(doc):
            k += 1
        return starts.get(k, ("", 0))[0] in ("PERSON", "SURNAME")
    return False


def _unknown_name_end(doc: Doc, i: int, starts: dict[int, tuple[str, int]], *, over_names: bool = False) -> int:
    """The end of a capitalised personal name starting at i that no dictionary knows, else i
    (``over_names``: also over a dictionary name that belongs to someone else)."""
    j = i
    while j < len(doc) and j - i < 5:
        t = doc[j]
        if j == i and j in starts and not (over_names and starts[j][0] in ("PERSON", "SURNAME")):
            return i  # another actor, not a name
        if (t.text[:1].isupper() and (t.is_alpha or "-" in t.text or t.text.endswith(".")) and t.lower_ not in NOT_NAMES \
                and t.lower_.rstrip(".") not in TITLES) or (j > i and t.lower_ in ("bin", "al", "de", "van", "von", "der", "da", "del", "la", "le", "ben") and j + 1 < len(doc) \
                and doc[j + 1].text[:1].isupper()):
            j += 1
        else:
            break
    return j if j - i >= 2 else i


def _its_owner(doc: Doc, i: int, placed: list[tuple[int, ActorRef]], sent_of: list[int]) -> ActorRef | None:
    """The state 'its' points back to in its sentence: the most recent one not governed by a preposition
    ('Libya offered to hand over to Great Britain two of its nationals' → Libya)."""
    here = [(s, r) for s, r in placed if s < i and sent_of[s] == sent_of[i] and r.country]
    for s, r in reversed(here):
        if s == 0 or (doc[s - 1].lower_ not in PREPOSITIONS and not (s >= 2 and doc[s - 1].lower_ == "the"
                                                                       and doc[s - 2].lower_ in PREPOSITIONS)):
            return r
    return here[-1][1] if here else None


def _ambiguous_vetoed(doc: Doc, s: int, e: int, key: str, ent_labels: dict[int, str],
                      starts: dict[int, tuple[str, int]], agents: dict[int, int]) -> bool:
    """Whether an ambiguous name (Georgia, Jordan, Paris ...) names something other than the actor here."""
    if ent_labels and ent_labels.get(s) in ("PERSON", "ORG", "WORK_OF_ART", "FAC"):
        return True
    nxt = doc[e] if e < len(doc) else None
    # "Paris, Texas"
    if nxt is not None and nxt.text == "," and e + 1 < len(doc) and doc[e + 1].lower_ in US_STATES:
        return True
    # "Atlanta, Georgia", "Georgia governor"
    if key in US_STATES:
        if s >= 2 and doc[s - 1].text == "," and doc[s - 2].text[:1].isupper():
            city = doc[s - 2].lower_
            if city in US_STATES:
                return True
            from ..kb.places import find_place

            place = find_place(doc[s - 2].text)
            if place is not None and place.country == "USA":
                return True
        if nxt is not None and (nxt.lower_ in US_PLACE_WORDS or (nxt.lower_ in ("'s", "’s") and e + 1 < len(doc)
                                and doc[e + 1].lower_ in US_PLACE_WORDS)):
            return True
    prev = doc[s - 1] if s > 0 else None
    # "Michael Jordan", "Israel Katz": part of a personal name
    if prev is not None and prev.text[:1].isupper() and prev.is_alpha and prev.lower_ not in AMBIGUOUS_OK_BEFORE \
            and prev.lower_.rstrip(".") not in TITLES and (prev.i - 1) not in starts:
        return True
    return bool(nxt is not None and nxt.text[:1].isupper() and nxt.is_alpha and nxt.lower_ not in NOT_NAMES
                and e not in starts and e not in agents and not nxt.is_sent_start)


def _place_prep(doc: Doc, s: int) -> bool:
    """Whether the name at s is the object of a place preposition ("in Algiers", "in the capital, Algiers")."""
    k = s - 1
    while k >= 0 and s - k <= 4 and doc[k].lower_ in PLACE_FILLERS:
        k -= 1
    return k >= 0 and doc[k].lower_ in PLACE_PREPS


def _subject_like(doc: Doc, s: int, sent_of: list[int]) -> bool:
    """Whether a name at s stands where a clause's subject stands: first in its sentence or after anything but a
    preposition or an object-taking verb ("Erdogan spoke to Putin": Erdogan is, Putin is not)."""
    k = s - 1
    while k >= 0 and sent_of[k] == sent_of[s] and doc[k].lower_ in ("the", "a", "an", "visiting", "former", "new"):
        k -= 1
    if k < 0 or sent_of[k] != sent_of[s]:
        return True
    return doc[k].lower_ not in NOT_SUBJECT_BEFORE


NEAR_MIN = 7
"""Shortest surname matched with one spelling error (shorter ones collide with other names)."""


def _deletes(word: str) -> set[str]:
    return {word} | {word[:k] + word[k + 1:] for k in range(len(word))}


def _one_edit(a: str, b: str) -> bool:
    """One insertion, deletion, substitution or swap of neighbours apart."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [k for k in range(len(a)) if a[k] != b[k]]
        return len(diff) == 1 or (len(diff) == 2 and diff[1] == diff[0] + 1
                                  and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]])
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    return any(long_[:k] + long_[k + 1:] == short for k in range(len(long_)))


def _fold(word: str) -> str:
    return unicodedata.normalize("NFKD", word).encode("ascii", "ignore").decode()


def _title_start(doc: Doc, s: int) -> int:
    """Extend a name back over the titles before it ("Mr", "President", "Prime Minister")."""
    while s > 0 and doc[s - 1].lower_.rstrip(".") in TITLES and doc[s - 1].text[:1].isupper():
        s -= 1
    return s


def _best_named(cands: list[Named]) -> Named:
    order = {"country": 0, "org": 1, "metonym": 2, "capital": 3, "adjective": 4}
    return sorted(cands, key=lambda n: order.get(n.kind, 9))[0]


def _pick(people: list[Person], day: date) -> Person | None:
    if not people:
        return None
    current = [p for p in people if p.office_on(day)]
    return (current or people)[0]


def _sentence_numbers(doc: Doc) -> list[int]:
    """For each token, the number of its sentence in the doc (cheap if no sentences are set)."""
    out = [0] * len(doc)
    cur = 0
    for t in doc:
        if t.i > 0 and (t.is_sent_start or (doc[t.i - 1].text in (".", "!", "?") and t.text[:1].isupper())):
            cur += 1
        out[t.i] = cur
    return out


def _context_country(group: Group, same: list[tuple[str, str]], prev: list[tuple[str, str]]) -> str | None:
    """The state a group belongs to here: its only state; else the one of its states named in the same sentence
    (else the previous one); a generic grouping takes the only state named there (a place if several are named,
    "students protested outside the Russian embassy in London" → Britain). Several candidates: none."""
    if len(group.countries) == 1:
        return group.countries[0]
    for scope in (same, prev):
        if not scope:
            continue
        named = list(dict.fromkeys(c for c, _ in scope))
        if group.countries:
            hits = [c for c in named if c in group.countries]
            if len(hits) == 1:
                return hits[0]
            if hits:
                return None
            continue
        if len(named) == 1:
            return named[0]
        places = list(dict.fromkeys(c for c, via in scope if via in ("place", "city")))
        return places[0] if len(places) == 1 else None
    return None


def _group_at(doc: Doc, i: int) -> tuple[int, str] | None:
    """'the two nations' / 'both countries' / 'the two leaders' / 'both men' starting at i."""
    j = i
    if doc[j].lower_ == "the":
        j += 1
    if j >= len(doc) or doc[j].lower_ not in NUMBERS:
        return None
    j += 1
    if j < len(doc) and doc[j].is_alpha and doc[j].lower_ not in GROUP_NOUNS_STATES | GROUP_NOUNS_PEOPLE and j + 1 < len(doc):
        j += 1  # one adjective: "the two neighbouring countries"
    if j >= len(doc):
        return None
    noun = doc[j].lower_
    if noun in GROUP_NOUNS_STATES:
        return j + 1, "states"
    if noun in GROUP_NOUNS_PEOPLE:
        return j + 1, "people"
    return None


@Language.factory(
    "dyadwatch_actors",
    default_config={"actors_files": []},
    assigns=["doc.spans", "doc._.dw_actors"],
    requires=["token.text"],
)
def make_actor_component(nlp: Language, name: str, actors_files: list[str]) -> ActorComponent:
    return ActorComponent(nlp.vocab, load_kb(actors_files))


class ActorComponent:
    """spaCy component: resolves actors as of ``doc._.dw_date`` (default: today)."""

    def __init__(self, vocab: Vocab, kb: ActorKB) -> None:
        self.resolver = ActorResolver(vocab, kb)

    def __call__(self, doc: Doc) -> Doc:
        day = doc._.dw_date or date.today()
        ctx = doc._.dw_context if doc._.dw_context is not None else CorefContext()
        mentions = self.resolver.resolve(doc, day=day, context=ctx)
        doc.spans["dw_actors"] = [Span(doc, m.start, m.end, label=m.ref.code) for m in mentions]
        doc._.dw_actors = mentions
        return doc
