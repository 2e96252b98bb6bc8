"""The generator of the benchmark archive: N petition matters over the demo organs.

Texts. The repeat detection (``xinfang.petitions.similarity``) indexes every matter's text by
MinHash band keys, so the cost of a registration depends on how many earlier matters share a key
with the new one, and that depends on the text: letters of one template would all collide, lorem
would never. Each complaint here has its own facts (people, companies, projects, streets,
amounts, dates) and each telling words every sentence afresh from several variants and
synonyms; ``calibrate()`` measures how alike they come out next to the test corpus's figures.
A repeat of a complaint keeps its facts and is worded again, as a petitioner writing a second
time does.

Distributions. Channels (letters 30 %, visits 25 %, online 35 %, phone 10 %), 3 % collective
visits, districts weighted by population, 10 % at municipal level, categories weighted as a
petition office sees them, received times spread over three years, 20 % of matters from a
petitioner who petitioned before (the same complaint again), states from walking the procedure
with its periods (most concluded; a few steps late; ~1.5 % stalled and overdue).

Loading. Rows go straight into SQLite with ``executemany`` in chunks of 10,000 (one
transaction each, its number recorded in ``bench_meta``: an interrupted run resumes where it
stopped), with the bulk tables' secondary indexes dropped and rebuilt at the end. Every event
gets its audit entry, hash-chained from the current head, so ``xinfang verify-audit`` passes
on the generated archive. Workers build the rows (texts, band keys); the main process writes.
"""

from .calibrate import calibrate
from .store import MATTER_COLUMNS, generate, load_world
from .texts import tell
from .world import (
    CHANNELS,
    COLLECTIVE_SHARE,
    REPEAT_SHARE,
    _complaint,
    _complaint_root,
    _organs_for,
    _query_code,
    matter_text,
)

__all__ = [
    "CHANNELS",
    "COLLECTIVE_SHARE",
    "MATTER_COLUMNS",
    "REPEAT_SHARE",
    "_complaint",
    "_complaint_root",
    "_organs_for",
    "_query_code",
    "calibrate",
    "generate",
    "load_world",
    "matter_text",
    "tell",
]
