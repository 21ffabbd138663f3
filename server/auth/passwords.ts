/** Staff passwords: bcrypt (bcryptjs, pure JS, no native build), cost 12. */
import bcrypt from "bcryptjs";

export const MIN_PASSWORD_LENGTH = 10;

export function hashPassword(password: string): Promise<string> {
  return bcrypt.hash(password, 12);
}

export function verifyPassword(password: string, hash: string): Promise<boolean> {
  return bcrypt.compare(password, hash);
}

/** A hash of a throwaway password, compared against when the user does not exist, so timing tells nothing. */
export const DUMMY_HASH = "$2b$12$CwTycUXWue0Thq9StjUM0uJ8.n1W8dYX1FqI9Lh0N0uKWpNwQy0wS";
