"use client";

/**
 * Places left on a cached event page (issue 14; docs/architecture.md "Public pages"): the page's HTML is made at most
 * every few seconds and served from Next's cache, and may have been made before a quiet spell; once in the browser
 * it asks `GET /api/v1/events/{event}` (an answer at most 2 s old, with an ETag the browser revalidates) at once and
 * every LIVE_EVENT_REFRESH_MS while it is shown, and shows each race's places left, its sold-out mark and its links to
 * register from that answer. When the registration's state has changed since the page was made (it opened or
 * closed), the page is fetched again.
 */
import { createContext, useContext, useEffect, useState, type ReactNode } from "react";
import { useTranslations } from "next-intl";
import { Link, useRouter } from "../../i18n/navigation";
import { LIVE_EVENT_REFRESH_MS } from "./live-event-period";


interface LivePlaces {
  /** Per race slug: places left and capacity as the API answered. */
  races: Map<string, { left: number; capacity: number }>;
}

const LiveEventContext = createContext<LivePlaces | null>(null);

interface EventAnswer {
  event: { registrationState: string; races: { slug: string; placesLeft: number; capacity: number }[] };
}

/** Wraps the part of an event page that shows places: keeps them fresh while the page is shown. */
export function LiveEvent({ slug, registrationState, children }: { slug: string; registrationState: string; children: ReactNode }) {
  const [live, setLive] = useState<LivePlaces | null>(null);
  const router = useRouter();
  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const load = async () => {
      clearTimeout(timer);
      if (document.visibilityState === "visible") {
        try {
          const res = await fetch(`/api/v1/events/${encodeURIComponent(slug)}`, { headers: { accept: "application/json" } });
          if (res.ok && !stopped) {
            const { event } = (await res.json()) as EventAnswer;
            setLive({ races: new Map(event.races.map((r) => [r.slug, { left: r.placesLeft, capacity: r.capacity }])) });
            if (event.registrationState !== registrationState) router.refresh();
          }
        } catch {
          // Offline for a moment: what is shown stays until the next try.
        }
      }
      if (!stopped) timer = setTimeout(() => void load(), LIVE_EVENT_REFRESH_MS);
    };
    void load();
    const onShown = () => {
      if (document.visibilityState === "visible") void load();
    };
    document.addEventListener("visibilitychange", onShown);
    return () => {
      stopped = true;
      clearTimeout(timer);
      document.removeEventListener("visibilitychange", onShown);
    };
  }, [slug, registrationState, router]);
  return <LiveEventContext.Provider value={live}>{children}</LiveEventContext.Provider>;
}

function usePlaces(race: string, left: number, capacity: number): { left: number; capacity: number } {
  return useContext(LiveEventContext)?.races.get(race) ?? { left, capacity };
}

/** "12 of 100" and, at none left, the sold-out mark: as rendered, then as the API answers. */
export function LivePlacesLeft({ race, left, capacity }: { race: string; left: number; capacity: number }) {
  const t = useTranslations("public.race");
  const places = usePlaces(race, left, capacity);
  return (
    <>
      {t("placesValue", { left: places.left, capacity: places.capacity })}
      {places.left === 0 && (
        <>
          {" "}
          <span className="pub-badge pub-badge-closed">{t("soldOut")}</span>
        </>
      )}
    </>
  );
}

/**
 * A paragraph with a link to register, shown while one of `races` (those on sale while registration is open, with the
 * places the page was made with) has a place left.
 */
export function LiveRegisterLink({
  races,
  href,
  className,
  linkClassName,
  children,
}: {
  races: { slug: string; left: number }[];
  href: string;
  className: string;
  linkClassName: string;
  children: ReactNode;
}) {
  const live = useContext(LiveEventContext);
  const open = races.some((r) => (live?.races.get(r.slug)?.left ?? r.left) > 0);
  if (!open) return null;
  return (
    <p className={className}>
      <Link href={href} className={linkClassName}>
        {children}
      </Link>
    </p>
  );
}
