"""CAMEO event coding on the dependency parse, clause by clause.

Reads: a parsed Doc (``token.dep``, ``token.lemma``, ``token.pos``), actor mentions in
``doc._.dw_actors`` and the reference date in ``doc._.dw_date``.
Writes: ``doc._.dw_events`` — a list of :class:`CodedEvent` with token offsets.

A verb event takes its source from the clause's subject (or the passive agent) and its target
from the object, dative or a prepositional object of the same clause. A nominal event ("invasion
of Ukraine", "Western sanctions", "trade between X and Y") takes its source from a possessive or
modifier and its target from a preposition. Negation, modality and the event date are read from
the clause around the trigger.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from spacy.language import Language
from spacy.tokens import Doc, Token

from ..codebook import MUTUAL_ROOTS, codebook, lookup
from ..kb.places import find_place
from .actors import ActorRef, Mention
from .lexicon import Lexicon, NounEntry, VerbEntry, VerbPattern, load_lexicon
from .temporal import EventDate, find_event_date

SUBJ = frozenset({"nsubj", "csubj", "expl"})
OBJ = frozenset({"dobj", "dative", "attr", "oprd"})
CLAUSE_DEPS = frozenset({"relcl", "acl", "advcl", "ccomp", "xcomp", "parataxis", "conj"})
TARGET_PREPS = frozenset({"to", "with", "against", "on", "at", "toward", "towards", "into", "upon", "over", "for", "from"})
PARTNER_PREPS = frozenset({"with", "between"})
VISIT_PREPS = frozenset({"in", "to", "at"})
SPEECH = frozenset({"say", "claim", "allege", "report", "tell", "announce", "insist", "state", "assert", "argue",
                    "suggest", "add", "note", "warn", "accuse", "believe", "think", "confirm"})
NEGATORS = frozenset({"refuse", "deny", "reject", "decline", "fail", "avoid", "rule"})
INTENT = frozenset({"plan", "intend", "aim", "want", "hope", "expect", "prepare", "vow", "pledge", "promise",
                    "seek", "try", "agree", "threaten", "propose", "offer", "schedule", "set", "wish", "decide",
                    "discuss", "consider", "attempt", "move", "push", "look"})
FUTURE = frozenset({"will", "shall", "'ll", "wo"})
HYPOTHETICAL = frozenset({"would", "could", "might", "may", "should", "can", "must", "ca"})
COMMIT = frozenset({"agree", "pledge", "promise", "vow", "offer", "decide", "propose", "undertake",
                    "commit", "resolve", "prepare", "threaten", "vote"})
"""Verbs whose 'to'-complement is the subject's own commitment: CAMEO codes the complement as intent (03/13)."""
DECLARE = frozenset({"declare", "reiterate", "conclude", "stress", "remind", "repeat", "emphasise", "emphasize",
                     "maintain", "write", "tell"})
"""Statement verbs besides SPEECH that can carry an obligation ("declared that China must drop barriers")."""
READY = frozenset({"ready", "willing", "prepared", "committed", "determined", "poised", "eager"})
REQUESTS = frozenset({"demand", "urge", "ask", "request", "appeal", "call", "press", "implore", "encourage", "invite",
                      "order", "instruct", "tell", "want", "insist"})
"""Verbs whose complement is what the subject wants someone else to do: that act has not happened."""
INTENT_CODES = {"04": "036", "05": "032", "06": "031", "061": "0311", "062": "0312", "063": "0313", "064": "0314",
                "07": "033", "071": "0331", "072": "0332", "073": "0333", "074": "0334", "08": "035", "081": "0351",
                "084": "0353", "0841": "0353", "085": "0354", "087": "0356", "0871": "0356", "0872": "0356",
                "057": "030", "045": "039", "16": "131", "163": "1312", "164": "1313", "161": "1313", "17": "137", "18": "138",
                "19": "138", "20": "138"}
"""A committed future act -> CAMEO's 'express intent' (03x) or 'threaten' (13x) code (longest prefix wins)."""
WEAPONS = frozenset({"bomb", "bombing", "explosion", "blast", "device", "ied", "mine", "landmine", "shell", "shelling",
                     "rocket", "missile", "grenade", "attack", "ambush", "gunfire", "shooting", "strike", "airstrike",
                     "raid", "explosive", "bomber", "car-bomb", "mortar", "drone"})
"""What an unattributed passive attack happened by or in ("killed by a roadside bomb")."""
TAKE_PART = frozenset({"part"})
ALERT_VERBS = frozenset({"put", "place", "order", "raise", "go", "remain", "keep", "stay", "move"})
REINFORCE_VERBS = frozenset({"strengthen", "reinforce", "bolster", "boost", "beef", "mass", "mobilise", "mobilize",
                             "deploy", "increase", "expand"})
FORCE_NOUNS = frozenset({"force", "forces", "troop", "troops", "presence", "garrison", "police", "reserve",
                         "reservist", "soldier", "unit", "army"})
"""'put troops on alert' (152), 'strengthened its forces' (153): military posture, CAMEO 15."""
PROTEST_NOUNS = frozenset({"demonstration", "protest", "rally", "march", "gathering", "sit-in", "strike", "vigil"})
BAN_VERBS = frozenset({"prevent", "ban", "forbid", "prohibit", "outlaw", "stop"})
"""'police prevented the demonstration', 'banned the rally': restrictions on political freedoms (CAMEO 1721)."""
GROUP_PLACE_PREPS = frozenset({"in", "from", "throughout", "across", "inside"})
PRONOUNS = frozenset({"it", "they", "he", "she", "we", "i"})
"""Subject pronouns of a complement clause that, unresolved, are read as the governing clause's subject
("Iraq said it would allow", "the rebels said they will release", "Syria says it is willing to withdraw")."""
OBLIGATION = frozenset({"must", "should", "ought"})
"""Modals that turn a reported clause into a demand: "X said Y must withdraw" is X demanding it of Y (CAMEO 10)."""
DEMAND_CODES = {"04": "106", "045": "108", "05": "102", "06": "101", "061": "1011", "062": "1012", "063": "1013",
                "064": "1014", "07": "103", "071": "1031", "072": "1032", "073": "1033", "074": "1034", "08": "105",
                "081": "1051", "082": "1052", "084": "1053", "085": "1054", "086": "1055", "087": "1056"}
"""What was demanded (the complement's code) -> CAMEO's 'demand' subcode (longest prefix wins; else 100)."""
PHONE_WORDS = frozenset({"phone", "telephone", "call", "video", "videoconference", "videolink"})
TALK_VERBS = frozenset({"speak", "talk", "chat", "confer"})
HOST_VERBS = frozenset({"host", "convene", "broker", "organise", "organize", "sponsor"})
"""Verbs whose talks are between others: "hosted talks between X and Y" is mediation (045) by the host,
"hosted X and Y for talks" is the host's 043 to each and talks between X and Y."""
CRITICISE_ROOTS = frozenset({"05", "11", "12", "14"})
"""Roots whose object may be an act rather than an actor: "condemned Russia's invasion" is aimed at Russia,
"welcomed Washington's decision" at the US."""
LODGE_VERBS = frozenset({"lodge", "file", "register", "deliver", "submit", "issue"})
"""'lodged a protest with X', 'filed a complaint': an official complaint (CAMEO 114), not a demonstration."""
CAPTIVE_WORDS = frozenset({"hostage", "captive"})
MANNER_PREPS = frozenset({"after", "before", "without", "by", "while", "since", "upon", "through", "despite"})
"""Prepositions whose '-ing' clause is done by the governing verb's subject ("responded by closing its airspace");
not 'for'/'of' ("thanked Qatar for helping", "accused Israel of violating"), whose doer is the object."""
PARTICIPLE_ROOTS = frozenset({"17", "18", "19", "20"})
"""Roots a participle modifying a noun is coded for ("the leader killed in an Israeli strike", "a tanker seized by
Iran"), with mediation ("a deal brokered by China")."""
ARRIVALS = frozenset({"arrive", "land", "fly", "travel"})
"""Verbs of a journey: with a 04 code they are the visit (042), whatever talks their 'for'-phrase names."""
REFUSALS = frozenset({"deny"})
"""Verbs whose verbal complement is an act said not to have happened ("denied attacking the hospital"): that act is
the event, negated. ("Refused to meet" keeps its own rejection (12) as PLOVER codes it, with the meeting negated.)"""
ACCUSE_VERBS = frozenset({"accuse", "charge", "convict", "blame", "suspect", "indict", "fault"})
"""Verbs whose 'of'/'for'-phrase names what the accused is said to have done: "accusing Myanmar of genocide" is the
accusation (11x) only, not a genocide coded as an event."""
PLAN_VERBS = frozenset({"plan", "intend", "expect", "hope", "want", "aim", "wish"})
"""Verbs whose 'to'-complement is the event itself, intended: they code nothing of their own."""
PHONE_VERBS = frozenset({"telephone", "phone", "ring"})
OBSTRUCT_OBJECTS = frozenset({"road", "roads", "street", "streets", "highway", "highways", "bridge", "traffic", "railway",
                              "rail", "transport", "access", "entrance", "roadway", "motorway", "junction", "port"})
"""What protesters block: 'blocked roads' is CAMEO 144 (obstruct passage), not 170/191."""
INSTRUMENT_PREPS = frozenset({"in", "by"})
"""'was killed in an Israeli strike': the preposition that names the act a passive verb's agent carried out."""
PROTEST_PLACE_PREPS = frozenset({"in", "at", "outside", "across", "throughout"})
PROTEST_TARGET_PREPS = frozenset({"against", "outside", "at", "over"})
"""Verbs that are consultations (040) when they have a counterpart ("spoke with X"), calls (041) by phone."""
STOP_VERBS = frozenset({"halt", "suspend", "end", "cancel", "freeze", "cut", "stop", "sever", "postpone", "scrap",
                        "terminate", "abandon", "reduce", "withhold", "break", "downgrade", "curtail", "pause"})
STOP_CODES = {"03": "160", "04": "164", "042": "160", "043": "160", "045": "165", "05": "161", "057": "160",
              "06": "160", "07": "162", "071": "1621", "072": "1622", "073": "1623"}
"""A cooperative act that is halted ("suspended talks", "cut aid", "cancelled a visit") -> CAMEO 16x."""
REJECT_CODES = {"03": "120", "04": "125", "045": "126", "05": "120", "06": "121", "061": "1211", "062": "1212",
                "063": "1213", "064": "1214", "07": "122", "071": "1221", "072": "1222", "073": "1223", "074": "1224",
                "08": "124", "084": "1243", "085": "1244", "086": "1245", "087": "1246"}
"""A cooperative act its actor says it will not do ("will not release", "would not meet") -> CAMEO 12x."""
REPORTED_VIOLENCE = frozenset({"18", "19", "20"})
"""Roots whose reported act without a named target is taken to be against the reporting side
("... was hit by Russian drones, Ukrainian officials said")."""
PLACE_PREPS = frozenset({"in", "at", "near", "outside", "inside", "around", "across", "throughout", "along", "within"})
"""Prepositions that say where something happened, not to whom ("near Samarra", not "an attack on Israel")."""
BORDER_NOUNS = frozenset({"border", "frontier", "boundary"})
LOCATIVE_PREPS = frozenset({"in", "on", "at", "into", "across", "near", "over", "outside", "inside", "around", "along",
                            "throughout", "toward", "towards", "against", "onto"})
MILITARY_ASSAULT = frozenset({"180", "182", "1821", "1823", "183"})
"""Unconventional violence (18) that, done by an army, CAMEO codes as conventional military force (19):
"soldiers killed three villagers" 190, "jets bombed positions" 195."""
UNDO_VERBS = frozenset({"lift", "ease", "relax", "loosen", "remove", "revoke", "rescind", "reject", "veto", "violate",
                        "breach", "deny", "oppose", "prevent", "avert", "overturn", "drop", "waive", "dismiss", "rebuff",
                        "refuse", "resist", "thwart", "foil", "repel", "repulse", "avoid", "forestall", "block"})
"""Verbs that undo, refuse or stop what their object names: "lifted a blockade", "rejected a proposal for a truce",
"violated the ceasefire" are not the blockade, truce or ceasefire; the verb is the event."""
TOPIC_PREPS = frozenset({"for", "on", "about", "toward", "towards"})
TOPIC_HEADS = frozenset({"talk", "negotiation", "proposal", "plan", "call", "appeal", "demand", "push", "bid",
                         "resolution", "draft", "vote", "discussion", "request", "pressure", "effort", "initiative",
                         "framework", "idea", "offer", "hope", "prospect", "deal", "agreement", "consultation",
                         "conference", "meeting", "summit", "campaign", "motion", "bill", "ask", "urge", "press",
                         "negotiate", "discuss", "lobby", "pray", "wait", "clamour", "clamor", "advocate",
                         "work", "argue", "plead", "petition", "agitate", "mediate", "broker"})
"""Nouns and verbs whose 'for'/'on'-phrase is what is sought or discussed, not done: "talks on a ceasefire",
"called for sanctions", "a proposal for a truce"."""
SPORT_VERBS = frozenset({"beat", "defeat", "thrash", "rout", "crush", "edge", "down", "overcome", "hammer", "trounce",
                         "outplay", "draw", "win", "lose", "play", "face", "eliminate", "knock", "stun", "upset",
                         "humiliate", "batter", "sink", "overpower", "outclass", "topple", "dump", "oust", "shock"})
SPORT_WORDS = frozenset({"match", "cup", "tournament", "championship", "league", "wicket", "wickets", "goal", "goals",
                         "penalties", "penalty", "shootout", "shoot-out", "innings", "semi-final", "semifinal",
                         "quarter-final", "quarterfinal", "qualifier", "qualifiers", "olympics", "olympic", "medal",
                         "trophy", "fixture", "stadium", "final", "derby", "tiebreak", "rugby", "football", "cricket", "tennis", "hockey",
                         "basketball", "volleyball", "handball", "bronze", "silver", "gold", "podium", "scored",
                         "score", "striker", "coach", "team", "squad", "fifa", "uefa", "icc", "wimbledon"})
"""'Argentina beat France on penalties', 'India beat Pakistan by six wickets': a game between national teams is
no event; a sport verb is read as a game when its sentence names one of these."""
INSULTS = frozenset({"criminal", "terrorist", "dictator", "murderer", "butcher", "liar", "killer", "thug", "aggressor",
                     "tyrant", "enemy", "fascist", "nazi", "puppet", "hypocrite", "disgrace", "traitor", "threat",
                     "menace", "bully", "gangster", "despot", "autocrat", "genocide", "sponsor", "rogue",
                     "pariah", "coward", "clown", "failure", "danger", "terror", "aggression"})
PRAISES = frozenset({"friend", "partner", "ally", "hero", "brother", "champion", "model", "example", "leader",
                     "statesman", "peacemaker"})
"""'called Putin a war criminal' (111) / 'called Modi a great friend' (051): the object complement of 'call'."""
EXPELLED_PERSONNEL = {"peacekeeper": "1661", "peacekeepers": "1661", "inspector": "1662", "inspectors": "1662",
                      "observer": "1662", "observers": "1662", "monitor": "1662", "monitors": "1662",
                      "aid": "1663", "agency": "1663", "agencies": "1663", "ngo": "1663", "ngos": "1663",
                      "diplomat": "166", "diplomats": "166", "ambassador": "166", "envoy": "166", "envoys": "166",
                      "attaché": "166", "attache": "166", "attachés": "166", "attaches": "166", "embassy": "166",
                      "consul": "166", "chargé": "166", "charge": "166", "military attaché": "166", "staff": "166"}
"""'expelled inspectors' (1662), 'expelled Russia's defence attaché' (166): expelling a state's or an agency's
personnel cuts relations (CAMEO 166); expelling other people stays 174."""
MILITARY_NOUNS = frozenset({"jet", "aircraft", "warplane", "plane", "bomber", "fighter", "drone", "helicopter",
                            "gunship", "warship", "navy", "troop", "soldier", "force", "army", "artillery", "tank",
                            "battery", "military", "paratrooper", "marine", "commando", "airforce"})
"""Subjects that make an act military ("Thai F-16 fighter jets bombed ...": 195, not 183)."""
CONFISCATE = frozenset({"seize", "capture", "confiscate", "impound", "commandeer", "grab", "take"})
PROPERTY = frozenset({"ship", "tanker", "vessel", "boat", "cargo", "freighter", "aircraft", "plane", "asset",
                      "property", "shipment", "goods", "oil", "fuel", "trawler", "yacht", "container", "consignment",
                      "equipment", "land", "farm", "house", "home", "building", "fund", "account"})
"""Objects that make a seizure a confiscation (CAMEO 1711): "seized a British-flagged tanker"."""
FLAG_WORDS = frozenset({"flagged", "linked", "owned", "registered", "operated", "chartered", "led"})
"""'a British-flagged tanker', 'an Israeli-linked cargo ship', 'Saudi-led forces': the country is the vessel's
(or the force's; a "US-backed" force is not the backer's)."""
CROWD_NOUNS = frozenset({"protester", "protestor", "demonstrator", "student", "youth", "crowd", "mob", "rioter",
                         "worker", "supporter", "marcher", "activist", "villager", "resident", "settler"})
"""Crowds: their violence is a violent protest (145), and state violence against them is repression (175)."""
CROWD_ROLES = frozenset({"CVL", "EDU", "LAB", "OPP", "REF"})
PROTEST_CROWDS = frozenset({"protester", "protestor", "demonstrator", "crowd", "mob", "rioter", "marcher"})
"""Crowds a state's own forces repress (175); shooting villagers is an attack (19/20), not repression."""
RELATION_WORDS = frozenset({"relation", "relations", "tie", "ties", "relationship"})
NOT_TARGET_ALONE = frozenset({"01", "02", "03", "08", "09", "10", "11", "12", "13", "14", "15", "17", "18", "19", "20"})
"""Roots that may stand without a target ("Russia launched an offensive", "Iraq agreed to allow inspections"):
PLOVER requires a recipient only for cooperation and aid; 04-07 and 16 without one are mostly noise."""

if not Doc.has_extension("dw_events"):
    Doc.set_extension("dw_events", default=None)


@dataclass(slots=True)
class CodedEvent:
    code: str
    source: ActorRef | None
    target: ActorRef | None
    trigger: Token
    negated: bool = False
    modality: str = "asserted"
    date: EventDate | None = None
    confidence: float = 0.5
    source_actors: list[ActorRef] = field(default_factory=list)
    target_actors: list[ActorRef] = field(default_factory=list)
    mutual: bool = False
    place: Token | None = None


def country_of(ref: ActorRef | None) -> str | None:
    if ref is None:
        return None
    return ref.country or ref.code[:3]


STATE_ROLES = frozenset({"GOV", "MIL", "COP", "SPY"})
"""Roles of the state itself: an actor with one of these (or a bare country) is 'the state' of its country."""


def _side(ref: ActorRef) -> str:
    """Which domestic side an actor is on: 'state' (the country, its government, army, police, services) or its
    own role (OPP, REB, CVL, JUD, LEG, MED ...)."""
    return "state" if ref.role in STATE_ROLES or not ref.role else ref.role


def distinct_actors(a: ActorRef | None, b: ActorRef | None) -> bool:
    """Whether a and b can be the two sides of one event: different countries, or one country's different sides
    (police vs protesters, government vs rebels or opposition: TUR -> TUR, as CAMEO codes domestic events)."""
    if a is None or b is None:
        return True
    if a.code == b.code:
        return False
    ca, cb = country_of(a), country_of(b)
    if ca != cb:
        return True
    return not ca or (not ca.startswith("IGO") and _side(a) != _side(b))


def _others(refs: list[ActorRef], own: list[ActorRef], *, domestic: bool = True) -> list[ActorRef]:
    """The actors of refs that can be the counterpart of every actor in own (of another country only, unless
    domestic)."""
    return [r for r in refs if all(distinct_actors(r, o) and (domestic or country_of(r) != country_of(o)) for o in own)]


class EventCoder:
    def __init__(self, lexicon: Lexicon) -> None:
        self.lex = lexicon
        self._deferred: list[Token] = []
        self._absorbed: set[int] = set()
        """Tokens whose own event another event has taken in ("killed in an Israeli strike": the strike)."""
        self._by_object: dict[int, tuple[dict[str, list[int]], list[int]]] = {}
        """Per verb entry: its patterns by the words their first object slot needs, and those to try always."""

    # -- actors around a token ----------------------------------------------------------
    def _index(self, doc: Doc, mentions: list[Mention]) -> dict[int, list[Mention]]:
        at: dict[int, list[Mention]] = {}
        for m in mentions:
            for i in range(m.start, m.end):
                at.setdefault(i, []).append(m)
        return at

    def actors_of(self, tok: Token, at: dict[int, list[Mention]], *, depth: int = 0) -> list[ActorRef]:
        """Actors that a noun phrase headed by tok names: itself, its possessor, compounds, apposition,
        'of'-phrases of agent nouns, and coordinated phrases ('Putin and Xi')."""
        if depth > 4:
            return []
        out: list[ActorRef] = []
        if tok.i in at:
            for m in at[tok.i]:
                if m.ref.via != "city":  # a city places an event (see _place_ref), it does not act in it
                    out.append(m.ref)
        is_event_noun = self._noun_entry(tok) is not None
        if out:
            # "Russian and Chinese warships": a coordinated modifier names a second actor of the same phrase
            for child in tok.children:
                if child.dep_ in ("amod", "compound", "nmod") and child.i in at and any(c.dep_ == "conj" for c in child.children):
                    out.extend(self.actors_of(child, at, depth=depth + 1))
        if not out:
            for child in tok.children:
                if child.dep_ == "amod" and child.lower_ in FLAG_WORDS:
                    for flag in child.children:
                        if flag.dep_ in ("amod", "npadvmod", "compound", "nmod"):
                            out.extend(self.actors_of(flag, at, depth=depth + 1))
        if not out and not is_event_noun:
            owners: list[ActorRef] = []
            for child in tok.children:
                if (child.dep_ in ("poss", "compound", "nmod", "amod", "appos") and child.i in at) or child.dep_ in ("compound", "appos", "nmod", "poss"):
                    found = self.actors_of(child, at, depth=depth + 1)
                    out.extend(found)
                    if child.dep_ == "poss":
                        owners.extend(r for r in found if not r.role and r.code == country_of(r))
            # "Israel's largest trade union federation": the union, of Israel, not the state of Israel as well
            roled = {country_of(r) for r in out if r.role and r.role not in STATE_ROLES}
            out = [r for r in out if r not in owners or country_of(r) not in roled]
            if not out:
                for child in tok.children:
                    if child.dep_ == "prep" and child.lower_ == "of":
                        for p in child.children:
                            if p.dep_ == "pobj":
                                out.extend(self.actors_of(p, at, depth=depth + 1))
            if not out and tok.pos_ in ("NOUN", "PROPN", "NUM"):
                # "opposition groups in Zimbabwe", "doctors from two American aid groups": a group named only
                # by where it is from stands for that country
                for child in tok.children:
                    if child.dep_ == "prep" and child.lower_ in GROUP_PLACE_PREPS:
                        for p in child.children:
                            if p.dep_ != "pobj":
                                continue
                            for r in self.actors_of(p, at, depth=depth + 1):
                                c = country_of(r)
                                if not r.person and c and len(c) == 3 and ActorRef(c, c, None, r.name, "location") not in out:
                                    out.append(ActorRef(c, c, None, r.name, "location"))
        for child in tok.children:
            if child.dep_ == "conj":
                out.extend(self.actors_of(child, at, depth=depth + 1))
        uniq: list[ActorRef] = []
        for r in out:
            if r not in uniq:
                uniq.append(r)
        return uniq

    def _noun_entry(self, tok: Token) -> NounEntry | None:
        if tok.pos_ not in ("NOUN", "PROPN"):
            return None
        lemma = tok.lemma_.lower()
        prev = tok.doc[tok.i - 1] if tok.i > 0 else None
        if prev is not None and (prev.lower_ + " " + lemma) in self.lex.nouns:
            return self.lex.nouns[prev.lower_ + " " + lemma]
        return self.lex.nouns.get(lemma) or self.lex.nouns.get(tok.lower_)

    # -- the clause -------------------------------------------------------------------
    def _subject(self, verb: Token) -> tuple[Token | None, bool]:
        """The logical subject of a verb, and whether the verb is passive."""
        # "the leader killed in an Israeli strike", "a deal brokered by China": a participle modifying a noun is passive
        passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children) or _participle(verb)
        for c in verb.children:
            if passive and c.dep_ == "agent":
                for p in c.children:
                    if p.dep_ == "pobj":
                        return p, True
            if not passive and c.dep_ in SUBJ:
                return c, False
        if passive:
            return None, True
        for a in verb.children:
            # a misparse hangs the subject on an auxiliary: "Qatar and Egypt have been mediating"
            if a.dep_ == "aux" and a.i < verb.i:
                for c in a.children:
                    if c.dep_ in SUBJ:
                        return c, False
        # inherit: "X agreed to meet Y", "X met Y and signed ...", "troops who attacked"
        if verb.dep_ in ("xcomp", "conj", "advcl", "acomp") and verb.head != verb:
            if _participle(verb.head):
                return None, False  # "a pause proposed by the UN to allow aid": the UN does not allow it
            return self._subject(verb.head)[0], False
        if verb.dep_ == "relcl":
            return verb.head, False
        if verb.dep_ == "pcomp" and verb.tag_ == "VBG" and verb.head.dep_ == "prep" and verb.head.lower_ in MANNER_PREPS \
                and verb.head.head.pos_ in ("VERB", "AUX") and verb.head.head != verb.head:
            # "left ... without signing the agreement", "after meeting Trump": the governing verb's subject
            up, up_passive = self._subject(verb.head.head)
            return (None if up_passive else up), False
        return None, False

    def _subject_actors(self, verb: Token, subj: Token | None, at: dict[int, list[Mention]]) -> list[ActorRef]:
        """The actors a clause's subject names; an unresolved subject pronoun of a complement clause is the
        governing clause's subject ("Syria says it is willing to withdraw")."""
        if subj is None:
            return []
        src = self.actors_of(subj, at)
        if src or subj.lower_ not in PRONOUNS:
            return src
        node = verb
        for _ in range(4):
            if node.dep_ not in ("ccomp", "xcomp", "conj", "advcl", "acomp", "parataxis") or node.head == node:
                break
            node = node.head
            if node.pos_ not in ("VERB", "AUX", "ADJ"):
                continue
            up, _passive = self._subject(node)
            if up is not None and up.i != subj.i:
                found = self.actors_of(up, at)
                if found:
                    return found
                if up.lower_ not in PRONOUNS:
                    break
        return []

    def _objects(self, verb: Token, passive: bool) -> list[tuple[Token, str]]:
        objs: list[tuple[Token, str]] = []
        for c in verb.children:
            if (passive and c.dep_ == "nsubjpass") or c.dep_ in OBJ:
                objs.append((c, "obj"))
            elif (c.dep_ in ("prep", "dative") and c.pos_ == "ADP") or (c.dep_ == "agent" and not passive):
                # "kidnapped up to 16 advisers": a quantifier the parser reads as particle + preposition
                upto = c.lower_ == "to" and c.i > 0 and c.doc[c.i - 1].lower_ == "up" and c.doc[c.i - 1].head == verb
                for p in c.children:
                    if p.dep_ == "pobj":
                        objs.append((p, "obj" if upto and any(x.dep_ == "nummod" for x in p.children) else c.lower_))
        if _participle(verb):
            objs.append((verb.head, "obj"))
        return objs

    def _match_pattern(self, entry: VerbEntry, verb: Token, subj: Token | None, objs: list[tuple[Token, str]]) -> tuple[str | None, bool]:
        obj_tokens = [t for o, kind in objs if kind == "obj" for t in o.subtree]
        obj_lowers = [t.lower_ for t in obj_tokens]
        obj_words = {t.lemma_.lower() for t in obj_tokens}
        obj_words.update(obj_lowers)
        obj_text = " " + " ".join(obj_lowers) + " "
        prep_words: dict[str, set[str]] = {}
        prep_text: dict[str, str] = {}
        for o, kind in objs:
            if kind != "obj":
                lowers = [t.lower_ for t in o.subtree]
                prep_words.setdefault(kind, set()).update({t.lemma_.lower() for t in o.subtree}, lowers)
                prep_text[kind] = prep_text.get(kind, " ") + " ".join(lowers) + " "
            else:
                # "lifted a state of emergency": a pattern's preposition may sit inside the object phrase
                for t in o.subtree:
                    if t.dep_ == "prep" and t.i != o.i:
                        words = {x.lemma_.lower() for x in t.subtree if x.i != t.i} | {x.lower_ for x in t.subtree if x.i != t.i}
                        prep_words.setdefault(t.lower_, set()).update(words)
                        prep_text[t.lower_] = prep_text.get(t.lower_, " ") + " ".join(x.lower_ for x in t.subtree) + " "
        particles = {c.lower_ for c in verb.children if c.dep_ == "prt"}
        subj_words = {t.lemma_.lower() for t in subj.subtree} if subj is not None else set()
        is_take = verb.lemma_.lower() == "take"
        by_word, always = self._patterns_by_object(entry)
        tried = set(always)
        for w in obj_words:
            tried.update(by_word.get(w, ()))
        best: VerbPattern | None = None
        for k in sorted(tried):  # pattern order: the first of the most specific wins
            p = entry.patterns[k]
            if p.particle and p.particle not in particles:
                continue
            if not p.obj and not p.preps and not p.particle and not p.pre:
                continue
            if p.obj and p.obj[0] == TAKE_PART and not is_take:
                continue  # "take part in": a block's idiom, not "captured part of a stronghold"
            if not all(_found(w, obj_words, obj_text) for w in p.obj):
                continue
            if not all(not w.isdisjoint(subj_words) for w in p.pre):
                continue
            if not all(prep in prep_words and all(_found(w, prep_words[prep], prep_text.get(prep, "")) for w in pwords)
                       for prep, pwords in p.preps):
                continue
            if best is None or p.specificity > best.specificity:
                best = p
        if best is not None:
            return best.code, True
        return entry.code, False

    def _patterns_by_object(self, entry: VerbEntry) -> tuple[dict[str, list[int]], list[int]]:
        """An entry's patterns indexed by the single words of their first object slot (a pattern needs
        one of them among the object's words); patterns without an object slot, or whose first slot has
        a phrase, are always tried."""
        got = self._by_object.get(id(entry))
        if got is None:
            by_word: dict[str, list[int]] = {}
            always: list[int] = []
            for k, p in enumerate(entry.patterns):
                if not p.obj or any(" " in w for w in p.obj[0]):
                    always.append(k)
                    continue
                for w in p.obj[0]:
                    by_word.setdefault(w, []).append(k)
            got = self._by_object[id(entry)] = (by_word, always)
        return got

    def _verb_entry(self, verb: Token) -> VerbEntry | None:
        entries = (self.lex.verbs.get(verb.lemma_.lower()) or self.lex.verbs.get(verb.lower_)
                   or self.lex.verbs.get(self.lex.forms.get(verb.lower_, "")))
        if not entries:
            return None
        particles = {c.lower_ for c in verb.children if c.dep_ in ("prt", "prep")}
        with_particle = [e for e in entries if e.particle and e.particle in particles]
        plain = [e for e in entries if not e.particle]
        return next(iter(with_particle or plain), None)

    def _negated_and_modality(self, tok: Token) -> tuple[bool, str]:
        negated = any(c.dep_ == "neg" for c in tok.children)
        modality = "asserted"
        node = tok
        steps = 0
        while steps < 6:
            steps += 1
            auxes = {c.lower_ for c in node.children if c.dep_ in ("aux", "auxpass")}
            if any(c.dep_ == "mark" and c.lower_ in ("if", "unless", "whether") for c in node.children) or (auxes & HYPOTHETICAL and modality == "asserted"):
                modality = "hypothetical"
            elif (auxes & FUTURE and modality == "asserted") or ("to" in auxes and node.dep_ in ("xcomp", "advcl", "acl") and modality == "asserted"):
                modality = "intended"
            head = node.head
            if head == node:
                break
            hl = head.lemma_.lower()
            if node.dep_ in ("xcomp", "ccomp") and hl in NEGATORS:
                negated = not negated
            elif node.dep_ == "pcomp" and head.lower_ == "without" and steps == 1:
                negated = not negated  # "left without signing the agreement"
            elif node.dep_ in ("xcomp", "ccomp") and hl in INTENT and modality == "asserted":
                modality = "intended"
            elif node.dep_ in ("ccomp", "parataxis") and hl in SPEECH:
                if modality == "asserted":
                    modality = "reported"
                break
            if node.dep_ not in ("xcomp", "ccomp", "conj", "advcl", "acl", "pcomp", "pobj", "prep", "dobj", "relcl"):
                break
            if node.dep_ in ("conj",) or node.dep_ == "relcl":
                break
            node = head
        return negated, modality

    # -- coding -------------------------------------------------------------------------
    def code(self, doc: Doc, mentions: list[Mention], *, day: date | None, field: str = "body") -> list[CodedEvent]:
        if not mentions:
            return []
        at = self._index(doc, mentions)
        events: list[CodedEvent] = []
        self._deferred = []
        self._absorbed = set()
        for tok in doc:
            if tok.pos_ in ("VERB", "AUX"):
                ev = self._code_verb(tok, at)
                if ev is not None:
                    events.append(ev)
            if tok.pos_ in ("NOUN", "PROPN"):
                ev = self._code_noun(tok, at, mentions)
                if ev is not None:
                    events.append(ev)
        for verb in self._deferred:
            comps = [c for c in verb.children if c.dep_ in ("xcomp", "ccomp")]
            # an event in a relative clause of the complement ("UN peacekeepers, who oversee a ceasefire") is
            # not what was agreed or pledged
            inner = any(c.left_edge.i <= e.trigger.i <= c.right_edge.i and not _relative_under(e.trigger, c)
                        for c in comps for e in events)
            if not inner:
                ev = self._code_verb(verb, at, final=True)
                if ev is not None:
                    events.append(ev)
        events = [e for e in events if e.trigger.i not in self._absorbed]
        events.sort(key=lambda e: e.trigger.i)
        for ev in events:
            self._demand_by_obligation(ev, events, at)
        verb_triggers = {e.trigger.i for e in events if e.trigger.pos_ in ("VERB", "AUX")}
        staged: list[CodedEvent] = []
        for ev in events:
            head = _clause_head(ev.trigger)
            if head.i != ev.trigger.i and head.i in verb_triggers:
                # "China has never condemned Russia's invasion": the invasion is not what the negation denies
                head = ev.trigger
            if _requested(head):
                continue  # "demanded that Russia release ...": the release has not happened
            ev.negated, ev.modality = self._negated_and_modality(head)
            if _ruled_out(ev.trigger):
                ev.negated = True  # "ruled out direct negotiations with the United States"
            refusal: str | None = None
            if _committed(head):
                if ev.negated and any(c.dep_ == "neg" for c in head.children):
                    refusal = reject_code(ev.code)  # "said it will not accept refugees": a rejection, made now
                ev.code = intent_code(ev.code)
                if _agreed_to(head) and ev.code[:2] not in ("03", "13"):
                    ev.code = "030"  # "agreed to postpone the rally", "agreed to set up a centre": an agreement (03)
                if ev.code[:2] in ("03", "13") and ev.modality != "hypothetical":
                    ev.modality = "asserted"  # a pledge, offer or threat is made now (gold conventions)
                elif ev.modality in ("asserted", "hypothetical"):
                    ev.modality = "intended"
            ev.date = find_event_date(ev.trigger, day=day, caption=field == "caption", future=ev.modality == "intended")
            if refusal is not None:
                staged.append(CodedEvent(refusal, ev.source, ev.target, ev.trigger, date=ev.date,
                                         confidence=ev.confidence - 0.05, source_actors=ev.source_actors,
                                         target_actors=ev.target_actors))
            ev.place = _place_token(ev.trigger)
            if ev.target is None and ev.source is not None:
                # an insurgent's violence in its own country is against that country ("the RSF committed genocide
                # in Sudan": SDNREB -> SDN); a state's stays without a target there
                insurgent = ev.code[:2] in REPORTED_VIOLENCE and all(s.role == "REB" for s in _sources(ev))
                found = self._located_target(ev.trigger, at, set() if insurgent else {country_of(s) for s in _sources(ev)})
                if found is not None:
                    ev.target, ev.target_actors = found, [found]
                    ev.confidence = min(ev.confidence + 0.05, 0.95)
            if ev.target is None and ev.modality == "reported" and ev.code[:2] in REPORTED_VIOLENCE:
                side = self._reporting_side(head, at, {country_of(s) for s in _sources(ev)})
                if side is not None:
                    ev.target, ev.target_actors = side, [side]
            staged.append(ev)
        staged = self._linked(staged, at)
        out = [x for ev in staged if ev.target is not None or lookup(ev.code).root in NOT_TARGET_ALONE
               for x in _expand(ev)]
        return _dedupe(_drop_restated(out))

    def _linked(self, events: list[CodedEvent], at: dict[int, list[Mention]]) -> list[CodedEvent]:
        """Rules that read events against the other events of their sentence: acts named only as what someone is
        accused of, statements that are their speaker's own pledge, threatened acts, the consequences and
        continuations of an attack, and the target of a threat, accusation or protest named elsewhere in it."""
        drop: set[int] = set()
        by_head: dict[int, list[CodedEvent]] = {}
        for ev in events:
            by_head.setdefault(_clause_head(ev.trigger).i, []).append(ev)
            by_head.setdefault(ev.trigger.i, []).append(ev)
        for k, ev in enumerate(events):
            if _accused_act(ev.trigger):
                drop.add(k)  # "accusing Myanmar of genocide": the accusation is the event
        for k, ev in enumerate(events):
            root = ev.code[:2]
            src = country_of(ev.source)
            # "announced that he would lift sanctions": the pledge (03) is the statement
            if root == "01" and ev.trigger.pos_ in ("VERB", "AUX") and ev.trigger.lemma_.lower() in SPEECH | DECLARE \
                    and any(f is not ev and f.code[:2] in ("03", "13") and not f.negated and f.modality != "reported"
                            and country_of(f.source) == src and _under(f.trigger, ev.trigger, ("ccomp",)) for f in events):
                drop.add(k)
            if root == "13" and ev.trigger.pos_ in ("VERB", "AUX"):
                for j, f in enumerate(events):
                    # "warned that Russia would use all means to defend its territory": the threatened act is not
                    # coded again; an act in an 'if' condition is (hypothetical)
                    if f is not ev and f.code[:2] != "13" and country_of(f.source) == src \
                            and _under(f.trigger, ev.trigger, ("ccomp", "xcomp", "advcl", "conj", "dobj", "pobj", "prep", "acl")) \
                            and not _conditional_between(f.trigger, ev.trigger):
                        drop.add(j)
        for k, ev in enumerate(events):
            if k in drop or ev.target is not None or ev.source is None:
                continue
            own = _sources(ev)
            root = ev.code[:2]
            if root == "13":
                found = self._condition_actor(ev.trigger, at, own)
                if found:
                    ev.target, ev.target_actors = found[0], found
                    continue
            if root == "14":
                found = self._purpose_target(_clause_head(ev.trigger), at, own)
                if found:
                    ev.target, ev.target_actors = found[0], found
                    continue
            if root in LINKED_ROOTS:
                # "stormed into southern Israel, killing hundreds and taking scores of hostages", "expelled Russia's
                # attaché, accusing him of spying": a participle or conjunct continues its governing act, on its target
                gov = _governing_event(ev, by_head)
                if gov is not None and gov.target is not None and country_of(gov.source) == country_of(ev.source) \
                        and gov.code[:2] >= "11":
                    ev.target, ev.target_actors = gov.target, gov.target_actors
        for k, ev in enumerate(events):
            t = ev.trigger
            if k in drop or t.lemma_.lower() not in CONSEQUENCES or t.tag_ != "VBG" or t.dep_ != "advcl":
                continue
            # "hit by drones early on Monday, killing two civilians": the toll of the attack, not a second act
            if any(g is not ev and g.code[:2] in REPORTED_VIOLENCE and country_of(g.source) == country_of(ev.source)
                   for g in by_head.get(t.head.i, [])):
                drop.add(k)
        for k, ev in enumerate(events):
            t = ev.trigger
            if t.dep_ == "acl" and t.pos_ in ("VERB", "AUX") and any(
                    c.dep_ == "aux" and c.lower_ == "to" for c in t.children) and any(
                    g is not ev and g.trigger.i == t.head.i and country_of(g.source) == country_of(ev.source)
                    for g in events):
                drop.add(k)  # "signed an agreement to restore relations": what was agreed, not a second act
        return [ev for k, ev in enumerate(events) if k not in drop]

    def _deal_parties(self, noun: Token, at: dict[int, list[Mention]], own: list[ActorRef]) -> list[ActorRef]:
        """The parties of a deal, ceasefire or talks: its own 'between'/'with' phrase, else the subject of the clause
        it belongs to ("Saudi Arabia and Iran signed an agreement ..., in a deal brokered by China")."""
        for c in noun.children:
            if c.dep_ == "prep" and c.lower_ in ("between", "with"):
                for p in c.children:
                    found = _others(self.actors_of(p, at), own) if p.dep_ == "pobj" else []
                    if found:
                        return found
        gov = _governing_verb(noun)
        if gov is None:
            return []
        subj, passive = self._subject(gov)
        return _others(self.actors_of(subj, at), own) if subj is not None and not passive else []

    def _condition_actor(self, trigger: Token, at: dict[int, list[Mention]], own: list[ActorRef]) -> list[ActorRef]:
        """Who a threat is aimed at when only its condition names them: "would use nuclear weapons if it were
        attacked by South Korea", "warned that NATO would respond if Russia attacked"."""
        for t in trigger.subtree:
            if t.dep_ != "advcl" or not any(c.dep_ == "mark" and c.lower_ in ("if", "unless") for c in t.children):
                continue
            subj, passive = self._subject(t)
            cands = ([subj] if subj is not None else []) + [o for o, kind in self._objects(t, passive)
                                                            if kind == "obj" or kind in TARGET_PREPS]
            for o in cands:
                found = _others([r for r in self.actors_of(o, at) if not r.person or r.country], own, domestic=False)
                if found:
                    return found
        return []

    def _purpose_target(self, head: Token, at: dict[int, list[Mention]], own: list[ActorRef]) -> list[ActorRef]:
        """Whom a protest is aimed at, named in its purpose: "staged a general strike to put pressure on
        Netanyahu's government"."""
        for c in head.children:
            if c.dep_ not in ("advcl", "xcomp") or not any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children):
                continue
            for o, kind in self._objects(c, False):
                if kind != "obj" and kind not in TARGET_PREPS:
                    continue
                found = _others(self.actors_of(o, at), own) or self._object_prep_target(o, at, own)
                if found:
                    return found
        return []

    def _demand_by_obligation(self, ev: CodedEvent, events: list[CodedEvent], at: dict[int, list[Mention]]) -> None:
        """"X said Y must Z": X's statement is a demand (10x, by what Z is) aimed at Y."""
        comp = _obligation_clause(ev.trigger)
        if comp is None:
            return
        inner = next((e for e in events if e is not ev and _clause_head(e.trigger).i == comp.i), None)
        ev.code = demand_code(inner.code if inner is not None else "")
        own = ev.source_actors or ([ev.source] if ev.source else [])
        subj, _passive = self._subject(comp)
        found = _others(self.actors_of(subj, at), own) if subj is not None else []
        if found:
            ev.target, ev.target_actors = found[0], found
        ev.mutual = False

    def _reporting_side(self, head: Token, at: dict[int, list[Mention]], exclude: set[str | None]) -> ActorRef | None:
        """The speaker's country of a reported clause ("..., Ukrainian officials said"), when it is not the source's."""
        node = head
        for _ in range(4):
            if node.head == node:
                return None
            if node.dep_ in ("ccomp", "parataxis") and node.head.lemma_.lower() in SPEECH:
                subj, _passive = self._subject(node.head)
                for r in self.actors_of(subj, at) if subj is not None else []:
                    c = country_of(r)
                    if c and c not in exclude and len(c) == 3 and c.isalpha() and c not in ("IGO", "NGO", "IMG"):
                        return ActorRef(c, c, None, r.name, "reporting")
                return None
            node = node.head
        return None

    def _located_target(self, trigger: Token, at: dict[int, list[Mention]], exclude: set[str | None]) -> ActorRef | None:
        """A target named as where the act landed: "struck sites in Pakistan", "pounded positions near Bakhmut"."""
        starts = [trigger] + [c for c in trigger.children if c.dep_ in ("dobj", "nsubjpass", "attr")]
        if trigger.pos_ not in ("VERB", "AUX") and trigger.head != trigger and trigger.dep_ in ("dobj", "pobj"):
            starts.append(trigger.head if trigger.dep_ == "dobj" else trigger.head.head)
        seen: set[int] = set()
        frontier = list(starts)
        for _ in range(3):
            nxt: list[Token] = []
            for node in frontier:
                for c in node.children:
                    border = c.lower_ == "with" and node.lemma_.lower() in BORDER_NOUNS  # "near its border with Ukraine"
                    if c.dep_ != "prep" or (c.lower_ not in LOCATIVE_PREPS and not border) or c.i in seen:
                        continue
                    seen.add(c.i)
                    for p in c.children:
                        if p.dep_ != "pobj":
                            continue
                        for r in self.actors_of(p, at):
                            if not r.person and country_of(r) not in exclude:
                                return r
                        # "in the Kharkiv region": a named place modifying a place noun
                        for ref in [_place_ref(p)] + [_place_ref(x) for x in p.children if x.dep_ == "compound"]:
                            if ref is not None and ref.country not in exclude:
                                return ref
                        nxt.append(p)
            frontier = nxt
        return None

    def _opposed_to(self, head: Token, verb: Token, src: list[ActorRef], at: dict[int, list[Mention]]) -> CodedEvent | None:
        """"Israel is opposed to French mediation": a rejection (120) aimed at whoever the object of
        "to" under ``head`` names."""
        for c in head.children:
            if c.dep_ == "prep" and c.lower_ == "to":
                for o in c.children:
                    opp = _others(self.actors_of(o, at) or self._noun_agents(o, at), src) if o.dep_ == "pobj" else []
                    if opp:
                        return CodedEvent("120", src[0], opp[0], verb, confidence=0.6, source_actors=src, target_actors=opp)
        return None

    def _alert(self, verb: Token, lemma: str, subj: Token | None, objs: list[tuple[Token, str]],
               at: dict[int, list[Mention]]) -> CodedEvent | None:
        """Military posture: "ordered forces on to high alert" / "troops remained on alert" (152, police 151),
        "strengthened its forces in Lebanon" (153, police 154)."""
        if lemma in ALERT_VERBS and any(t.lower_ == "alert" for t in _clause_tokens(verb)):
            code = "152"
        elif lemma in REINFORCE_VERBS and any(o.lemma_.lower() in FORCE_NOUNS for o, kind in objs if kind == "obj"):
            code = "153"
        else:
            return None
        src = self._subject_actors(verb, subj, at)
        if not src:
            return None
        units = [r for o, _k in objs for r in self.actors_of(o, at)]
        if any(r.role == "COP" for r in units + src) and not any(r.role == "MIL" for r in units + src):
            code = "151" if code == "152" else "154"
        return CodedEvent(code, src[0], None, verb, confidence=0.6, source_actors=src)

    def _place_of(self, nodes: list[Token], at: dict[int, list[Mention]]) -> ActorRef | None:
        """The country of the place where something happened, from the locative phrases of the given tokens
        ("near the town of Samarra", "outside the Iraqi city of Basra", "in a car bomb explosion in Beirut")."""
        frontier: list[tuple[Token, bool]] = [(n, False) for n in nodes]
        seen: set[int] = set()
        for _ in range(5):
            nxt: list[tuple[Token, bool]] = []
            for node, located in frontier:
                for c in node.children:
                    if c.i in seen:
                        continue
                    if c.dep_ == "pobj" and node.dep_ in ("prep", "agent"):
                        seen.add(c.i)
                        if located:
                            for r in self.actors_of(c, at):
                                cc = country_of(r)
                                if not r.person and cc and len(cc) == 3 and cc.isalpha() \
                                        and cc not in ("IGO", "NGO", "IMG", "WST"):
                                    return ActorRef(cc, cc, None, r.name, "location")
                            ref = _place_ref(c)
                            if ref is not None:
                                return ref
                        nxt.append((c, located))
                    elif c.dep_ in ("prep", "agent"):
                        seen.add(c.i)
                        if c.lower_ in PLACE_PREPS:
                            nxt.append((c, True))
                        elif c.lower_ in ("of", "by"):
                            nxt.append((c, located))
            frontier = nxt
        return None

    def _object_prep_target(self, obj: Token, at: dict[int, list[Mention]], own: list[ActorRef], *,
                            domestic: bool = True, preps: frozenset[str] = TARGET_PREPS) -> list[ActorRef]:
        """A target in a prepositional phrase of the object ("evidence with the U.S.", "the wounded from the
        Bosnian town"), looking through 'of'-phrases ("part of a programme for Bosnia")."""
        frontier = [obj]
        for _ in range(2):
            nxt: list[Token] = []
            for node in frontier:
                for c in node.children:
                    if c.dep_ != "prep":
                        continue
                    for p in c.children:
                        if p.dep_ != "pobj":
                            continue
                        if c.lower_ == "of":
                            nxt.append(p)
                        elif c.lower_ in preps:
                            found = _others([r for r in self.actors_of(p, at) if not r.person or r.country], own,
                                            domestic=domestic)
                            if found:
                                return found
            frontier = nxt
        return []

    def _hosted(self, noun: Token, gov: Token | None, code: str, src: list[ActorRef], tgt: list[ActorRef],
                at: dict[int, list[Mention]]) -> CodedEvent | None:
        """Talks that a third party hosts: "offered to host talks between Russia and Ukraine" is the host's
        mediation (045) with each side; "hosted US and Ukrainian delegations for talks" is talks between the guests."""
        if gov is None or code[:2] != "04" or gov.lemma_.lower() not in HOST_VERBS:
            return None
        if noun.dep_ == "dobj" and noun.head == gov:
            parties = _by_country(src + tgt)
            host = self._subject_actors(gov, self._subject(gov)[0], at)
            hosts = {country_of(h) for h in host}
            parties = [p for p in parties if country_of(p) not in hosts]
            if host and parties:
                self._absorbed.add(gov.i)
                return CodedEvent("045", host[0], parties[0], noun, confidence=0.6, source_actors=host,
                                  target_actors=parties)
        if noun.dep_ == "pobj" and noun.head.lower_ == "for" and noun.head.head == gov and not src:
            guests = _by_country([r for o, kind in self._objects(gov, False) if kind == "obj" for r in self.actors_of(o, at)])
            if len(guests) >= 2:
                return CodedEvent(code, guests[0], guests[1], noun, confidence=0.6, source_actors=guests[:1],
                                  target_actors=guests[1:], mutual=True)
        return None

    def _relations_target(self, verb: Token, at: dict[int, list[Mention]], own: list[ActorRef]) -> list[ActorRef]:
        """The X of "relations/ties with X" in a statement's complement clause."""
        for comp in (c for c in verb.children if c.dep_ in ("ccomp", "xcomp")):
            for t in comp.subtree:
                if t.lemma_.lower() in RELATION_WORDS:
                    for c in t.children:
                        if c.dep_ == "prep" and c.lower_ in ("with", "between"):
                            for p in c.children:
                                found = _others(self.actors_of(p, at), own, domestic=False) if p.dep_ == "pobj" else []
                                if found:
                                    return found
        return []

    def _noun_agents(self, noun: Token, at: dict[int, list[Mention]]) -> list[ActorRef]:
        """Who carried out a nominal event: its possessor or modifier ("Russia's invasion", "US air strikes")
        or its 'by'-phrase ("the seizure of the tanker by Iran's Revolutionary Guards")."""
        out: list[ActorRef] = []
        for c in noun.children:
            if c.dep_ in ("poss", "amod", "compound", "nmod") and c.i in at:
                out.extend(self.actors_of(c, at))
        if not out:
            for c in noun.subtree:
                if c.dep_ in ("prep", "agent") and c.lower_ == "by" and not any(
                        t.pos_ in ("VERB", "AUX") for t in noun.doc[min(c.i, noun.i):max(c.i, noun.i)]):
                    for p in c.children:
                        if p.dep_ == "pobj":
                            out.extend(self.actors_of(p, at))
        return [r for r in out if not r.person or r.country]

    def _instrument_agents(self, verb: Token, at: dict[int, list[Mention]]) -> tuple[list[ActorRef], Token | None]:
        """The agent of an agentless passive named by the act it happened in ("killed in an Israeli air strike")."""
        for c in verb.children:
            if c.dep_ in ("prep", "agent") and c.lower_ in INSTRUMENT_PREPS:
                for p in c.children:
                    entry = self._noun_entry(p) if p.dep_ == "pobj" else None
                    if entry is not None and entry.code[:2] in REPORTED_VIOLENCE:
                        found = self._noun_agents(p, at)
                        if found:
                            self._absorbed.add(p.i)
                            return found, p
        return [], None

    def _protest_place(self, verb: Token, at: dict[int, list[Mention]]) -> list[ActorRef]:
        """The country where an unnamed crowd protests: "demonstrated ... in Berlin" -> Germany ("blocked streets
        in Hong Kong": the place may modify the object)."""
        for c in [*verb.children, *(x for o in verb.children if o.dep_ == "dobj" for x in o.children)]:
            if c.dep_ == "prep" and c.lower_ in PROTEST_PLACE_PREPS:
                for p in c.children:
                    if p.dep_ != "pobj":
                        continue
                    for node in [p, *(x for x in p.subtree if x.dep_ == "pobj" and x.i != p.i)]:
                        for r in self.actors_of(node, at) if node.pos_ == "PROPN" else []:
                            country = country_of(r)
                            if not r.person and country and len(country) == 3 and country.isalpha() and r.role != "embassy":
                                return [ActorRef(country, country, None, r.name, "location")]
                        ref = _place_ref(node)
                        if ref is not None:
                            return [ref]
        return []

    def _antecedent(self, pron: Token, at: dict[int, list[Mention]], exclude: set[str | None]) -> list[ActorRef]:
        """'it'/'its' as a target: the nearest state or organisation named before it in the sentence that is
        not the source's own country ("brought a case against Israel ..., accusing it of genocide")."""
        for i in range(pron.i - 1, pron.sent.start - 1, -1):
            for m in at.get(i, []):
                if m.ref.person or m.ref.plural or m.ref.via == "city" or country_of(m.ref) in exclude:
                    continue
                head = pron.doc[m.start:m.end].root
                if head.dep_ == "pobj" and head.head.lower_ in ("at", "in", "near", "inside", "before"):
                    continue  # "at the International Court of Justice": where, not who
                return [m.ref]
        return []

    def _code_verb(self, verb: Token, at: dict[int, list[Mention]], *, final: bool = False) -> CodedEvent | None:
        lemma = verb.lemma_.lower()
        subj, passive = self._subject(verb)
        objs = self._objects(verb, passive)
        # "X is in Russia": a visit when the subject is from elsewhere
        if lemma == "oppose" and passive and subj is None:
            # "Israel is opposed to French mediation" parsed as a passive: the subject is the opponent
            holder = next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
            src = self.actors_of(holder, at) if holder is not None else []
            rejected = self._opposed_to(verb, verb, src, at) if src else None
            if rejected is not None:
                return rejected
        if lemma == "be" and subj is not None:
            src = self.actors_of(subj, at)
            opposed = next((c for c in verb.children if c.dep_ == "acomp" and c.lower_ == "opposed"), None)
            if opposed is not None and src:
                rejected = self._opposed_to(opposed, verb, src, at)
                if rejected is not None:
                    return rejected
            for o, kind in objs:
                if kind in VISIT_PREPS:
                    where = [r for r in self.actors_of(o, at) if not r.person]
                    if src and where and country_of(src[0]) != country_of(where[0]):
                        return CodedEvent("042", src[0], where[0], verb, confidence=0.7, source_actors=src,
                                          target_actors=where)
            return None
        alert = self._alert(verb, lemma, subj, objs, at)
        if alert is not None:
            return alert
        if lemma in ("decline", "refuse") and any(c.dep_ == "xcomp" and c.lemma_.lower() == "comment" for c in verb.children):
            # "declined to comment": CAMEO's 011, not a refusal of a statement
            src = self._subject_actors(verb, subj, at)
            for c in verb.children:
                if c.dep_ == "xcomp":
                    self._absorbed.add(c.i)
            return CodedEvent("011", src[0], None, verb, confidence=0.7, source_actors=src) if src else None
        entry = self._verb_entry(verb)
        if entry is None:
            return None
        code, matched = self._match_pattern(entry, verb, subj, objs)
        if code is not None and entry.code is not None and {code[:2], entry.code[:2]} == {"02", "10"}:
            # PETRARCH shares patterns between a block's verbs: "demanded support" is a demand (10x), not an
            # appeal (02x); CAMEO's appeal and demand subcodes run in parallel (022 <-> 102)
            swapped = entry.code[:2] + code[2:]
            code = swapped if swapped in codebook() else entry.code
        if code is not None and entry.code is not None and code[:2] == "03" and entry.code[:2] == "04":
            code = entry.code  # "met Kim at the border": PETRARCH's intent patterns; intent is read from the clause
        if code is not None and code[:2] == "04" and lemma in ARRIVALS:
            code = "042"  # "arrives in Russia ... for summit with Putin": the journey is the visit, the summit its own event
        obj_heads = [o for o, kind in objs if kind == "obj"]
        if verb.i >= 2 and verb.doc[verb.i - 1].text == "-" and verb.doc[verb.i - 2].lower_ == "test":
            code = "150"  # "test-fired a missile": a show of force, not an attack
        if lemma == "intercept" and any(t.lemma_.lower() in WEAPONS for o in obj_heads for t in o.subtree):
            return None  # "missiles intercepted by Israeli air defences": a defence, not a seizure or an attack
        if lemma in SPORT_VERBS and _sport(verb):
            return None  # "Argentina beat France on penalties": a game, not an attack
        if lemma == "call":
            label = _labelled(verb)
            if label is not None:
                code = label  # "called Putin a war criminal"
        if lemma == "expel":
            for o in obj_heads:
                words = [t.lower_ for t in o.subtree]
                hit = next((EXPELLED_PERSONNEL[w] for w in words if w in EXPELLED_PERSONNEL), None)
                if hit is not None:
                    code = hit
                    break
        if lemma in PHONE_VERBS and any(o.i in at for o in obj_heads):
            code = "041"  # "telephoned Russia's foreign minister": a call, whatever the pattern block says
        elif lemma == "welcome" and obj_heads and not any(o.i in at for o in obj_heads):
            code = "051"  # "welcomed the decision": approval; "welcomed Putin" stays a host's 043
        elif lemma in BAN_VERBS and any(o.lemma_.lower() in PROTEST_NOUNS for o in obj_heads):
            code = "1721"
        elif lemma == "block" and any(o.lemma_.lower() in OBSTRUCT_OBJECTS or o.lower_ in OBSTRUCT_OBJECTS for o in obj_heads):
            code = "144"
        if lemma in PLAN_VERBS and any(c.dep_ == "xcomp" and c.pos_ in ("VERB", "AUX") for c in verb.children):
            return None  # "plans to visit China": the visit is the event, intended
        if lemma in REFUSALS and not final and any(
                c.dep_ in ("xcomp", "ccomp") and c.pos_ in ("VERB", "AUX") for c in verb.children):
            # "denied striking the hospital": the denied act is coded, negated; the denial itself only when its
            # complement codes nothing (gold conventions)
            self._deferred.append(verb)
            return None
        if lemma in COMMIT and lemma != "threaten" and not matched and not final and any(
                c.dep_ == "xcomp" and c.pos_ in ("VERB", "AUX") for c in verb.children):
            # "pledged to send tanks": the complement, coded as intent, is the event; if the complement
            # codes nothing ("agreed to undertake exercises"), the commitment itself is (see code())
            self._deferred.append(verb)
            return None
        if entry.light:
            noun_obj = next((o for o, kind in objs if kind == "obj" and (self._noun_entry(o) or any(
                self._noun_entry(p) for p in _carried(o)))), None)
            if noun_obj is not None:
                return None  # the object noun carries the event
        if code is None and _obligation_clause(verb) is not None:
            code = "010"  # "declared that China must drop barriers": a statement, coded a demand in code()
        if code is None:
            return None
        if _participle(verb) and code[:2] not in PARTICIPLE_ROOTS and code != "045":
            return None  # "regions claimed by Moscow", "a ceremony attended by ...": a description, not the news
        place: ActorRef | None = None
        if subj is not None and self._noun_entry(subj) is not None and subj.i not in at:
            # "a roadside bombing near Samarra killed a US soldier": an attack nobody is named for is coded,
            # as PLOVER does, from the country where it happened
            noun = self._noun_entry(subj)
            if not (code[:2] in REPORTED_VIOLENCE and noun is not None and noun.code[:2] in REPORTED_VIOLENCE
                    and not self._noun_agents(subj, at)):
                return None  # "sanctions hit the economy": the noun is the event
            place = self._place_of([subj, verb], at)
            if place is None:
                return None
            self._absorbed.add(subj.i)
        src = [place] if place is not None else self._subject_actors(verb, subj, at)
        instrument: Token | None = None
        if not src and passive and subj is None:
            # "was killed in an Israeli strike", "were hit in US air strikes": the act's own agent
            src, instrument = self._instrument_agents(verb, at)
        if not src and code[:2] in REPORTED_VIOLENCE and ((passive and _weapon(verb)) or (
                not passive and subj is not None and subj.pos_ == "NOUN" and subj.lemma_.lower() in WEAPONS)):
            # "three soldiers were killed by a roadside bomb outside Basra": no named attacker; the place's country
            # (a bare casualty count, "232 people were killed in Gaza", names no act and is left alone)
            place = self._place_of([verb] + ([subj] if subj is not None else []), at)
            if place is not None:
                src = [place]
        if not src and code[:2] == "14" and subj is not None and subj.lower_ not in PRONOUNS:
            # "hundreds of people demonstrated outside the Russian embassy in Berlin": unnamed protesters
            # are coded by where they protest
            src = self._protest_place(verb, at)
        if not src:
            return None
        tgt: list[ActorRef] = []
        tgt_conf = 0.0
        tgt_tok: Token | None = None
        own = {country_of(s) for s in src}
        # a statement (01) is coded between countries only: "told reporters that America's commitment ..." is
        # not the speaker's statement to her own country; other roots may be domestic (police vs protesters)
        domestic = code[:2] != "01"
        for o, kind in objs:
            if instrument is not None and o.i == instrument.i:
                continue
            if kind == "at" and code[:2] < "10" and not code.startswith("04"):
                continue  # "signed a declaration at the White House": where, not with whom
            if (kind == "obj" or kind in TARGET_PREPS or (kind in VISIT_PREPS and code.startswith("04"))
                    or (kind == "between" and code.startswith("04"))
                    or (kind in PROTEST_TARGET_PREPS and code[:2] == "14")):
                found = _others(self.actors_of(o, at), src, domestic=domestic)
                if not found and o.lower_ in ("it", "its"):
                    found = self._antecedent(o, at, own)
                if not found and kind == "obj" and code[:2] in CRITICISE_ROOTS and o.pos_ == "NOUN":
                    # "condemned Friday's seizure of the tanker by Iran's Revolutionary Guards": aimed at the actor
                    found = _others(self._noun_agents(o, at), src, domestic=domestic)
                if found:
                    tgt = found
                    tgt_tok = o
                    tgt_conf = 0.2 if kind == "obj" else 0.1
                    break
        mutual_sources = code[:2] in MUTUAL_ROOTS and len({country_of(s) for s in src}) >= 2
        if not tgt:
            # "shared evidence with the U.S.", "suspended part of a military aid programme for Bosnia": the
            # preposition hangs on the object; an event noun's own phrase ("condemned the attack on Kyiv") is not it
            # (when the subject already names both sides, only a partner: "South Korea and Japan began sharing
            # data on North Korean launches" is between them)
            for o in obj_heads:
                if code[:2] in CRITICISE_ROOTS and self._noun_entry(o) is not None:
                    continue
                found = self._object_prep_target(o, at, src, domestic=domestic,
                                                 preps=PARTNER_PREPS if mutual_sources else TARGET_PREPS)
                if found:
                    tgt, tgt_conf = found, 0.05
                    break
        if not tgt:
            # "demanded that Russia release ...", "refused to meet King Abdullah", "threatened to strike Iran":
            # the complement's subject or object is who the demand, refusal or threat is aimed at
            for comp in (c for c in verb.children if c.dep_ in ("ccomp", "xcomp")):
                cands = [s for s in [self._subject(comp)[0]] if comp.dep_ == "ccomp" and s is not None]
                cands += [o for o, kind in self._objects(comp, False) if kind == "obj" or kind in TARGET_PREPS]
                for o in cands:
                    found = _others(self.actors_of(o, at), src, domestic=domestic)
                    if found:
                        tgt, tgt_conf = found, 0.1
                        break
                if tgt:
                    break
        if lemma in CONFISCATE and any(t.lemma_.lower() in PROPERTY for o in obj_heads for t in o.subtree):
            code = "1711"  # "seized a tanker": confiscation of property, not territory (192)
        if lemma in ("take", "hold", "seize") and any(c.lemma_.lower() in CAPTIVE_WORDS and c.i > verb.i
                                                      and c.dep_ in ("dobj", "oprd", "advcl", "acomp", "xcomp")
                                                      for c in verb.children):
            code = "181"  # "took its 25 crew members hostage": abduction, hostage taking
        # "Thai F-16 fighter jets": a state's hardware or troops (a militia's "fighters" stay unconventional)
        military = subj is not None and subj.lemma_.lower() in MILITARY_NOUNS and all(_side(s) == "state" for s in src)
        if not tgt and code[:2] == "01":
            # "said he saw little prospect of improvement in relations with Washington": the statement is about
            # the speaker's relations with X
            tgt = self._relations_target(verb, at, src)
        if code in MILITARY_ASSAULT and (military or any(s.role == "MIL" for s in src)):
            code = "195" if code == "183" else "190"  # "troops killed", "jets bombed": conventional force (19)
        if not tgt and code == "045" and verb.dep_ == "acl":
            tgt = self._deal_parties(verb.head, at, src)  # "in a deal brokered by China": mediation between its parties
        if lemma == "warn" and code[:2] == "13" and not any(o.i in at for o in obj_heads) and _speculation(verb, at, self, src):
            # "Israel could strike Iranian nuclear facilities, US intelligence officials warned": a statement about
            # what someone else might do, not a threat
            code, tgt = "010", []
        if lemma in TALK_VERBS and (tgt or len({country_of(s) for s in src}) >= 2):
            code = "041" if _by_phone(verb) else "040"  # "spoke with Putin", "Biden and Xi spoke by phone"
        if code[:2] in ("18", "19") and subj is not None and _crowd(subj) \
                and all(s.role in CROWD_ROLES for s in src):
            code = "145"  # "protesters stormed parliament", "youths set cars on fire": a riot, not an armed attack
        elif code[:2] in ("18", "19") and tgt_tok is not None and tgt_tok.lemma_.lower() in PROTEST_CROWDS \
                and all(s.role in STATE_ROLES for s in src) and all(t.role in CROWD_ROLES for t in tgt) \
                and {country_of(s) for s in src} == {country_of(t) for t in tgt}:
            code = "175"  # "police fired on protesters": violent repression of a crowd
        root = code[:2]
        conf = 0.45 + tgt_conf + (0.15 if matched else 0.0) + (0.1 if subj is not None and subj.dep_ in SUBJ else 0.0)
        if any(s.via == "pronoun" for s in src):
            conf -= 0.1
        if not tgt and root in MUTUAL_ROOTS and code != "045" and len({country_of(s) for s in src}) >= 2:
            return CodedEvent(code, src[0], next(s for s in src if country_of(s) != country_of(src[0])), verb,
                              confidence=min(conf + 0.1, 0.95), source_actors=src, target_actors=src, mutual=True)
        return CodedEvent(code, src[0], tgt[0] if tgt else None, verb, confidence=min(conf, 0.95),
                          source_actors=src, target_actors=tgt, mutual=root in MUTUAL_ROOTS)

    def _code_noun(self, noun: Token, at: dict[int, list[Mention]], mentions: list[Mention]) -> CodedEvent | None:
        entry = self._noun_entry(noun)
        if entry is None or noun.i in at:
            return None
        mentions = [m for m in mentions if m.ref.via != "city"]  # a city is where, not who
        code = entry.code
        for c in noun.children:
            if c.dep_ in ("amod", "compound", "nmod") and c.lower_ in entry.modifiers:
                code = entry.modifiers[c.lower_]
        src: list[ActorRef] = []
        tgt: list[ActorRef] = []
        conf = 0.55
        for c in noun.children:
            if c.dep_ in ("poss", "amod", "compound", "nmod") and c.i in at:
                src.extend(m.ref for m in at[c.i] if m.ref.via != "city")
            elif c.dep_ in ("poss", "compound") and not src:
                src.extend(self.actors_of(c, at))
            elif c.dep_ == "prep":
                pobjs = [p for p in c.children if p.dep_ == "pobj"]
                for p in pobjs:
                    found = self.actors_of(p, at)
                    if c.lower_ == "between" and found:
                        src, tgt = found[:1], found[1:2]
                    elif c.lower_ in ("by", "from") and found and not src:
                        src = found
                    elif c.lower_ in entry.target_preps and found and not tgt:
                        tgt = found
        gov = _governing_verb(noun)
        arg = _carrier(noun)  # "sent a message of condolence": the noun acts through "message"
        if _undone(noun) or _topic(noun):
            return None  # "lifted the blockade", "rejected a proposal for a truce", "talks on a ceasefire"
        effort = noun.dep_ == "compound" and noun.head.lemma_.lower() in EFFORTS and noun.head.dep_ == "dobj" \
            and noun.head.head == gov  # "ended mediation efforts"
        if gov is not None and (arg.dep_ == "dobj" or effort) and gov.lemma_.lower() in STOP_VERBS:
            halted = stop_code(code)
            if halted is None:
                return None  # "halted the offensive": the verb, not the offensive, is the event
            code = halted
        if gov is not None and arg.dep_ == "dobj" and code[:2] == "14" and gov.lemma_.lower() in LODGE_VERBS:
            code = "114"  # "lodged an official protest with Albania"
            for c in [*noun.children, *gov.children]:
                if c.dep_ == "prep" and c.lower_ in ("with", "to", "against"):
                    for p in c.children:
                        if p.dep_ == "pobj" and not tgt:
                            tgt = self.actors_of(p, at)
        host = self._hosted(noun, gov, code, src, tgt, at)
        if host is not None:
            return host
        if gov is not None:
            # "X launched an invasion of Y" / "sanctions have hit his country's economy"
            subj, passive = self._subject(gov)
            if arg.dep_ in ("dobj", "attr") and not src and subj is not None:
                src = self._subject_actors(gov, subj, at)
                conf += 0.1
            elif (arg.dep_ == "pobj" and arg.head.lower_ == "in" and arg.head.head == gov and not src
                  and gov.lemma_.lower() in PARTAKE_VERBS):
                # "Serb forces were engaged in ethnic cleansing", "troops took part in the offensive"
                doer = subj or next((c for c in gov.children if c.dep_ == "nsubjpass"), None)
                if doer is not None:
                    src = self.actors_of(doer, at)
            if arg.dep_ in ("nsubj", "nsubjpass") and not tgt:
                for o, _kind in self._objects(gov, passive):
                    if o == arg:
                        continue
                    found = self.actors_of(o, at)
                    if found:
                        tgt = found
                        break
            if arg.dep_ == "pobj" and arg.head.lower_ == "with" and arg.head.head == gov and passive and not tgt:
                # "Iran Air was hit with sanctions by Britain": the passive subject is the target
                for c in gov.children:
                    if c.dep_ == "nsubjpass":
                        tgt = _others(self.actors_of(c, at), src)
            if arg.dep_ == "dobj" and not tgt:
                for c in gov.children:
                    if c.dep_ == "dative" or (c.dep_ == "prep" and c.lower_ in entry.target_preps):
                        for p in c.children:
                            if p.dep_ == "pobj":
                                tgt = tgt or self.actors_of(p, at)
        if noun.dep_ in ("dobj", "pobj", "nsubjpass") and not tgt:
            # "support given to Moscow": the participle's preposition
            for c in noun.children:
                if c.dep_ == "acl":
                    for cc in c.children:
                        if cc.dep_ in ("dative", "prep") and cc.lower_ in ("to", "for", "against", "on"):
                            for p in cc.children:
                                if p.dep_ == "pobj":
                                    tgt = tgt or self.actors_of(p, at)
        if not tgt and "joint" in entry.modifiers and len({country_of(s) for s in src}) >= 2:
            code = entry.modifiers["joint"]  # "Jordan and Britain held drills": joint drills, military cooperation
        if (entry.mutual or code[:2] in MUTUAL_ROOTS) and not tgt and len({country_of(s) for s in src}) >= 2:
            tgt = [s for s in src if country_of(s) != country_of(src[0])][:1]
        sentence_countries = {country_of(m.ref) for m in mentions if m.start >= noun.sent.start and m.end <= noun.sent.end}
        if not src and (tgt or (entry.mutual and len(sentence_countries) >= 2)):
            # fall back to the sentence's other actor (lower confidence)
            others = [m.ref for m in mentions if country_of(m.ref) not in {country_of(t) for t in tgt}]
            sent_start = noun.sent.start
            others = [m.ref for m in mentions if m.start >= sent_start and m.ref in others]
            if others:
                src = others[:1]
                if entry.mutual and not tgt:
                    rest = [r for r in others if country_of(r) != country_of(src[0])]
                    tgt = rest[:1]
                conf -= 0.2
        if not src:
            return None
        if not tgt and lookup(code).root not in NOT_TARGET_ALONE:
            return None
        return CodedEvent(code, src[0], tgt[0] if tgt else None, noun, confidence=conf,
                          source_actors=src, target_actors=tgt, mutual=entry.mutual or code[:2] in MUTUAL_ROOTS)


PARTAKE_VERBS = frozenset({"engage", "participate", "involve", "join"})
"""'X engaged in / participated in an event noun': the subject is the noun's agent."""

LINKED_ROOTS = frozenset({"11", "17", "18", "19", "20"})
"""Roots whose untargeted participle or conjunct takes its governing act's target (see EventCoder._linked)."""
CONSEQUENCES = frozenset({"kill", "wound", "injure"})
"""'..., killing two civilians': a participle that gives an attack's toll."""


def _speculation(verb: Token, at: dict[int, list[Mention]], coder: EventCoder, own: list[ActorRef]) -> bool:
    """Whether a warning's complement is what another actor could or might do ("warned that Israel could strike")."""
    for c in verb.children:
        if c.dep_ not in ("ccomp", "parataxis") and not (c.dep_ == "advcl" and c.i < verb.i):
            continue
        if not any(a.dep_ == "aux" and a.lower_ in ("could", "might", "may") for a in c.children):
            continue
        subj, _passive = coder._subject(c)
        actors = coder.actors_of(subj, at) if subj is not None else []
        owners = {country_of(o) for o in own}
        if actors and all(country_of(a) not in owners for a in actors):
            return True
    return False


def _participle(verb: Token) -> bool:
    """A past participle modifying a noun ("the leader killed in a strike", "a deal brokered by China"); the
    parser tags some of them VBD."""
    return verb.dep_ == "acl" and verb.tag_ in ("VBN", "VBD") and not any(c.dep_ in SUBJ for c in verb.children)


def _under(tok: Token, top: Token, deps: tuple[str, ...]) -> bool:
    """Whether tok sits below top through a chain of the given dependency labels (tok's own label first)."""
    node = tok
    for _ in range(8):
        if node.head == node or node.dep_ not in deps:
            return False
        node = node.head
        if node == top:
            return True
    return False


def _conditional_between(tok: Token, top: Token) -> bool:
    """Whether a clause between tok and top (tok's included) is an 'if'/'unless' condition."""
    node = tok
    for _ in range(8):
        if node == top:
            return False
        if any(c.dep_ == "mark" and c.lower_ in ("if", "unless") for c in node.children):
            return True
        if node.head == node:
            return False
        node = node.head
    return False


def _governing_event(ev: CodedEvent, by_head: dict[int, list[CodedEvent]]) -> CodedEvent | None:
    """The event of the clause an event's participle or conjunct clause hangs on."""
    node = _clause_head(ev.trigger)
    for _ in range(3):
        if node.head == node or node.dep_ not in ("advcl", "conj", "xcomp"):
            return None
        if node.dep_ == "advcl" and any(c.dep_ == "mark" for c in node.children):
            return None  # "after", "if", "because" clauses are other acts
        node = node.head
        for g in by_head.get(node.i, []):
            if g is not ev and g.target is not None:
                return g
    return None


def _accused_act(tok: Token) -> bool:
    """Whether tok names what someone is accused, convicted or blamed of ("accusing Myanmar of genocide")."""
    node = tok
    for _ in range(6):
        if node.head == node:
            return False
        head = node.head
        if node.dep_ == "prep" and node.lower_ in ("of", "for") and head.pos_ in ("VERB", "AUX") \
                and head.lemma_.lower() in ACCUSE_VERBS:
            return True
        if node.dep_ not in ("pobj", "pcomp", "prep", "conj", "dobj", "compound", "amod", "acl", "relcl"):
            return False
        node = head
    return False


def _ruled_out(tok: Token) -> bool:
    """An event noun that its verb rules out ("ruled out direct negotiations")."""
    return tok.dep_ == "dobj" and tok.head.lemma_.lower() == "rule" and any(
        c.dep_ == "prt" and c.lower_ == "out" for c in tok.head.children)


def _crowd(tok: Token) -> bool:
    """A crowd noun, or a count of one: "protesters", "hundreds of angry protesters"."""
    if tok.lemma_.lower() in CROWD_NOUNS:
        return True
    return any(c.dep_ == "prep" and c.lower_ == "of" and any(p.dep_ == "pobj" and p.lemma_.lower() in CROWD_NOUNS
                                                             for p in c.children) for c in tok.children)


AGREE_VERBS = frozenset({"agree", "consent"})


def _agreed_to(tok: Token) -> bool:
    """Whether tok is (a conjunct of) the complement of "agree to": "agreed to postpone", "agreed to allow"."""
    while tok.dep_ == "conj" and tok.head is not tok:
        tok = tok.head
    return tok.dep_ == "xcomp" and tok.head.lemma_.lower() in AGREE_VERBS


def intent_code(code: str) -> str:
    """CAMEO's code for a committed future act: 'will provide aid' 07x -> 033x, 'will attack' 19x -> 138."""
    for n in (len(code), 3, 2):
        if code[:n] in INTENT_CODES:
            return INTENT_CODES[code[:n]]
    return code


_PHRASES: dict[int, tuple[str, ...]] = {}


def _phrase_in(words: frozenset[str], text: str) -> bool:
    """Whether any multi-word member of a pattern's word set ("state of emergency") occurs in the text."""
    key = id(words)
    phrases = _PHRASES.get(key)
    if phrases is None:
        phrases = _PHRASES[key] = tuple(f" {w} " for w in words if " " in w)
    return any(ph in text for ph in phrases)


def _found(words: frozenset[str], seen: set[str], text: str) -> bool:
    """Whether one of a pattern's words was seen, or one of its phrases occurs in the text."""
    return not words.isdisjoint(seen) or _phrase_in(words, text)


def reject_code(code: str) -> str:
    """CAMEO's 'reject' code for a cooperative act refused ahead: meeting 04 -> 125, release 084 -> 1243, else 120."""
    for n in (4, 3, 2):
        if code[:n] in REJECT_CODES:
            return REJECT_CODES[code[:n]]
    return "120"


def stop_code(code: str) -> str | None:
    """CAMEO's 'reduce relations' code for a halted cooperative act (talks 04 -> 164, aid 07 -> 162)."""
    for n in (4, 3, 2):
        if code[:n] in STOP_CODES:
            return STOP_CODES[code[:n]]
    return None


def demand_code(code: str) -> str:
    """CAMEO's 'demand' code for what was demanded: a meeting 04 -> 106, a withdrawal 087 -> 1056, else 100."""
    for n in (4, 3, 2):
        if code[:n] in DEMAND_CODES:
            return DEMAND_CODES[code[:n]]
    return "100"


def _obligation_clause(verb: Token) -> Token | None:
    """The complement of a speech verb that says what someone must or should do ("said Sudan must return")."""
    if verb.pos_ not in ("VERB", "AUX") or verb.lemma_.lower() not in SPEECH | DECLARE:
        return None
    for c in verb.children:
        if c.dep_ == "ccomp" and any(a.dep_ == "aux" and a.lower_ in OBLIGATION for a in c.children):
            return c
    return None


def _by_phone(verb: Token) -> bool:
    return any(c.dep_ in ("prep", "agent") and c.lower_ in ("by", "over", "via", "on")
               and any(p.dep_ == "pobj" and p.lemma_.lower() in PHONE_WORDS for p in c.children)
               for c in verb.children)


def _committed(tok: Token) -> bool:
    """Whether the clause is its subject's commitment to a future act: 'will', 'agreed/pledged/offered to',
    'is ready to', or 'would' reported by a speech verb ("said it would withdraw")."""
    node = tok
    for _ in range(5):
        auxes = {c.lower_ for c in node.children if c.dep_ in ("aux", "auxpass")}
        conditional = any(c.dep_ == "mark" and c.lower_ in ("if", "unless", "whether") for c in node.children)
        if conditional:
            return False
        if auxes & FUTURE:
            return True
        head = node.head
        if head == node:
            return False
        hl = head.lemma_.lower()
        if "would" in auxes and node.dep_ == "ccomp" and hl in SPEECH:
            return True
        if (node.dep_ in ("xcomp", "ccomp") or (node.dep_ == "advcl" and "to" in auxes)) and hl in COMMIT:
            return True  # "offered on Twitter to meet Kim" parses the complement as an advcl
        if node.dep_ == "xcomp" and hl in READY:
            return True
        if node.dep_ not in ("xcomp", "conj"):
            return False
        node = head
    return False


def _requested(tok: Token) -> bool:
    """Whether the clause is what someone demanded, urged or asked another to do."""
    node = tok
    for _ in range(4):
        head = node.head
        if head == node or node.dep_ not in ("xcomp", "ccomp", "conj"):
            return False
        if node.dep_ == "ccomp" and head.lemma_.lower() == "tell" and any(
                c.dep_ in ("nsubj", "nsubjpass") and c.lower_ not in PRONOUNS for c in node.children):
            # "the army lifted the blockade, officials told AFP": a report, not a request ("residents told reporters
            # they heard explosions": a pronoun there is the tellers', often unnamed, so left alone)
            return False
        if node.dep_ != "conj" and head.lemma_.lower() in REQUESTS:
            # "urged Berlin to send": the object is asked; "agreed to send" is not a request
            return True
        obligation = _obligation_clause(head) if node.dep_ == "ccomp" else None
        if obligation is not None and obligation.i == node.i:
            return True  # "said Sudan must return the helicopter": demanded, not done
        node = head
    return False


def _place_ref(tok: Token) -> ActorRef | None:
    """A city or town (not a country: those are actors) as its country, for targets named by place."""
    if tok.pos_ != "PROPN":
        return None
    start = tok
    while start.i > 0 and start.doc[start.i - 1].dep_ == "compound" and start.doc[start.i - 1].head == tok:
        start = start.doc[start.i - 1]
    place = find_place(tok.doc[start.i:tok.i + 1].text)
    if place is None or not place.country:
        return None
    return ActorRef(place.country, place.country, None, place.name, "place")


def _expand(ev: CodedEvent) -> list[CodedEvent]:
    """One event per source country and target country of coordinated actors ("the US and Britain struck
    Houthi targets" -> two), except mutual events without a target, which list their actors once."""
    srcs = _by_country(ev.source_actors or ([ev.source] if ev.source else []))
    tgts = _by_country(ev.target_actors or ([ev.target] if ev.target else []))
    if ev.mutual and ev.target is not None and len(srcs) >= 2 and country_of(ev.target) in {country_of(s) for s in srcs}:
        tgts = [t for t in tgts if country_of(t) not in {country_of(s) for s in srcs}]
        if not tgts:
            return [ev]
    if len(srcs) <= 1 and len(tgts) <= 1:
        if distinct_actors(ev.source, ev.target):
            return [ev]
        if ev.code[:2] == "14" and ev.source is not None and ev.target is not None and ev.source.via == "location" \
                and not ev.source.role and ev.target.role in STATE_ROLES:
            return [ev]  # "crowds rallied in Gaza against the party's leader": an unnamed crowd against its state
        if ev.target is not None and (ev.target.via in ("place", "location") or (
                ev.target.role is None and not ev.target.person and not ev.target.members)) \
                and lookup(ev.code).root in NOT_TARGET_ALONE:
            # "imposed a curfew in Cizre": the place is where, not whom; the act stands without a target
            return [CodedEvent(ev.code, ev.source, None, ev.trigger, ev.negated, ev.modality, ev.date, ev.confidence,
                               ev.source_actors, [], ev.mutual, ev.place)]
        return []
    out = []
    for s in srcs[:4]:
        if ev.mutual and not tgts and s is not srcs[0]:
            break
        pairs: list[ActorRef | None] = list(tgts[:4]) or [None]
        for t in pairs:
            if t is not None and not distinct_actors(s, t):
                continue
            out.append(CodedEvent(ev.code, s, t, ev.trigger, ev.negated, ev.modality, ev.date, ev.confidence,
                                  ev.source_actors, ev.target_actors, ev.mutual, ev.place))
    return out or [ev]


def _sources(ev: CodedEvent) -> list[ActorRef]:
    return ev.source_actors or ([ev.source] if ev.source is not None else [])


def _by_country(refs: list[ActorRef]) -> list[ActorRef]:
    seen: set[str | None] = set()
    out = []
    for r in refs:
        if country_of(r) not in seen:
            seen.add(country_of(r))
            out.append(r)
    return out


RESTATE_DEPS = frozenset({"xcomp", "ccomp", "conj", "dobj", "pobj", "prep"})


def _drop_restated(events: list[CodedEvent]) -> list[CodedEvent]:
    """'pledged to send' / 'threatened to strike': the commitment verb's own event restates its complement's
    (same root once the complement is coded as intent); keep the complement, which names what was promised."""
    drop: set[int] = set()
    for i, a in enumerate(events):
        for j, b in enumerate(events):
            if i == j or a.trigger == b.trigger or a.code[:2] != b.code[:2] or a.trigger.pos_ not in ("VERB", "AUX"):
                continue
            if a.code[:2] == "04" and a.code[:3] != b.code[:3] and {a.code[:3], b.code[:3]} & {"042", "043"}:
                continue  # "arrives in Russia for summit with Putin": the visit and the talks are two acts
            if b.trigger.dep_ == "conj" and b.trigger.head == a.trigger and a.code[:3] != b.code[:3] \
                    and a.trigger.lemma_.lower() not in COMMIT and lookup(a.code).quad_class == 4:
                continue  # "kidnapped 16 advisers and exploded a series of bombs": two acts of force
            node = b.trigger
            # "offered on Twitter to meet Kim" (an advcl in the parse) restates the offer; "is in Washington to
            # discuss" does not restate the visit
            chain = RESTATE_DEPS | {"advcl"} if a.trigger.lemma_.lower() in COMMIT else RESTATE_DEPS
            while node.head != node and node.dep_ in chain:
                node = node.head
                if node == a.trigger:
                    if country_of(a.source) == country_of(b.source) and (b.target is not None or a.target is None):
                        drop.add(i)
                    break
    return [e for k, e in enumerate(events) if k not in drop]


EFFORTS = frozenset({"effort", "bid", "process", "initiative", "mission"})
"""Heads an event noun modifies as a compound: "mediation efforts", "peace process"."""

CARRIERS = frozenset({"message", "letter", "expression", "statement", "words", "note", "gesture", "show", "offer",
                      "package", "round", "wave", "series", "programme", "program", "shipment", "batch", "tranche"})
"""Nouns that carry an event noun in their 'of'-phrase: "a message of condolence", "a new round of talks",
"a wave of strikes", "a package of sanctions"."""


def _carried(tok: Token) -> list[Token]:
    """The event nouns a carrier noun holds in its 'of'-phrase."""
    if tok.lemma_.lower() not in CARRIERS:
        return []
    return [p for c in tok.children if c.dep_ == "prep" and c.lower_ == "of" for p in c.children if p.dep_ == "pobj"]


def _relative_under(tok: Token, top: Token) -> bool:
    """Whether tok sits in a relative or participle clause below top."""
    node = tok
    while node != top and node.head != node:
        if node.dep_ in ("relcl", "acl"):
            return True
        node = node.head
    return False


def _carrier(noun: Token) -> Token:
    """The carrier noun whose place in the clause an event noun takes, else the noun itself."""
    if noun.dep_ == "pobj" and noun.head.lower_ == "of" and noun.head.head.lemma_.lower() in CARRIERS:
        return noun.head.head
    return noun


def _undone(noun: Token) -> bool:
    """Whether an event noun is what a verb undoes, refuses or prevents ("lifted a day-old blockade", "rejected
    an Israeli proposal for a truce", "the ceasefire was violated"), looking through the object's own phrases."""
    node = noun
    for _ in range(3):
        if node.dep_ in ("dobj", "nsubjpass") and node.head.pos_ in ("VERB", "AUX"):
            return node.head.lemma_.lower() in UNDO_VERBS
        if node.dep_ == "pobj" and node.head.dep_ == "prep" and node.head.head.pos_ in ("NOUN", "PROPN"):
            node = node.head.head
            continue
        return False
    return False


def _topic(noun: Token) -> bool:
    """Whether an event noun is only what is sought or discussed ("talks on a ceasefire", "called for sanctions")."""
    if noun.dep_ != "pobj" or noun.head.lower_ not in TOPIC_PREPS:
        return False
    head = noun.head.head
    return head.lemma_.lower() in TOPIC_HEADS or head.lower_ in TOPIC_HEADS


def _sport(verb: Token) -> bool:
    return any(t.lower_ in SPORT_WORDS or t.lemma_.lower() in SPORT_WORDS for t in verb.sent)


def _labelled(verb: Token) -> str | None:
    """'called Putin a war criminal' -> 111 (denounce); 'called Modi a friend' -> 051 (praise); else None."""
    for c in verb.children:
        if c.dep_ in ("oprd", "xcomp", "ccomp") and c.pos_ in ("NOUN", "PROPN") and any(
                d.dep_ == "dobj" and d.lower_ not in ("what", "which", "that", "whom") for d in verb.children):
            # "what it called an 'anti-terrorist' operation" names, it does not denounce
            words = {t.lemma_.lower() for t in c.subtree} | {t.lower_ for t in c.subtree}
            if words & INSULTS:
                return "111"
            if words & PRAISES:
                return "051"
    return None


def _governing_verb(tok: Token) -> Token | None:
    node = tok
    for _ in range(4):
        if node.head == node:
            return None
        node = node.head
        if node.pos_ in ("VERB", "AUX"):
            return node
    return None


def _weapon(verb: Token) -> bool:
    """Whether a passive act of violence names the weapon or attack it happened by or in ("killed by an
    improvised explosive device", "killed in a car bomb explosion")."""
    for c in verb.children:
        if c.dep_ in ("agent", "prep") and c.lower_ in ("by", "in"):
            for p in c.children:
                if p.dep_ == "pobj" and p.lemma_.lower() in WEAPONS and p.pos_ != "PROPN":
                    return True
    return False


def _clause_tokens(verb: Token) -> list[Token]:
    """The tokens of a verb's own clause (not of the clauses under it)."""
    out: list[Token] = []
    stack = [c for c in verb.children if c.dep_ not in CLAUSE_DEPS]
    while stack:
        t = stack.pop()
        out.append(t)
        stack.extend(c for c in t.children if c.dep_ not in CLAUSE_DEPS)
    return out


def _clause_head(trigger: Token) -> Token:
    """Where negation and modality are read: the verb itself, or the verb a nominal event is an argument of."""
    if trigger.pos_ in ("VERB", "AUX"):
        return trigger
    if trigger.dep_ in ("dobj", "nsubj", "nsubjpass", "attr") and trigger.head.pos_ in ("VERB", "AUX"):
        return trigger.head
    return trigger


def _place_token(trigger: Token) -> Token | None:
    """A proper noun after 'in'/'at' in the trigger's clause (Vladivostok), for the event's place."""
    scope = [trigger] + ([trigger.head] if trigger.head != trigger else [])
    for node in scope:
        for c in node.children:
            if c.dep_ == "prep" and c.lower_ in ("in", "at", "near", "outside"):
                for p in c.children:
                    if p.dep_ == "pobj" and p.pos_ == "PROPN":
                        return p
    return None


def _same_actor(a: ActorRef, b: ActorRef) -> bool:
    return a.code == b.code or (country_of(a) == country_of(b) and (a.role or "") == (b.role or ""))


def _dedupe(events: list[CodedEvent]) -> list[CodedEvent]:
    best: dict[tuple[str | None, str | None, str, bool, str], CodedEvent] = {}
    for ev in events:
        # a visit (042/043) and the talks held on it (040) are two acts; other roots restate one act
        # and so are a release (084) and a ceasefire (087) on one day
        kind = ev.code[:3] if ev.code[:2] in ("04", "08") else ev.code[:2]
        key = (country_of(ev.source), country_of(ev.target), kind, ev.negated, ev.modality)
        if ev.mutual and key[1] is not None and (key[1] or "") < (key[0] or ""):
            key = (key[1], key[0], key[2], key[3], key[4])
        if key not in best or ev.confidence > best[key].confidence:
            best[key] = ev
    # "stormed parliament and set part of the building on fire": an untargeted restatement of a targeted act by the
    # same side, in the same sentence, adds nothing
    aimed = {(country_of(e.source), e.code[:2], e.negated, e.trigger.sent.start) for e in best.values() if e.target is not None}
    return sorted((e for e in best.values()
                   if e.target is not None or (country_of(e.source), e.code[:2], e.negated, e.trigger.sent.start) not in aimed),
                  key=lambda e: e.trigger.i)


@Language.factory("dyadwatch_events", assigns=["doc._.dw_events"], requires=["token.dep", "token.lemma", "doc._.dw_actors"])
def make_event_component(nlp: Language, name: str) -> EventComponent:
    return EventComponent(load_lexicon())


class EventComponent:
    """spaCy component: codes events from ``doc._.dw_actors`` as of ``doc._.dw_date``."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.coder = EventCoder(lexicon)

    def __call__(self, doc: Doc) -> Doc:
        doc._.dw_events = self.coder.code(doc, doc._.dw_actors or [], day=doc._.dw_date)
        return doc
