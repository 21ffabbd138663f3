/** The signed-in staff member as an Actor, for pages and server actions. */
import "server-only";
import { redirect } from "next/navigation";
import type { Actor } from "../actor";
import { auth } from "./index";
import { actorForUser } from "./users";

export async function getActor(): Promise<Actor | null> {
  const session = await auth();
  const user = session?.user;
  if (!user?.id || !user.role) return null;
  return actorForUser({ id: user.id, email: user.email, role: user.role });
}

/**
 * The address of the runner signed in by email link (docs/decisions/004), or null. A runner session carries no
 * staff user, so getActor() above returns null for it.
 */
export async function getRunnerEmail(): Promise<string | null> {
  const session = await auth();
  return session?.runner?.email ?? null;
}

/** Only same-site admin paths may be a post-sign-in destination (no open redirect). */
export function safeAdminPath(value: unknown, fallback = "/admin"): string {
  if (typeof value !== "string") return fallback;
  if (!/^\/admin(?:[/?#]|$)/.test(value) || value.startsWith("//") || value.includes("\\")) return fallback;
  if (value.startsWith("/admin/sign-in")) return fallback;
  return value;
}

/**
 * The signed-in staff member, or a redirect to the sign-in page that comes back to `returnTo`.
 * Pages and server actions both call it: an action is a public endpoint and checks on its own.
 */
export async function requireStaff(returnTo = "/admin"): Promise<Actor> {
  const actor = await getActor();
  if (!actor) redirect(`/admin/sign-in?callbackUrl=${encodeURIComponent(safeAdminPath(returnTo))}`);
  return actor;
}
