import { describe, expect, it } from "vitest";
import { parseRegistrationInput } from "../../../core/registration-input";
import { fieldForIssue, formValues, parseFinishTime, participantIndexes, registrationBodyFromForm } from "./form-body";
import { first, nth } from "../../../core/lists";

/** What the browser sends for an adult in the half and a child in the fun run (the form's input names). */
function familyForm(): Record<string, string> {
  return {
    locale: "zh",
    email: " Parent@Example.com ",
    "participants.0.race": "half",
    "participants.0.familyName": "张",
    "participants.0.givenName": "伟",
    "participants.0.latinName": "",
    "participants.0.gender": "M",
    "participants.0.birthDate": "1985-06-15",
    "participants.0.nationality": "CN",
    "participants.0.idType": "cn_resident_id",
    "participants.0.idNumber": "110105198506150012",
    "participants.0.phone": "+86 138 0013 8000",
    "participants.0.emergencyContact.name": "李娜",
    "participants.0.emergencyContact.phone": "+86 139 0000 0000",
    "participants.0.tshirtSize": "L",
    "participants.0.predictedFinish": "1:55",
    "participants.1.race": "fun-run",
    "participants.1.familyName": "张",
    "participants.1.givenName": "小雨",
    "participants.1.latinName": "",
    "participants.1.gender": "F",
    "participants.1.birthDate": "2016-09-01",
    "participants.1.nationality": "CN",
    "participants.1.idType": "cn_resident_id",
    "participants.1.idNumber": "110105201609010026",
    "participants.1.phone": "+86 138 0013 8000",
    "participants.1.emergencyContact.name": "李娜",
    "participants.1.emergencyContact.phone": "+86 139 0000 0000",
    "participants.1.tshirtSize": "",
    "participants.1.guardian.name": "张伟",
    "participants.1.guardian.phone": "+86 138 0013 8000",
    "participants.1.guardian.idNumber": "110105198506150012",
    "participants.1.guardian.consent": "on",
    discountCode: "",
    acceptTerms: "on",
  };
}

describe("registration form → API body", () => {
  it("builds the body the domain's schema accepts, with types converted and empty optionals left out", () => {
    const { body, issues, blocks } = registrationBodyFromForm(familyForm(), "zh");
    expect(issues).toEqual([]);
    expect(blocks).toEqual([0, 1]);
    expect(body.participants[0]).toMatchObject({ race: "half", predictedFinishSeconds: 6900, latinName: undefined, guardian: undefined, tshirtSize: "L" });
    expect(body.participants[1]).toMatchObject({
      race: "fun-run",
      tshirtSize: undefined,
      predictedFinishSeconds: undefined,
      guardian: { name: "张伟", phone: "+86 138 0013 8000", idNumber: "110105198506150012", consent: true },
    });
    const parsed = parseRegistrationInput(body);
    expect(parsed.ok).toBe(true);
    expect(parsed.ok && parsed.value.email).toBe("parent@example.com");
    expect(parsed.ok && parsed.value.acceptTerms).toBe(true);
  });

  it("sends an unticked waiver and guardian consent as false, and empty required fields as missing", () => {
    const values = familyForm();
    delete values.acceptTerms;
    delete values["participants.1.guardian.consent"];
    values["participants.0.familyName"] = "  ";
    const { body } = registrationBodyFromForm(values, "en");
    expect(body.acceptTerms).toBe(false);
    expect(body.locale).toBe("en");
    expect(nth(body.participants, 1).guardian?.consent).toBe(false);
    expect(first(body.participants).familyName).toBeUndefined();
    const parsed = parseRegistrationInput(body);
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.issues).toContainEqual({ path: "participants.0.familyName", key: "required" });
  });

  it("reports a finish time it cannot read on the form's input, not on the body's field", () => {
    const values = { ...familyForm(), "participants.0.predictedFinish": "fast" };
    const { body, issues } = registrationBodyFromForm(values, "zh");
    expect(issues).toEqual([{ path: "participants.0.predictedFinish", key: "finishTimeFormat" }]);
    expect(first(body.participants).predictedFinishSeconds).toBeUndefined();
  });

  it("numbers participants in form order even when the form skips a block number", () => {
    const values = Object.fromEntries(Object.entries(familyForm()).map(([k, v]) => [k.replace("participants.1.", "participants.3."), v]));
    const { body, blocks } = registrationBodyFromForm(values, "zh");
    expect(blocks).toEqual([0, 3]);
    expect(body.participants.map((p) => p.race)).toEqual(["half", "fun-run"]);
    expect(fieldForIssue("participants.1.birthDate", blocks)).toBe("participants.3.birthDate");
  });
});

describe("finish times", () => {
  it.each([
    ["1:55", 6900],
    ["1：55", 6900],
    ["01:55:30", 6930],
    ["1h55", 6900],
    ["1h55m", 6900],
    ["2时05分", 7500],
    [" 0:45 ", 2700],
  ])("reads %s as %i seconds", (text, seconds) => {
    expect(parseFinishTime(text)).toBe(seconds);
  });

  it.each(["155", "1:60", "1:5:70", "fast", "1:", ":55", "1:2:3:4"])("refuses %s", (text) => {
    expect(parseFinishTime(text)).toBeNull();
  });

  it("treats an empty field as not given", () => {
    expect(parseFinishTime("  ")).toBeUndefined();
  });
});

describe("where an issue is shown", () => {
  const blocks = [0, 1];
  it.each([
    ["email", "email"],
    ["acceptTerms", "acceptTerms"],
    ["discountCode", "discountCode"],
    ["participants.1.idNumber", "participants.1.idNumber"],
    ["participants.0.predictedFinishSeconds", "participants.0.predictedFinish"],
    ["participants.1.guardian", "participants.1.guardian"],
    ["participants.1.guardian.consent", "participants.1.guardian.consent"],
    ["participants.0.emergencyContact", "participants.0.emergencyContact.name"],
    ["participants.0.emergencyContact.phone", "participants.0.emergencyContact.phone"],
  ])("%s → %s", (path, field) => {
    expect(fieldForIssue(path, blocks)).toBe(field);
  });

  it.each(["participants", "participants.7.race", "", "locale"])("%s belongs to the order as a whole", (path) => {
    expect(fieldForIssue(path, blocks)).toBeNull();
  });
});

describe("reading FormData", () => {
  it("keeps text fields in order and drops the server action's own fields", () => {
    const data = new FormData();
    data.append("$ACTION_ID_abc", "");
    data.append("email", "a@b.cn");
    data.append("participants.0.race", "half");
    expect(formValues(data)).toEqual({ email: "a@b.cn", "participants.0.race": "half" });
    expect(participantIndexes({ "participants.2.race": "x", "participants.0.race": "y", email: "" })).toEqual([0, 2]);
  });

  it("refuses files and oversized values", () => {
    const withFile = new FormData();
    withFile.append("email", new Blob(["x"]), "x.txt");
    expect(formValues(withFile)).toBeNull();
    const huge = new FormData();
    huge.append("email", "x".repeat(5000));
    expect(formValues(huge)).toBeNull();
  });
});
