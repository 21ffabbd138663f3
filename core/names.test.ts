import { describe, expect, it } from "vitest";
import { displayName, isCjkName, nameWithLatin, nativeName } from "./names";

describe("nativeName", () => {
  it("writes a Chinese name family name first, with no space", () => {
    expect(nativeName({ familyName: "张", givenName: "伟" })).toBe("张伟");
    expect(nativeName({ familyName: "欧阳", givenName: "小溪" })).toBe("欧阳小溪");
    // A rare character outside the Basic Multilingual Plane is Han too.
    expect(nativeName({ familyName: "𠮷", givenName: "野" })).toBe("𠮷野");
  });

  it("writes a Western name given name first, with a space (not 'MüllerAnna')", () => {
    expect(nativeName({ familyName: "Müller", givenName: "Anna" })).toBe("Anna Müller");
    expect(nativeName({ familyName: " Smith ", givenName: "John " })).toBe("John Smith");
  });

  it("leaves out a missing part without a stray space", () => {
    expect(nativeName({ familyName: "Madonna", givenName: "" })).toBe("Madonna");
    expect(nativeName({ familyName: "", givenName: "Sting" })).toBe("Sting");
  });

  it("keeps Japanese and Korean names in their order, like Chinese", () => {
    expect(nativeName({ familyName: "やまだ", givenName: "たろう" })).toBe("やまだたろう");
    expect(nativeName({ familyName: "김", givenName: "민준" })).toBe("김민준");
    expect(isCjkName({ familyName: "김", givenName: "민준" })).toBe(true);
    expect(isCjkName({ familyName: "Müller", givenName: "Anna" })).toBe(false);
  });
});

describe("displayName", () => {
  it("shows the Latin name on English pages when there is one", () => {
    expect(displayName({ familyName: "陈", givenName: "静", latinName: "Chen Jing" }, "en")).toBe("Chen Jing");
    expect(displayName({ familyName: "陈", givenName: "静", latinName: "Chen Jing" }, "zh")).toBe("陈静");
    expect(displayName({ familyName: "陈", givenName: "静", latinName: null }, "en")).toBe("陈静");
    expect(displayName({ familyName: "陈", givenName: "静", latinName: "  " }, "en")).toBe("陈静");
  });

  it("shows a Western name given name first on Chinese pages too", () => {
    expect(displayName({ familyName: "Müller", givenName: "Anna", latinName: null }, "zh")).toBe("Anna Müller");
  });
});

describe("nameWithLatin", () => {
  it("adds the Latin name in brackets when it differs", () => {
    expect(nameWithLatin({ familyName: "陈", givenName: "静", latinName: "Chen Jing" })).toBe("陈静 (Chen Jing)");
    expect(nameWithLatin({ familyName: "Müller", givenName: "Anna", latinName: "Anna Müller" })).toBe("Anna Müller");
    expect(nameWithLatin({ familyName: "陈", givenName: "静", latinName: null })).toBe("陈静");
  });
});
