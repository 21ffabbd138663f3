/**
 * Every public page sits in this group, under the locale's root layout, so that its not-found.tsx is a boundary
 * inside the page's HTML: a page's notFound() is answered with the localized 404 rendered on the server (a
 * not-found boundary at the root layout itself is only rendered in the browser).
 */
export default function SiteLayout({ children }: { children: React.ReactNode }) {
  return children;
}
