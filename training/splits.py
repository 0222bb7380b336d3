"""Train / dev / test splits of an annotation store, assigned by report and stored with the records."""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Mapping

from service.annotations import SPLITS, AnnotationError, AnnotationRecord, AnnotationStore, Split, sha256_text


def assign_splits(
    store: AnnotationStore,
    seed: int,
    ratios: Mapping[str, float] | None = None,
    *,
    reassign: bool = False,
) -> dict[str, Split]:
    """Put every report in train/dev/test and store the split as new record versions.

    Splitting is by report: records of the same report (same id, or ids whose texts are the same
    document) always share a split. Reports that already have a split keep it unless
    ``reassign``, so adding data never moves a test report into train; when the records of one
    report disagree, the most held-out split wins (test > dev > train).

    Args:
        store: the annotation store; its records get their split as new versions.
        seed: makes the assignment of new reports reproducible.
        ratios: share per split (default train 0.8, dev 0.1, test 0.1).
        reassign: ignore stored splits and assign everything afresh.
    """
    ratios = dict(ratios or {"train": 0.8, "dev": 0.1, "test": 0.1})
    if set(ratios) - set(SPLITS) or any(v < 0 for v in ratios.values()) or sum(ratios.values()) <= 0:
        raise AnnotationError(f"ratios must be non-negative shares of {SPLITS}, got {ratios}")
    latest = store.latest()
    groups: dict[str, list[AnnotationRecord]] = defaultdict(list)
    for r in latest.values():
        groups[_document_key(r)].append(r)

    group_split: dict[str, Split] = {}
    if not reassign:
        for key, members in groups.items():
            held = [r.split for r in members if r.split is not None]
            if held:
                group_split[key] = max(held, key=SPLITS.index)
    have = {s: sum(1 for v in group_split.values() if v == s) for s in SPLITS}
    target = _allocate(len(groups), ratios)
    need = {s: max(0, target[s] - have[s]) for s in SPLITS}
    pending = sorted(
        (k for k in groups if k not in group_split),
        key=lambda k: hashlib.sha256(f"{seed}:{k}".encode()).hexdigest(),
    )
    labels: list[Split] = []
    order: tuple[Split, ...] = ("test", "dev", "train")
    for split in order:
        labels += [split] * need[split]
    labels += ["train"] * max(0, len(pending) - len(labels))
    for key, split in zip(pending, labels):
        group_split[key] = split

    changed = []
    result: dict[str, Split] = {}
    for key, members in groups.items():
        for r in members:
            result[r.id] = group_split[key]
            if r.split != group_split[key]:
                changed.append(r.model_copy(update={"split": group_split[key]}))
    store.add(changed, verify=False)
    return result


def _document_key(record: AnnotationRecord) -> str:
    if record.corpus is not None:
        return record.corpus.sha256
    assert record.text is not None
    return sha256_text(record.text)


def _allocate(total: int, ratios: Mapping[str, float]) -> dict[str, int]:
    """Largest-remainder counts per split; every split with a share gets one when there is room."""
    norm = sum(ratios.values())
    exact = {s: total * ratios.get(s, 0.0) / norm for s in SPLITS}
    counts = {s: int(exact[s]) for s in SPLITS}
    for s in sorted(SPLITS, key=lambda s: exact[s] - counts[s], reverse=True)[: total - sum(counts.values())]:
        counts[s] += 1
    for s in SPLITS:
        if ratios.get(s, 0.0) > 0 and counts[s] == 0:
            donor = max(SPLITS, key=lambda d: counts[d])
            if counts[donor] > 1:
                counts[donor] -= 1
                counts[s] += 1
    return counts
