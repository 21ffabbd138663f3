// server-only is a build-time guard for the Next.js bundler; tests and the CLI import server code directly.
export {};
