/** How often a shown event page asks for its places left (components/public/live-event.tsx; e2e/public-cache.spec.ts). */
export const LIVE_EVENT_REFRESH_MS = 5000;
