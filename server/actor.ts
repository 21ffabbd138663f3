import type { UserRole } from "../core/domain";

/** Who is acting: a signed-in staff member, an API token's owner, or the operator's CLI. */
export type Actor =
  | { kind: "user"; userId: string; role: UserRole; label: string }
  | { kind: "system"; label: string };

export const CLI_ACTOR: Actor = { kind: "system", label: "cli" };
