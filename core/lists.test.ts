import { describe, expect, it } from "vitest";
import { first, last, lookup, MissingElementError, nth, oneEach, only, present } from "./lists";

describe("lists", () => {
  it("reads the element that is there, undefined elements included", () => {
    expect(first(["a", "b"])).toBe("a");
    expect(last(["a", "b"])).toBe("b");
    expect(nth(["a", "b", "c"], 1)).toBe("b");
    expect(only([7])).toBe(7);
    expect(first([undefined, 1])).toBeUndefined();
  });

  it("throws a named error, naming what was missing, when the element is not there", () => {
    expect(() => first([], "order")).toThrow(MissingElementError);
    expect(() => first([], "order")).toThrow("Expected order at index 0, but the list holds 0.");
    expect(() => last([])).toThrow(MissingElementError);
    expect(() => nth(["a"], 1)).toThrow("Expected element at index 1, but the list holds 1.");
    expect(() => nth(["a"], -1)).toThrow(MissingElementError); // what indexOf answers when it finds nothing
    expect(() => nth(["a"], 0.5)).toThrow(MissingElementError);
  });

  it("only accepts a list of exactly one", () => {
    expect(() => only([])).toThrow("Expected exactly one element, but the list holds 0.");
    expect(() => only([1, 2], "race")).toThrow("Expected exactly one race, but the list holds 2.");
    expect(() => only([1, 2])).toThrow(MissingElementError);
  });

  it("looks a key up that the map holds, undefined values included, and throws for one it does not", () => {
    const map = new Map<string, number | undefined>([["a", 1], ["b", undefined]]);
    expect(lookup(map, "a")).toBe(1);
    expect(lookup(map, "b")).toBeUndefined();
    expect(() => lookup(map, "c", "race")).toThrow("Expected race for c, but there is none.");
  });

  it("passes a present value through, and throws for null or undefined", () => {
    expect(present(0)).toBe(0);
    expect(present("")).toBe("");
    expect(() => present(null, "event")).toThrow("Expected event, but there is none.");
    expect(() => present(undefined)).toThrow(MissingElementError);
  });

  it("pairs one value with each element, or throws when the counts differ", () => {
    const [a, b] = oneEach(["x", "y"] as const, [1, 2]);
    expect(a + b).toBe(3);
    expect(() => oneEach(["x", "y"], [1], "id")).toThrow("Expected one id for each of 2, but got 1.");
    expect(() => oneEach([], [1])).toThrow(MissingElementError);
  });
});
