/** The private links of an order: its manage page and the simulated checkout (token in the query string). */
export function orderPath(locale: string, code: string, token: string, extra: Record<string, string> = {}): string {
  const query = new URLSearchParams({ token, ...extra });
  return `/${locale}/orders/${encodeURIComponent(code)}?${query.toString()}`;
}

export function checkoutPath(locale: string, code: string, token: string): string {
  return `/${locale}/checkout/${encodeURIComponent(code)}?${new URLSearchParams({ token }).toString()}`;
}

/** A single query value (Next gives arrays for repeated keys). */
export function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
