"""Is the audit log whole? Checking the chain and the signatures (``storage/audit_chain.py``)
and saying so in plain Danish, for the log viewer, ``forandring audit`` and the insight
export. Administrators only, like reading the log.

The check reads the entries a batch at a time in seq order (one pass, constant memory), so
it can run off the GUI thread on a log of 100,000+ entries; ``progress(done, total)`` is
called after each batch.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from forandring_desktop.services.access import require_admin
from forandring_desktop.storage import Store
from forandring_desktop.storage.audit import LOCAL
from forandring_desktop.storage.audit_chain import (
    Anchor,
    ChainProblem,
    ChainReport,
    ChainVerifier,
    ProblemKind,
)
from forandring_desktop.storage.signing import MemberCertificate

__all__ = ["ChainReport", "ProblemKind", "describe_problem", "verdict_text", "verify_log"]

BATCH = 2_000
_SHOWN = 5  # problems named in the one-line verdict


def _certificates(store: Store) -> list[MemberCertificate]:
    """Every member certificate of the keys file (removed members' too); none before the
    keys file carries them."""
    certificates: Callable[[], Iterable[MemberCertificate]] | None = getattr(
        store.keys, "certificates", None
    )
    return list(certificates()) if certificates is not None else []


def verify_log(
    store: Store,
    *,
    progress: Callable[[int, int], None] | None = None,
    batch: int = BATCH,
) -> ChainReport:
    """Check every chained entry: each hash, each link to the entry before, each signature
    and that its key is certified (by the organisation key) for the staff member the entry
    names. Administrators only."""
    require_admin(store, "kontrollere logbogen")
    with store.unit_of_work() as uow:
        anchor = uow.audit.anchor()
        legacy, inserted = uow.audit.unchained()
        total = uow.audit.chained_count()
        origins = uow.audit.origins()
    certificates = _certificates(store)
    org_public_key = getattr(store, "org_public_key", None)
    done = 0
    report: ChainReport | None = None
    for origin in origins:  # this file's own chain first, then each other laptop's
        verifier = ChainVerifier(
            certificates=certificates,
            org_public_key=org_public_key,
            anchor=anchor if origin == LOCAL else None,
        )
        after, first = 0, True
        while True:
            with store.unit_of_work() as uow:
                rows = uow.audit.chain_rows(after, batch, origin=origin)
            if first and rows and origin != LOCAL:
                # Another laptop's chain is checked from its oldest entry here (older ones
                # may be purged there by their retention); from there on it must be whole.
                start = int(rows[0]["seq"]) - 1
                verifier = ChainVerifier(
                    certificates=certificates,
                    org_public_key=org_public_key,
                    anchor=Anchor(start, str(rows[0]["prev_hash"] or ""), "", ""),
                )
            first = False
            verifier.feed(rows)
            done += len(rows)
            if progress is not None:
                progress(done, max(total, done))
            if len(rows) < batch:
                break
            after = int(rows[-1]["seq"])
        if origin == LOCAL:
            report = verifier.finish(legacy=legacy, inserted=range(inserted))
        else:
            assert report is not None
            report.merge(verifier.finish(), origin=origin)
    assert report is not None
    return report


def describe_problem(problem: ChainProblem) -> str:
    """One problem in Danish, e.g. "post 17 er slettet"."""
    seq = problem.seq
    # Another laptop's chain (pulled by sync) has its own numbers: say whose.
    laptop = f" fra computer {problem.origin[:8]}" if problem.origin else ""
    match problem.kind:
        case ProblemKind.DELETED if problem.count > 1:
            return f"post {seq}–{seq + problem.count - 1}{laptop} er slettet"
        case ProblemKind.DELETED if problem.count == 1:
            return f"post {seq}{laptop} er slettet"
        case ProblemKind.DELETED:
            return f"der er slettet poster lige før post {seq}{laptop}"
        case ProblemKind.CHANGED:
            return f"post {seq}{laptop} er ændret"
        case ProblemKind.REORDERED:
            return f"post {seq}{laptop} er flyttet (den blev skrevet som post {problem.moved_from})"
        case ProblemKind.REATTRIBUTED:
            return f"post {seq}{laptop} er tilskrevet en anden"
        case ProblemKind.BAD_SIGNATURE:
            return f"post {seq}{laptop} har en ugyldig signatur"
        case ProblemKind.UNSIGNED:
            return f"post {seq}{laptop} mangler sin signatur"
        case ProblemKind.UNKNOWN_SIGNER:
            return f"post {seq}{laptop} er signeret med en nøgle, organisationen ikke kender"
        case ProblemKind.INSERTED:
            return "en post er sat ind uden for kæden"
        case ProblemKind.BAD_ANCHOR:
            return "stedet, hvor udløbne poster blev slettet, er ikke gyldigt signeret"
    return f"post {seq}: {problem.kind.value}"  # pragma: no cover - every kind is above


def verdict_text(report: ChainReport) -> str:
    """The verdict in one Danish sentence: "Loggen er hel: 120 poster kontrolleret." or
    "Loggen er ændret: post 17 er slettet, post 23 er ændret …"."""
    if report.whole:
        text = f"Loggen er hel: {report.checked} poster kontrolleret"
        notes = []
        if report.unsigned:
            notes.append(f"{report.unsigned} usigneret")
        if report.legacy:
            notes.append(f"{report.legacy} før signering (kan ikke kontrolleres)")
        if report.scrubbed:
            notes.append(f"{report.scrubbed} om slettede deltagere (indhold fjernet)")
        return text + (f" ({'; '.join(notes)})." if notes else ".")
    shown = [describe_problem(p) for p in report.problems[:_SHOWN]]
    rest = report.problem_count - len(shown)
    more = f" og {rest} fund mere" if rest > 0 else ""
    return f"Loggen er ændret: {', '.join(shown)}{more}."
