import { describe, expect, it } from "vitest";
import { matchPeople, mentionTrigger } from "./mention-trigger";

const at = (text: string) => mentionTrigger(text, text.length);

describe("mentionTrigger", () => {
  it("opens on an @ at the start, after a space or a bracket", () => {
    expect(at("@")).toEqual({ start: 0, query: "" });
    expect(at("Thanks @Ad")).toEqual({ start: 7, query: "Ad" });
    expect(at("(cc @ada")).toEqual({ start: 4, query: "ada" });
    expect(at("ask @Ada Love")).toEqual({ start: 4, query: "Ada Love" });
  });

  it("stays closed inside an email address, a finished mention, or after a new line or a gap", () => {
    expect(at("ada@example.com")).toBeNull();
    expect(at("@[Ada](user:abc) ")).toBeNull();
    expect(at("@ada\nnext")).toBeNull();
    expect(at("@ ada")).toBeNull();
    expect(at("@ada  so")).toBeNull();
    expect(at("no mention here")).toBeNull();
  });

  it("reads only up to the caret", () => {
    expect(mentionTrigger("hi @Ad and more", 6)).toEqual({ start: 3, query: "Ad" });
  });
});

describe("matchPeople", () => {
  const people = [
    { id: "1", name: "Bob Baker", email: "bob@example.com" },
    { id: "2", name: "Ada Lovelace", email: "ada@example.com" },
    { id: "3", name: null, email: "grace@navy.example" },
    { id: "4", name: "Linus Adams", email: "linus@example.com" },
  ];

  it("matches names first, then words of names, then email", () => {
    expect(matchPeople(people, "ada").map((p) => p.id)).toEqual(["2", "4"]);
    expect(matchPeople(people, "Love").map((p) => p.id)).toEqual(["2"]);
    expect(matchPeople(people, "navy").map((p) => p.id)).toEqual(["3"]);
    expect(matchPeople(people, "").map((p) => p.id)).toEqual(["2", "1", "3", "4"]);
    expect(matchPeople(people, "zzz")).toEqual([]);
  });
});
