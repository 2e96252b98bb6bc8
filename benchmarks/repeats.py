"""How many generated retellings the content index finds at archive scale (not timed).

The generator links every retelling of a complaint to its first telling. For a sample of those
pairs that the exact score links (``similarity.is_repeat``), the retelling's text is looked up
through the band-key index only (no petitioner), as a new matter by another petitioner would
be: the share whose first telling comes back among the candidates is the content recall. The
test corpus measures the texts; this measures the index (stop keys, places, the candidate
limit) at the archive's size. Generated texts come from templates and share far more wording
than letters do, so this is a lower bound.
"""

from __future__ import annotations

import argparse
import random

from .common import Figure, Report, raw_connection, say


def sample_pairs(size: int, *, seed: int = 11) -> list[tuple[int, int]]:
    """``(retelling, first telling)`` ids of generated repeat links, a random sample."""
    conn = raw_connection()
    try:
        # The generator writes its matters first, with ids 1..done (the demo has no matters).
        done = conn.execute("SELECT value FROM bench_meta WHERE key = 'done'").fetchone()
        ceiling = int(done[0]) if done else 0
        rows = conn.execute(
            "SELECT matter_id, earlier_id FROM petitions_repeatlink WHERE matter_id <= ?",
            (ceiling,),
        ).fetchall()
    finally:
        conn.close()
    random.Random(seed).shuffle(rows)
    return [(int(a), int(b)) for a, b in rows[: size * 2]]


def run(report: Report, args: argparse.Namespace) -> None:
    from xinfang.petitions import similarity
    from xinfang.petitions.matters.models import Matter
    from xinfang.petitions.matters.repeats import (
        Probe,
        candidate_ids_many,
        index_text,
        matter_text,
    )

    wanted = args.recall_sample
    pairs = sample_pairs(wanted)
    texts = {
        pk: (matter_text(summary, content), region)
        for pk, summary, content, region in Matter.objects.filter(
            pk__in={pk for pair in pairs for pk in pair}
        ).values_list("pk", "summary", "content", "region_code")
    }
    linked = [(a, b) for a, b in pairs if similarity.is_repeat(texts[a][0], texts[b][0])][:wanted]
    if not linked:
        say("repeat recall by content: no generated repeat pairs to sample")
        return
    probes = [
        Probe(
            keys=index_text(texts[a][0], region_code=texts[a][1]).keys,
            petitioner_id=None,
            exclude_id=a,
        )
        for a, _b in linked
    ]
    found = candidate_ids_many(probes)
    hits = sum(1 for (_a, b), ids in zip(linked, found, strict=True) if b in ids)
    recall = hits / len(linked)
    say(
        f"repeat recall by content: {hits} of {len(linked)} generated retellings find their "
        f"first telling through the band-key index alone ({recall:.0%}); the same petitioner's "
        "matters are found through the petitioner whatever the index holds"
    )
    report.add(
        Figure(
            "repeat recall by content (generated)",
            recall * 100,
            None,
            "%",
            "– (corpus: ≥ 90 %)",
            None,
            higher_is_better=True,
        )
    )
