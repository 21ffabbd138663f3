import { describe, expect, it } from "vitest";
import { canonicalJson, isValidIdempotencyKey, requestIdentity } from "./idempotency";

describe("Idempotency-Key format", () => {
  it("takes 1 to 255 printable ASCII characters", () => {
    for (const key of ["a", "0f8fad5b-d9cb-469f-a165-70867728950e", "x".repeat(255), "order 42 / retry~!", " "]) {
      expect(isValidIdempotencyKey(key)).toBe(true);
    }
  });

  it("refuses an empty key, one too long, control characters and anything beyond ASCII", () => {
    for (const key of ["", "x".repeat(256), "tab\there", "line\nbreak", "del\x7f", "键", "café"]) {
      expect(isValidIdempotencyKey(key)).toBe(false);
    }
  });
});

describe("canonical JSON", () => {
  it("gives one text for bodies that differ only in key order and spacing", () => {
    const a = JSON.parse('{"email":"a@example.com","participants":[{"race":"half","gender":"F"}],"acceptTerms":true}');
    const b = JSON.parse('{ "acceptTerms": true, "participants": [ { "gender": "F", "race": "half" } ], "email": "a@example.com" }');
    expect(canonicalJson(a)).toBe(canonicalJson(b));
    expect(canonicalJson(a)).toBe('{"acceptTerms":true,"email":"a@example.com","participants":[{"gender":"F","race":"half"}]}');
  });

  it("tells apart bodies that differ in a value, in array order, in type or in a missing key", () => {
    const base = { amountCents: 100, ids: ["a", "b"] };
    const texts = [base, { amountCents: 101, ids: ["a", "b"] }, { amountCents: 100, ids: ["b", "a"] }, { amountCents: "100", ids: ["a", "b"] }, { ids: ["a", "b"] }, { amountCents: 100, ids: ["a", "b"], extra: null }].map(
      canonicalJson,
    );
    expect(new Set(texts).size).toBe(texts.length);
  });

  it("escapes keys and strings as JSON does, and leaves out undefined members", () => {
    expect(canonicalJson({ 'a"b': "x\ny", u: undefined, n: null, z: [undefined, 1.5] })).toBe('{"a\\"b":"x\\ny","n":null,"z":[null,1.5]}');
    expect(canonicalJson(undefined)).toBe("null");
  });
});

describe("request identity", () => {
  it("joins method, path and body; another path or method is another request", () => {
    const body = { desk: "Desk 1", bib: "12" };
    const one = requestIdentity("post", "/api/v1/events/a/pickups", body);
    expect(one).toBe(requestIdentity("POST", "/api/v1/events/a/pickups", { bib: "12", desk: "Desk 1" }));
    expect(one).not.toBe(requestIdentity("POST", "/api/v1/events/b/pickups", body));
    expect(one).not.toBe(requestIdentity("PUT", "/api/v1/events/a/pickups", body));
  });
});
