/**
 * The one size limit of a results file, wherever it comes in (docs/api.md "Limits"): the API's import and chip reads
 * (server/results/intake.ts) and the admin's upload, whose page also checks it before sending anything
 * (components/admin/results-upload.tsx). A 30,000-runner file with eight splits is about 4 MB.
 */
export const MAX_RESULTS_FILE_BYTES = 64 * 1024 * 1024;
