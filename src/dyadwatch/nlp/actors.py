"""Actor mentions: a dictionary matcher over the knowledge base, resolved as of the article's date,
with titles, surnames, agents ("Russian troops") and coreference ("its president", "the two nations", "he").

Reads: token text (no parse needed); ``doc.ents`` when present, to veto ambiguous names.
Writes: ``doc.spans["dw_actors"]`` (labels are actor codes) and ``doc._.dw_actors`` (Mention objects).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.vocab import Vocab

from ..kb.actors import ActorKB, Named, Person, load_kb, normalise_form, split_code

TITLES = frozenset(
    "mr mrs ms miss dr president prime minister premier chancellor king queen prince crown sheikh emir ayatollah "
    "general gen. gen marshal secretary foreign defence defense chairman leader supreme comrade sir lord "
    "vice deputy senator governor mayor spokesman spokeswoman".split()
)
PERSON_PRONOUNS = frozenset({"he", "she", "him", "her", "his", "hers"})
PLURAL_PRONOUNS = frozenset({"they", "them", "their"})
_GROUP_RE = re.compile(
    r"^(?:the|both)$"
)
GROUP_NOUNS_STATES = frozenset(
    "nations countries states sides governments neighbours neighbors allies powers capitals partners".split()
)
GROUP_NOUNS_PEOPLE = frozenset("leaders men women presidents heads rulers premiers ministers".split())
NUMBERS = {"two": 2, "both": 2, "three": 3}
COUNTRYISH = frozenset({"country", "nation", "state", "homeland", "people", "economy", "regime"})
US_STATES = frozenset(
    "alabama alaska arizona arkansas california colorado connecticut delaware florida hawaii idaho illinois "
    "indiana iowa kansas kentucky louisiana maine maryland massachusetts michigan minnesota mississippi "
    "missouri montana nebraska nevada ohio oklahoma oregon pennsylvania tennessee texas utah vermont "
    "virginia wisconsin wyoming atlanta".split()
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

    def note(self, ref: ActorRef, person: Person | None = None) -> None:
        if person is not None:
            self.people.append((person, ref))
            self.full_names.add(person.name)
        self.actors.append(ref)

    def last_countries(self, n: int) -> list[ActorRef]:
        seen: list[str] = []
        out: list[ActorRef] = []
        for ref in reversed(self.actors):
            key = ref.country or ref.code
            if ref.members or key in seen or key is None:
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
        self._add(tok, "NAME", kb.names.keys())
        self._add(tok, "PERSON", kb.person_forms.keys())
        self._add(tok, "SURNAME", [s for s in kb.surnames if len(s) > 1])
        self._add(tok, "AGENT", kb.agents.keys())
        self.max_agent_len = max((len(a.split()) for a in kb.agents), default=1)

    def _add(self, tok, label: str, forms) -> None:  # type: ignore[no-untyped-def]
        docs = [d for d in tok.pipe(sorted(set(forms))) if len(d)]
        for i in range(0, len(docs), 2000):
            self.matcher.add(label, docs[i:i + 2000])

    # -- matching ----------------------------------------------------------------------------
    def _matches(self, doc: Doc) -> list[tuple[str, int, int]]:
        strings = doc.vocab.strings
        raw = [(strings[m], s, e) for m, s, e in self.matcher(doc)]
        rank = {"PERSON": 0, "NAME": 1, "SURNAME": 2, "AGENT": 3}
        raw.sort(key=lambda t: (t[1], -(t[2] - t[1]), rank[t[0]]))
        taken = [False] * len(doc)
        out = []
        for label, s, e in raw:
            if label == "AGENT":
                continue
            if any(taken[s:e]):
                continue
            if label in ("NAME", "PERSON", "SURNAME") and not any(t.text[:1].isupper() for t in doc[s:e]):
                continue
            for i in range(s, e):
                taken[i] = True
            out.append((label, s, e))
        agents = [(label, s, e) for label, s, e in raw if label == "AGENT"]
        return sorted(out + agents, key=lambda t: (t[1], -(t[2] - t[1])))

    def _agent_at(self, doc: Doc, i: int, agents: dict[int, int]) -> tuple[int, str, bool] | None:
        """An agent phrase starting at token i, allowing one adjective before it ("state media")."""
        if i >= len(doc):
            return None
        for start in (i, i + 1):
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
        sent_start = _sentence_starts(doc)

        def emit(s: int, e: int, ref: ActorRef, person: Person | None = None) -> None:
            spans.append(Mention(s, e, ref))
            for k in range(s, e):
                covered[k] = True
            ctx.note(ref, person)

        entity_matches = [(lab, s, e) for lab, s, e in matches if lab != "AGENT"]
        next_entity_start = {s: (lab, e) for lab, s, e in entity_matches}
        i_match = 0
        for i in range(len(doc)):
            # entity matches starting here
            while i_match < len(entity_matches) and entity_matches[i_match][1] < i:
                i_match += 1
            if covered[i]:
                continue
            if i in next_entity_start:
                label, e = next_entity_start[i]
                self._resolve_entity(doc, label, i, e, day, ctx, emit, agents, ent_labels, next_entity_start)
                continue
            tok = doc[i]
            low = tok.lower_
            # "its president", "his country", "their government"
            if low in ("its", "his", "her", "their") and i + 1 < len(doc):
                ag = self._agent_at(doc, i + 1, agents)
                nxt = doc[i + 1].lower_
                if low == "its" and ag:
                    owner = next((r for r in reversed(ctx.actors) if not r.person and not r.members), None)
                    if owner and owner.country:
                        emit(i, ag[0], ActorRef(owner.country + ("" if owner.country.startswith("IGO") else ag[1]),
                                                owner.country, ag[1], owner.name, "coreference"))
                        continue
                if low in ("his", "her") and (nxt in COUNTRYISH or ag):
                    person = _recent_person(ctx, doc, i, sent_start)
                    if person and person.country:
                        end = i + 2 if nxt in COUNTRYISH else ag[0]  # type: ignore[index]
                        role = None if nxt in COUNTRYISH else ag[1]  # type: ignore[index]
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
                        ctx.actors.append(ActorRef(members[0].code, members[0].country, None, "group", "group",
                                                   members=tuple(x.country or x.code for x in members)))
                        continue
            # the Russian leader / the president (alone)
            if low in PERSON_PRONOUNS and low not in ("his", "her") or (low in ("his", "her") and not agents.get(i + 1)):
                if tok.text[:1].isupper() or low in PERSON_PRONOUNS:
                    if low in ("his", "her", "hers", "him"):
                        continue  # possessives and objects add noise without an agent noun
                    person = _recent_person(ctx, doc, i, sent_start)
                    if person is not None:
                        ref = ActorRef(person.code, person.country, person.role, person.name, "pronoun", person=True)
                        spans.append(Mention(i, i + 1, ref))
                        covered[i] = True
                        continue
            if low in ("they", "them") and ctx.actors and ctx.actors[-1].members:
                last = ctx.actors[-1]
                for code in last.members:
                    ref = ActorRef(code, code, None, self._country_name(code), "pronoun", members=last.members)
                    spans.append(Mention(i, i + 1, ref))
                covered[i] = True
        spans.sort(key=lambda m: (m.start, m.end))
        return spans

    def _country_name(self, code: str) -> str:
        c = self.kb.countries.get(code)
        return c.name if c else code

    def _resolve_entity(self, doc, label, s, e, day, ctx, emit, agents, ent_labels, starts) -> None:  # type: ignore[no-untyped-def]
        text = doc[s:e].text
        key = normalise_form(text)
        prev = doc[s - 1] if s > 0 else None
        titled = prev is not None and prev.lower_.rstrip(".") in TITLES
        if label == "PERSON":
            people = self.kb.person_forms.get(key, [])
            person = _pick(people, day)
            if person is None:
                return
            ref = self._person_ref(person, day, "dictionary")
            emit(_title_start(doc, s), e, ref, person)
            return
        if label == "SURNAME":
            people = self.kb.surnames.get(key, [])
            person = next((p for p, _ in reversed(ctx.people) if p in people), None)
            via = "surname"
            if person is None:
                current = [p for p in people if p.office_on(day)]
                if len(current) == 1 and (titled or len(people) == 1 or current[0].name in ctx.full_names):
                    person = current[0]
                    via = "title" if titled else "surname"
                elif titled and len(people) == 1:
                    person = people[0]
                    via = "title"
            if person is None:
                return
            # "Kim" alone is ambiguous: only when the name was used in full already, or with a title
            if len(key) <= 3 and not titled and person.name not in ctx.full_names:
                return
            ref = self._person_ref(person, day, via)
            emit(_title_start(doc, s), e, ref, person)
            return
        # a state, organisation, seat of power or adjective
        cands = self.kb.names.get(key, [])
        if not cands:
            return
        named = _best_named(cands)
        if key in self.kb.ambiguous:
            if ent_labels and ent_labels.get(s) in ("PERSON", "ORG", "WORK_OF_ART", "FAC"):
                return
            nxt = doc[e:e + 3]
            if any(t.lower_ in US_STATES for t in nxt) and len(nxt) and nxt[0].text == ",":
                return
            if prev is not None and prev.text[:1].isupper() and prev.is_alpha and prev.i > 0 and not doc[prev.i - 1].is_punct \
                    and prev.lower_ not in ("the", "in", "to", "of", "from"):
                return
        country = named.country
        # "Russian president Vladimir Putin": the person carries the mention
        ag = self._agent_at(doc, e, agents) if named.kind in ("adjective", "country", "org") else None
        if named.kind == "country" and e < len(doc) and doc[e].lower_ in ("'s", "’s", "'") :
            ag = self._agent_at(doc, e + 1, agents)
        if ag is not None:
            end, role, _plural = ag
            follow = starts.get(end)
            if follow and follow[0] in ("PERSON", "SURNAME"):
                return  # the name that follows will be the mention
            if named.code.startswith("IGO") or named.code == "WST":
                code = named.code
            else:
                code = (country or named.code[:3]) + role
            name = named.name
            holder = None
            if role == "GOV" and re.search(r"leader|president|premier|prime minister|chancellor|king|ruler|dictator",
                                           doc[s:end].text, re.I):
                holders = self.kb.holders(country or "", role, day)
                recent = [p for p, _ in reversed(ctx.people) if p.country == country]
                holder = recent[0] if recent else (holders[0] if holders else None)
                if holder is not None:
                    name = holder.name
                    code = holder.code_on(day)
            start = s - 1 if prev is not None and prev.lower_ == "the" else s
            emit(start, end, ActorRef(code, split_code(code)[0], split_code(code)[1], name,
                                      "coreference" if holder is not None else "agent", person=holder is not None),
                 holder)
            return
        code = named.code
        emit(s, e, ActorRef(code, split_code(code)[0] if not code.startswith("IGO") else code,
                            split_code(code)[1], named.name, "dictionary"))

    def _person_ref(self, person: Person, day: date, via: str) -> ActorRef:
        code = person.code_on(day)
        country, role = split_code(code)
        return ActorRef(code, country, role, person.name, via, person=True)


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


def _sentence_starts(doc: Doc) -> list[int]:
    """For each token, the index of the first token of its sentence (cheap if no sentences are set)."""
    starts = [0] * len(doc)
    cur = 0
    for t in doc:
        if t.is_sent_start or (t.i > 0 and doc[t.i - 1].text in (".", "!", "?") and t.text[:1].isupper()):
            cur = t.i
        starts[t.i] = cur
    return starts


def _recent_person(ctx: CorefContext, doc: Doc, i: int, sent_start: list[int]) -> ActorRef | None:
    """The most recent person in this or the previous sentence (or the last one named)."""
    return ctx.people[-1][1] if ctx.people else None


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
    return ActorComponent(nlp.vocab, load_kb(tuple(actors_files)))


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
