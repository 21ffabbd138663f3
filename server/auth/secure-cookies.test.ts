/**
 * Session cookies are Secure when the app is served over https (PUBLIC_URL), whatever protocol a request seems to
 * come by: staff sign in through next-auth's server-action signIn (the cookies it sets are recorded with their
 * options), and next-auth's own routes set theirs on responses.
 */
import { NextRequest } from "next/server";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { resetDatabase } from "../../test/db";
import { CLI_ACTOR } from "../actor";
import { resetEnvForTests } from "../env";
import { handlers, signIn } from "./index";
import { createUser } from "./users";
import { present } from "../../core/lists";

/** What Next gives server code behind a TLS-ending proxy that does not say so: plain http. */
const jar = vi.hoisted(() => ({ set: [] as { name: string; options: { secure?: boolean; httpOnly?: boolean } }[] }));
vi.mock("next/headers", () => ({
  headers: async () => new Headers({ host: "race.example.com", "x-forwarded-proto": "http", "x-finishline-peer": "203.0.113.4" }),
  cookies: async () => ({
    get: () => undefined,
    set: (name: string, _value: string, options: { secure?: boolean; httpOnly?: boolean }) => jar.set.push({ name, options }),
  }),
}));

async function staffSignIn() {
  jar.set = [];
  await signIn("credentials", { email: "org@example.com", password: "a-long-password", redirect: false });
  const session = jar.set.find((c) => c.name.endsWith("authjs.session-token"));
  expect(session, JSON.stringify(jar.set)).toBeDefined();
  return present(session);
}

describe(`session cookies on ${process.env.TEST_ENGINE}`, () => {
  beforeEach(async () => {
    await resetDatabase();
    await createUser(CLI_ACTOR, { email: "org@example.com", password: "a-long-password", role: "organizer" });
  });

  it("are Secure, with the __Secure- and __Host- names, when PUBLIC_URL is https", async () => {
    process.env.PUBLIC_URL = "https://race.example.com";
    resetEnvForTests();
    try {
      const session = await staffSignIn();
      expect(session.name).toBe("__Secure-authjs.session-token");
      expect(session.options).toMatchObject({ secure: true, httpOnly: true });
      const csrf = await handlers.GET(new NextRequest("http://127.0.0.1:3000/api/auth/csrf"));
      const setCookie = csrf.headers.getSetCookie();
      expect(setCookie.some((c) => c.startsWith("__Host-authjs.csrf-token=") && /;\s*Secure/i.test(c))).toBe(true);
    } finally {
      delete process.env.PUBLIC_URL;
      resetEnvForTests();
    }
  });

  it("are plain over http (the local default), so a browser sends them back", async () => {
    const session = await staffSignIn();
    expect(session.name).toBe("authjs.session-token");
    expect(session.options.secure).toBeFalsy();
  });
});
