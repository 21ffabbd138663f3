import type { BibProposalView } from "@/server/bibs";

/**
 * What a batch proposal changes: entries that get a new or different bib, the same bib again, locked entries
 * (kept as set by hand), entries left without a bib, and all confirmed entries of the race.
 */
export function proposalCounts(view: BibProposalView) {
  const changed = view.assignments.filter((a) => a.bib !== a.previousBib).length;
  return { changed, same: view.assignments.length - changed, kept: view.kept, without: view.withoutBib.length, total: view.total };
}
