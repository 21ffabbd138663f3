/**
 * What may go into a log about a failure: its class, its code and where it happened — never its message. A failed
 * query's message carries its parameters (names, ID numbers, addresses), a mail server's reply the recipient, a
 * provider's error the customer's details.
 */
export function errorKind(error: unknown): string {
  if (!(error instanceof Error)) return "unknown error";
  const code = (error as { code?: unknown }).code ?? (error.cause as { code?: unknown } | undefined)?.code;
  return `${error.name}${typeof code === "string" || typeof code === "number" ? ` (${code})` : ""}`;
}

/** errorKind plus the stack's frames (the "at …" lines), for unexpected errors that someone has to find. */
export function errorTrace(error: unknown): string {
  const frames = error instanceof Error && error.stack ? error.stack.split("\n").filter((line) => /^\s+at /.test(line)) : [];
  return [errorKind(error), ...frames.slice(0, 12)].join("\n");
}
