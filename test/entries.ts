/**
 * Test data for the export tests (server/exports/*.test.ts): an event with two races and waves, staff of every
 * role with API tokens, entries registered and paid through the real services, and bulk entries written straight
 * into the tables for the at-scale cases. Bibs and waves are set directly (bib assignment is tested elsewhere).
 */
import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { getConnection, withTransaction } from "../server/db";
import { makeStaff, resetDatabase } from "./db";
import { eventInput, raceInput, registrationBody } from "./factories";
import { CLI_ACTOR, type Actor } from "../server/actor";
import { createApiToken } from "../server/auth/tokens";
import { createEvent } from "../server/events/manage-events";
import { confirmPayment } from "../server/payments/confirm-payment";
import { resetSeatCounters } from "../server/registration/holds";
import { registerEntries } from "../server/registration/register";
import { TEST_NOW } from "./clock";
import { first, oneEach, present } from "../core/lists";

export const EVENT = "test-half-2027";
/** Registration is open at this instant for eventInput()'s dates; race day is 2027-04-18 in Asia/Shanghai. */
export const NOW = TEST_NOW;

export interface Staff {
  organizer: Actor;
  otherOrganizer: Actor;
  volunteer: Actor;
  admin: Actor;
  tokens: Record<"organizer" | "otherOrganizer" | "volunteer" | "admin", string>;
  eventId: string;
}

/** A fresh database with the event (half: waves A and B; fun-run: wave A), another event, and staff with tokens. */
export async function setupExportEvent(): Promise<Staff> {
  await resetDatabase();
  const organizer = await makeStaff("organizer");
  await createEvent(
    organizer,
    eventInput({
      races: [
        raceInput({ capacity: 20_000, bibRanges: [], waves: [{ name: "A", startTime: "2027-04-18T07:30" }, { name: "B", startTime: "2027-04-18T07:45" }] }),
        raceInput({ slug: "fun-run", name: { en: "Fun Run", zh: "欢乐跑" }, distanceMeters: 3500, minAge: 6, maxAge: 80, priceCents: 6000, capacity: 20_000, startTime: "2027-04-18T09:00", bibRanges: [], waves: [{ name: "A", startTime: "2027-04-18T09:00" }] }),
      ],
    }),
  );
  const otherOrganizer = await makeStaff("organizer");
  await createEvent(otherOrganizer, eventInput({ slug: "other-event", races: [raceInput({ bibRanges: [] })] }));
  const { db, schema } = getConnection();
  const event = first(await db.select().from(schema.events).where(eq(schema.events.slug, EVENT)));
  const volunteer = await makeStaff("volunteer", [{ eventId: event.id, role: "volunteer" }]);
  const admin = await makeStaff("admin");
  const actors = { organizer, otherOrganizer, volunteer, admin };
  const tokens = {} as Staff["tokens"];
  for (const [role, actor] of Object.entries(actors)) {
    const user = first(await db.select().from(schema.users).where(eq(schema.users.id, (actor as { userId: string }).userId)));
    tokens[role as keyof Staff["tokens"]] = (await createApiToken(CLI_ACTOR, { email: user.email })).token;
  }
  return { ...actors, tokens, eventId: event.id };
}

/** Registers participants in one order; `pay` confirms it through confirmPayment (as a provider's webhook does). */
export async function registerOrder<P extends readonly unknown[]>(participants: readonly [...P], options: { pay?: boolean } = {}): Promise<{ -readonly [K in keyof P]: string }> {
  const result = await registerEntries(EVENT, registrationBody([...participants]), { clientIp: "203.0.113.9", now: NOW }).catch((error: unknown) => {
    throw new Error(`registration refused: ${JSON.stringify((error as { issues?: unknown }).issues ?? String(error))}`);
  });
  if (options.pay ?? true) {
    const { db, schema } = getConnection();
    const order = first(await db.select().from(schema.orders).where(eq(schema.orders.code, result.order.code)));
    await confirmPayment({ orderId: order.id, provider: "simulated", providerPaymentId: `sim_${order.id}`, amountCents: order.totalCents, currency: "CNY", now: NOW });
  }
  return oneEach(participants, result.registrations.map((r) => r.id), "entry");
}

/** Sets an entry's bib and wave (by the wave's name within the entry's race) straight in the table. */
export async function setBibAndWave(registrationId: string, bib: string | null, wave: string | null = null): Promise<void> {
  const { db, schema } = getConnection();
  const reg = first(await db.select({ raceId: schema.registrations.raceId }).from(schema.registrations).where(eq(schema.registrations.id, registrationId)));
  let waveId: string | null = null;
  if (wave) {
    const row = first(await db.select({ id: schema.waves.id }).from(schema.waves).where(and(eq(schema.waves.raceId, reg.raceId), eq(schema.waves.name, wave))));
    waveId = row.id;
  }
  await withTransaction((tx) => tx.update(schema.registrations).set({ bib, waveId }).where(eq(schema.registrations.id, registrationId)));
}

/** Changes an entry straight in the table (what registration would refuse, e.g. no Latin name). */
export async function updateEntry(registrationId: string, values: Partial<ReturnType<typeof getConnection>["schema"]["registrations"]["$inferInsert"]>): Promise<void> {
  const { schema } = getConnection();
  await withTransaction((tx) => tx.update(schema.registrations).set(values).where(eq(schema.registrations.id, registrationId)));
}

export async function setStatus(registrationId: string, status: "cancelled" | "refunded"): Promise<void> {
  const { schema } = getConnection();
  await withTransaction(async (tx) => {
    const entry = first(await tx
      .update(schema.registrations)
      .set({ status, liveIdKey: null, cancelledAt: NOW })
      .where(eq(schema.registrations.id, registrationId))
      .returning({ raceId: schema.registrations.raceId }));
    // Straight in the table: the race's seat counter follows by a recount.
    await resetSeatCounters(tx, [entry.raceId]);
  });
}

const FAMILY = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤";
const GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂华玉萍红娥玲芬燕彩春菊凤洁梅琳素云莲真环雪荣爱妹香月莺媛瑞凡佳嘉琼勤珍贞莉娣叶璧璐娅琦晶妍茜秋珊莎锦黛青倩婷姣婉娴瑾颖露瑶怡婵雁蓓纨仪荷丹蓉眉君琴蕊薇菁梦岚苑婕馨瑗琰韵融园艺咏卿聪澜纯毓悦昭冰爽琬茗羽希宁欣飘育滢馥筠柔竹霭凝晓欢霄枫芸菲寒伊亚宜可姬舒影荔枝思";

/**
 * `n` confirmed entries written straight into the tables: three in four in the half (bibs from 30001, waves A/B),
 * one in four in the fun run (bibs from 50001, wave A), Chinese names from common characters, Latin names
 * "Runner <i>". Returns nothing: the exports read them back.
 */
export async function bulkConfirmedEntries(eventId: string, n: number): Promise<void> {
  const { db, schema } = getConnection();
  const races = await db.select().from(schema.races).where(eq(schema.races.eventId, eventId));
  const half = present(races.find((r) => r.slug === "half"));
  const fun = present(races.find((r) => r.slug === "fun-run"));
  const waves = await db.select().from(schema.waves);
  const wave = (raceId: string, name: string) => present(waves.find((w) => w.raceId === raceId && w.name === name)).id;
  for (let start = 0; start < n; start += 500) {
    const orders: (typeof schema.orders.$inferInsert)[] = [];
    const regs: (typeof schema.registrations.$inferInsert)[] = [];
    for (let i = start; i < Math.min(n, start + 500); i++) {
      const orderId = randomUUID();
      const at = new Date(NOW.getTime() - (n - i) * 1000);
      const inFun = i % 4 === 3;
      orders.push({
        id: orderId,
        code: `FL-B${String(i).padStart(7, "0")}`,
        eventId,
        email: `bulk${i}@example.com`,
        locale: "zh",
        status: "paid",
        totalCents: 12000,
        currency: "CNY",
        discountCents: 0,
        provider: "simulated",
        expiresAt: new Date(NOW.getTime() + 3600_000),
        createdAt: at,
        updatedAt: at,
      });
      const idNumber = `B${String(i).padStart(8, "0")}`;
      regs.push({
        id: randomUUID(),
        orderId,
        eventId,
        raceId: inFun ? fun.id : half.id,
        status: "confirmed",
        priceCents: 12000,
        discountCents: 0,
        familyName: FAMILY.charAt(i % FAMILY.length),
        givenName: GIVEN.charAt((i * 7) % GIVEN.length) + GIVEN.charAt((i * 13 + 5) % GIVEN.length),
        latinName: `Runner ${i}`,
        gender: i % 2 ? "F" : "M",
        birthDate: `19${70 + (i % 30)}-0${1 + (i % 9)}-1${i % 10}`,
        nationality: "CN",
        idType: "passport",
        idNumber,
        liveIdKey: `passport:${idNumber}`,
        phone: "+86 138 0000 0000",
        email: `bulk${i}@example.com`,
        emergencyName: "家人",
        emergencyPhone: "+86 139 0000 0000",
        tshirtSize: "M",
        guardianConsent: false,
        bib: inFun ? String(50001 + i) : String(30001 + i),
        bibLocked: false,
        waveId: inFun ? wave(fun.id, "A") : wave(half.id, i % 2 ? "B" : "A"),
        pickupToken: randomUUID(),
        confirmedAt: at,
        createdAt: at,
        updatedAt: at,
      });
    }
    await withTransaction(async (tx) => {
      await tx.insert(schema.orders).values(orders);
      await tx.insert(schema.registrations).values(regs);
      await resetSeatCounters(tx, [half.id, fun.id]);
    });
  }
}
