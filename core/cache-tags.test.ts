import { describe, expect, it } from "vitest";
import { eventTag, pageTags, raceTag } from "./cache-tags";

describe("cache tags", () => {
  it("name an event and a race of it", () => {
    expect(eventTag("spring-10k")).toBe("event:spring-10k");
    expect(raceTag("spring-10k", "half")).toBe("race:spring-10k/half");
  });

  it("tag a page by the slugs of its address, and nothing that cannot be a slug", () => {
    expect(pageTags("spring-10k")).toEqual(["event:spring-10k"]);
    expect(pageTags("spring-10k", "half")).toEqual(["event:spring-10k", "race:spring-10k/half"]);
    expect(pageTags("spring-10k", "Half Marathon")).toEqual(["event:spring-10k"]);
    expect(pageTags("a")).toEqual([]);
    expect(pageTags("spring%0010k", "half")).toEqual([]);
    expect(pageTags("x".repeat(61))).toEqual([]);
  });
});
