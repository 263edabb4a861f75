"""Actor benchmark: on the PLOVER GSR's 322 gold records, how often are the gold source and target
countries found and resolved in the sentence, and how fast is the resolver.

    .venv/bin/python benchmarks/actors.py [--gsr PATH] [--misses N] [--repeat N]

The resolver runs on the tokens alone (``spacy.blank('en')`` + sentencizer, as the pipeline's fast pass
does), as of each record's date. A gold actor is found when some resolved mention has its country part
(old CAMEO codes such as JAP/UKG mapped to ISO; any IGO code matches the gold "IGO"; NGO, IMG and ISM
match a non-state mention of that kind or any organisation). Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import time
from collections import Counter
from datetime import date
from pathlib import Path

import spacy

from dyadwatch.kb.actors import load_kb
from dyadwatch.nlp.actors import ActorRef, ActorResolver, CorefContext

ROOT = Path(__file__).resolve().parents[1]
GSR = ROOT.parent / "shared" / "eventdata" / "raw" / "plover" / "PLOVER_GSR_CAMEO.txt"
OLD_CODES = {"JAP": "JPN", "ITL": "ITA", "VTN": "VNM", "GMY": "DEU", "UKG": "GBR", "ROM": "ROU", "SER": "SRB"}
NON_STATE = {"NGO", "IMG", "ISM", "IGO"}


def gold_keys(actors: object) -> set[str]:
    if not isinstance(actors, list):
        return set()
    out = set()
    for a in actors:
        code = str(a.get("code") or "").upper()
        if code:
            out.add(OLD_CODES.get(code[:3], code[:3]))
    return out


def found_keys(refs: list[ActorRef]) -> set[str]:
    out: set[str] = set()
    for r in refs:
        codes = [r.code, *(r.members or ())]
        for code in codes:
            c = code.upper()
            if c.startswith("IGO"):
                out.add("IGO")
            elif c.startswith("NGO"):
                out.add("NGO")
            else:
                out.add(c[:3])
                if len(c) >= 6 and c[3:6] in ("REB", "OPP", "NGO", "RAD", "UAF", "IMG"):
                    out.update({"IMG", "ISM"})
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--gsr", default=str(GSR))
    ap.add_argument("--misses", type=int, default=0, help="print up to N records whose gold actors were missed")
    ap.add_argument("--repeat", type=int, default=5, help="timing passes over the records")
    args = ap.parse_args()

    records = [r for r in json.loads(Path(args.gsr).read_text(encoding="utf-8"))
               if r.get("event") not in (None, "DOCUMENT") and r.get("text")]
    t0 = time.perf_counter()
    kb = load_kb()
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    resolver = ActorResolver(nlp.vocab, kb)
    load_s = time.perf_counter() - t0

    docs = [(nlp(r["text"]), date.fromisoformat(r.get("date") or "2000-01-01")) for r in records]
    src_n = src_ok = tgt_n = tgt_ok = both_n = both_ok = 0
    actor_n = actor_ok = 0
    missed: Counter[str] = Counter()
    misses = []
    for r, (doc, day) in zip(records, docs, strict=True):
        refs = [m.ref for m in resolver.resolve(doc, day=day, context=CorefContext())]
        got = found_keys(refs)
        src, tgt = gold_keys(r.get("source")), gold_keys(r.get("target"))
        s_hit = bool(src) and src <= got
        t_hit = bool(tgt) and tgt <= got
        if src:
            src_n += 1
            src_ok += s_hit
        if tgt:
            tgt_n += 1
            tgt_ok += t_hit
        if src and tgt:
            both_n += 1
            both_ok += s_hit and t_hit
        for k in src | tgt:
            actor_n += 1
            actor_ok += k in got
            if k not in got:
                missed[k] += 1
        if (src and not s_hit) or (tgt and not t_hit):
            misses.append((r["id"], sorted(src - got), sorted(tgt - got), r["text"],
                           [(doc[m.start:m.end].text, m.ref.code) for m in resolver.resolve(doc, day=day)]))

    n_mentions = 0
    t1 = time.perf_counter()
    for _ in range(args.repeat):
        for doc, day in docs:
            n_mentions += len(resolver.resolve(doc, day=day, context=CorefContext()))
    run_s = time.perf_counter() - t1
    n_tokens = sum(len(d) for d, _ in docs) * args.repeat

    print(f"records                 {len(records)}")
    print(f"sources found           {src_ok}/{src_n} = {src_ok / max(src_n, 1):.3f}   (target >= 0.90)")
    print(f"targets found           {tgt_ok}/{tgt_n} = {tgt_ok / max(tgt_n, 1):.3f}")
    print(f"source and target found {both_ok}/{both_n} = {both_ok / max(both_n, 1):.3f}")
    print(f"gold actors found       {actor_ok}/{actor_n} = {actor_ok / max(actor_n, 1):.3f}")
    print(f"most missed             {', '.join(f'{k} {v}' for k, v in missed.most_common(10))}")
    print(f"kb + matcher load       {load_s:.2f} s")
    print(f"actors/s                {n_mentions / run_s:,.0f}   ({n_mentions} mentions, {n_tokens / run_s:,.0f} tokens/s,"
          f" {len(docs) * args.repeat / run_s:,.0f} sentences/s)")
    for rid, ms, mt, text, found in misses[: args.misses]:
        print(f"\n{rid}  missed source {ms} target {mt}\n  {text}\n  found: {found}")


if __name__ == "__main__":
    main()
