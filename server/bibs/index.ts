/**
 * Bibs and start waves (issue 4): the batch proposal and its application, bibs and waves set by hand, and what a
 * confirmed entry gets on confirmation. The admin pages, the API and the payment confirmation call these.
 */
export { applyBibs, bibCounts, proposeBibs, type BibProposalView } from "./batch";
export { parseSetBibInput, setBib, setWave, swapBibs, type SetBibInput } from "./manual";
export { assignOnConfirmationInTx, type ConfirmationPlacement } from "./on-confirmation";
