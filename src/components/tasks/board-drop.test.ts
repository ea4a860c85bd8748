import { describe, expect, it } from "vitest";
import { dragOver, dropCard, findColumn, type Columns } from "./board-drop";

const board = (partial: Partial<Columns>): Columns => ({
  BACKLOG: [],
  TODO: [],
  IN_PROGRESS: [],
  IN_REVIEW: [],
  DONE: [],
  CANCELLED: [],
  ...partial,
});

describe("findColumn", () => {
  const columns = board({ TODO: ["a", "b"], DONE: ["c"] });
  it("finds the column holding a card", () => {
    expect(findColumn(columns, "b")).toBe("TODO");
    expect(findColumn(columns, "c")).toBe("DONE");
  });
  it("takes a column id as that column, even when empty", () => {
    expect(findColumn(columns, "IN_REVIEW")).toBe("IN_REVIEW");
  });
  it("answers null for an unknown id", () => {
    expect(findColumn(columns, "zzz")).toBeNull();
  });
});

describe("dragOver", () => {
  it("moves the card into the other column before the card it is over", () => {
    const columns = board({ TODO: ["a", "b"], DONE: ["c", "d"] });
    expect(dragOver(columns, "a", "d")).toEqual(board({ TODO: ["b"], DONE: ["c", "a", "d"] }));
    expect(columns.TODO).toEqual(["a", "b"]);
  });
  it("puts the card at the end when over the column itself", () => {
    expect(dragOver(board({ TODO: ["a"], DONE: ["c"] }), "a", "DONE")).toEqual(board({ DONE: ["c", "a"] }));
  });
  it("changes nothing within one column or over nothing known", () => {
    const columns = board({ TODO: ["a", "b"] });
    expect(dragOver(columns, "a", "b")).toBeNull();
    expect(dragOver(columns, "a", "nowhere")).toBeNull();
  });
});

describe("dropCard", () => {
  it("reorders within a column and names the card above as afterId", () => {
    const server = board({ TODO: ["a", "b", "c"] });
    const drop = dropCard(server, server, { id: "a", status: "TODO" }, "c");
    expect(drop).toEqual({
      columns: board({ TODO: ["b", "c", "a"] }),
      move: { status: "TODO", afterId: "c", beforeId: null },
    });
  });
  it("names the card below as beforeId when the card lands on top", () => {
    const server = board({ TODO: ["a", "b", "c"] });
    const drop = dropCard(server, server, { id: "c", status: "TODO" }, "a");
    expect(drop?.columns.TODO).toEqual(["c", "a", "b"]);
    expect(drop?.move).toEqual({ status: "TODO", afterId: null, beforeId: "a" });
  });
  it("moves to another column as dragged over, with the new status", () => {
    const server = board({ TODO: ["a", "b"], DONE: ["c", "d"] });
    const during = dragOver(server, "a", "d")!;
    // After dragging over, the card is under the pointer itself.
    const drop = dropCard(during, server, { id: "a", status: "TODO" }, "a");
    expect(drop?.columns).toEqual(board({ TODO: ["b"], DONE: ["c", "a", "d"] }));
    expect(drop?.move).toEqual({ status: "DONE", afterId: "c", beforeId: null });
  });
  it("drops onto an empty column with no neighbours", () => {
    const server = board({ TODO: ["a"] });
    const drop = dropCard(server, server, { id: "a", status: "TODO" }, "IN_REVIEW");
    expect(drop).toEqual({
      columns: board({ IN_REVIEW: ["a"] }),
      move: { status: "IN_REVIEW", afterId: null, beforeId: null },
    });
  });
  it("lands at the end when dropped on its column's own area", () => {
    const server = board({ TODO: ["a", "b", "c"] });
    const drop = dropCard(server, server, { id: "a", status: "TODO" }, "TODO");
    expect(drop?.columns.TODO).toEqual(["b", "c", "a"]);
    expect(drop?.move.afterId).toBe("c");
  });
  it("is null when the card ends where the server has it", () => {
    const server = board({ TODO: ["a", "b"] });
    expect(dropCard(server, server, { id: "a", status: "TODO" }, "a")).toBeNull();
  });
  it("is null when dropped over nothing known", () => {
    const server = board({ TODO: ["a"] });
    expect(dropCard(server, server, { id: "a", status: "TODO" }, "nowhere")).toBeNull();
  });
  it("leaves its inputs untouched", () => {
    const server = board({ TODO: ["a", "b", "c"] });
    dropCard(server, server, { id: "a", status: "TODO" }, "c");
    expect(server.TODO).toEqual(["a", "b", "c"]);
  });
});
