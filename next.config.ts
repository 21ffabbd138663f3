import type { NextConfig } from "next";
import createNextIntlPlugin from "next-intl/plugin";
import { UNDECODABLE_REST } from "./core/percent-escapes";
import "./server/env-check";

const withNextIntl = createNextIntlPlugin("./i18n/request.ts");

const nextConfig: NextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // Native and Node-only packages stay outside the server bundle.
  serverExternalPackages: ["better-sqlite3", "pg", "bcryptjs"],
  typedRoutes: false,
  // `npm test` type-checks the whole project as its own stage (tsc --noEmit); the build does not repeat it.
  typescript: { ignoreBuildErrors: true },
  // forbidden() from next/navigation: a refused admin page answers 403 (app/admin/forbidden.tsx).
  // bodySizeLimit: the largest form a server action takes is a registration (at most 400 fields of 2,000 characters:
  // components/public/registration/form-body.ts); results files go to route handlers that read them as streams after
  // the session is checked (server/results/intake.ts), so no action body needs more, and none is buffered beyond it
  // before anyone is known.
  // proxyClientMaxBodySize: a body that passes through proxy.ts (a server action's, for its cross-site check) is held
  // in memory up to this size and cut off beyond it; as large as an action may take.
  experimental: { authInterrupts: true, serverActions: { bodySizeLimit: "4mb" }, proxyClientMaxBodySize: "4mb" },
  // Lets several builds of one checkout coexist (e.g. the e2e server beside a dev server).
  distDir: process.env.NEXT_DIST_DIR || ".next",
  // An address Next.js cannot decode (`/api/health%`, `/en/%`, escapes that are not UTF-8) would be its plain-text
  // 500; it goes to a route that answers 400 instead (docs/decisions/010). The patterns see the address as sent.
  async rewrites() {
    return {
      beforeFiles: [
        { source: `/api/:path(${UNDECODABLE_REST})`, destination: "/api/bad-address" },
        { source: `/:path(${UNDECODABLE_REST})`, destination: "/api/bad-address?page=1" },
      ],
    };
  },
  async headers() {
    return [
      {
        source: "/:path*",
        headers: [
          { key: "X-Content-Type-Options", value: "nosniff" },
          { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
          { key: "X-Frame-Options", value: "DENY" },
          { key: "Permissions-Policy", value: "camera=(self), microphone=(), geolocation=()" },
        ],
      },
    ];
  },
};

export default withNextIntl(nextConfig);
