"""How alike the generated texts are, next to the test corpus's figures."""

from __future__ import annotations

import random

from xinfang.petitions import similarity

from .categories import CATEGORIES
from .texts import complaint_facts, tell
from .world import CHANNELS, matter_text

# =============================================================================================
# Calibration: how alike the generated texts are, next to the test corpus's figures


def calibrate(*, samples: int = 600, seed: int = 7) -> dict[str, float]:
    """Pairwise similarity of generated texts by relation (same category and district, ...).

    The test corpus (``tests/petitions/repeat_corpus.py``, ``xinfang.petitions.similarity``'s
    docstring) measured: rewordings of one complaint Jaccard 0.10–0.28 (median 0.20), all
    linked; different complaints share a band key in 0.5–0.8 % of pairs when category and
    district differ and 11–25 % for look-alikes of the same category and district.
    """
    import itertools

    rng = random.Random(seed)
    districts = [
        ("渝北区", "龙溪街道"),
        ("渝中区", "解放碑街道"),
        ("万州区", "太白街道"),
        ("城口县", "葛城街道"),
        ("江津区", "几江街道"),
        ("合川区", "钓鱼城街道"),
    ]
    items = []
    for _ in range(samples):
        spec = rng.choices(CATEGORIES, weights=[c.weight for c in CATEGORIES])[0]
        district, street = rng.choice(districts)
        facts = complaint_facts(rng, district=district, street=street, today_year=2026)
        channel = rng.choices([c for c, _ in CHANNELS], weights=[w for _, w in CHANNELS])[0]
        first = matter_text(*tell(rng, spec, facts, channel=channel, repeat=False))
        again = matter_text(
            *tell(
                rng,
                spec,
                facts,
                channel=rng.choice(["letter", "online", "visit", "phone"]),
                repeat=True,
            )
        )
        items.append((spec.code, district, first, again))
    shingled = [similarity.shingles(t) for _, _, t, _ in items]
    keys = [{v for _, v in similarity.band_values(t)} for _, _, t, _ in items]
    stats: dict[str, list[tuple[float, bool, bool]]] = {
        "repeat": [],
        "same_cat_district": [],
        "same_cat": [],
        "different": [],
    }
    for n, (_, _, _, again) in enumerate(items):
        s = similarity.shingles(again)
        m = similarity.compare_shingles(shingled[n], s)
        stats["repeat"].append(
            (m.jaccard, m.linked, bool(keys[n] & {v for _, v in similarity.band_values(again)}))
        )
    for i, j in itertools.combinations(range(len(items)), 2):
        if items[i][0] == items[j][0]:
            group = "same_cat_district" if items[i][1] == items[j][1] else "same_cat"
        else:
            group = "different"
        m = similarity.compare_shingles(shingled[i], shingled[j])
        stats[group].append((m.jaccard, m.linked, bool(keys[i] & keys[j])))
    out: dict[str, float] = {"mean_length": sum(len(t) for _, _, t, _ in items) / len(items)}
    for group, values in stats.items():
        out[f"{group}_jaccard"] = sum(v[0] for v in values) / len(values)
        out[f"{group}_linked"] = sum(v[1] for v in values) / len(values)
        out[f"{group}_band_share"] = sum(v[2] for v in values) / len(values)
    return out
