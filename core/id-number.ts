/**
 * Identity documents. Mainland resident ID numbers (GB 11643-1999): 18 characters, 6-digit area code,
 * birth date YYYYMMDD, 3-digit sequence (odd for men, even for women), and an ISO 7064 MOD 11-2 check character.
 */
export const ID_TYPES = ["cn_resident_id", "passport", "hk_macau_permit", "taiwan_permit"] as const;
export type IdType = (typeof ID_TYPES)[number];

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = "10X98765432";

/** The check character of the first 17 digits. */
export function residentIdCheckChar(first17: string): string {
  const sum = WEIGHTS.reduce((total, weight, i) => total + Number(first17[i]) * weight, 0);
  return CHECK[sum % 11] ?? ""; // NaN only when first17 is not 17 digits: then no character is the check character
}

export type ResidentIdProblem = "format" | "checksum" | "birthDate";

/** Validates a mainland ID number and, when given, that it agrees with the birth date (YYYY-MM-DD). */
export function checkResidentId(value: string, birthDate?: string): ResidentIdProblem | null {
  const id = value.trim().toUpperCase();
  if (!/^\d{17}[\dX]$/.test(id)) return "format";
  if (residentIdCheckChar(id.slice(0, 17)) !== id[17]) return "checksum";
  const embedded = `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`;
  const d = new Date(`${embedded}T00:00:00Z`);
  if (Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== embedded) return "format";
  if (birthDate && birthDate !== embedded) return "birthDate";
  return null;
}

/** Canonical form used for the one-live-entry-per-document rule: type + number without spaces, upper case. */
export function normalizeIdNumber(value: string): string {
  return value.replace(/[\s-]/g, "").toUpperCase();
}

/** `3301**********123X` → last four visible: for lists and pickup desks where the full number is not needed. */
export function maskIdNumber(value: string): string {
  const v = normalizeIdNumber(value);
  if (v.length <= 4) return "*".repeat(v.length);
  return `${"*".repeat(v.length - 4)}${v.slice(-4)}`;
}

/** Format check for the other documents (the authorities publish no checksum we can verify). */
export function checkOtherId(type: Exclude<IdType, "cn_resident_id">, value: string): boolean {
  const v = normalizeIdNumber(value);
  switch (type) {
    case "passport":
      return /^[A-Z0-9]{5,20}$/.test(v);
    case "hk_macau_permit":
      return /^[HM]\d{8,10}$/.test(v) || /^C[A-Z0-9]\d{7}$/.test(v);
    case "taiwan_permit":
      return /^\d{8}$/.test(v) || /^\d{10}$/.test(v);
  }
}
