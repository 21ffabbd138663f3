import { describe, expect, it } from "vitest";
import en from "../messages/en/errors.json";
import zh from "../messages/zh/errors.json";
import { issuesToFields, renderMessage } from "./validation";

describe("validation messages", () => {
  it("renders placeholders and keeps the first issue per field", () => {
    expect(renderMessage("must be at least {minimum}", { minimum: 0 })).toBe("must be at least 0");
    const fields = issuesToFields(
      [
        { path: "races.0.capacity", key: "tooSmall", params: { minimum: 0 } },
        { path: "races.0.capacity", key: "wholeNumber" },
      ],
      (k) => {
        const text = (en as Record<string, string | undefined>)[k];
        if (text === undefined) throw new Error(`No English message for ${k}`);
        return text;
      },
    );
    expect(fields).toEqual({ "races.0.capacity": "must be at least 0" });
  });
  it("has every error key in both languages", () => {
    expect(Object.keys(zh).sort()).toEqual(Object.keys(en).sort());
  });
});
