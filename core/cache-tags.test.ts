import { describe, expect, it } from "vitest";
import { EVENTS_TAG, eventTag, pageTags, raceTag, withListTag } from "./cache-tags";

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

  it("add the events list's tag to an edit of an event or a race, once, and to nothing else", () => {
    expect(withListTag(["event:a-b", "event:a-b"])).toEqual(["event:a-b", EVENTS_TAG]);
    expect(withListTag(["race:a-b/half"])).toEqual(["race:a-b/half", "events"]);
    expect(withListTag(["event:a-b", EVENTS_TAG])).toEqual(["event:a-b", EVENTS_TAG]);
    expect(withListTag([])).toEqual([]);
    expect(withListTag(["other"])).toEqual(["other"]);
  });
});
