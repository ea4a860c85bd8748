import { describe, expect, it } from "vitest";
import { DAY, isFiltered, listInput, NO_FILTERS } from "./filters";

const today = Date.UTC(2026, 0, 10);

describe("listInput", () => {
  it("asks for the first page in manual order without filters", () => {
    expect(listInput("p1", NO_FILTERS, today)).toEqual({ projectId: "p1", sort: "position", limit: 50 });
    expect(isFiltered(NO_FILTERS)).toBe(false);
  });

  it("passes each filter under the name the server takes", () => {
    const input = listInput(
      "p1",
      {
        ...NO_FILTERS,
        statuses: ["TODO"],
        assignee: "u1",
        label: "l1",
        priority: "HIGH",
        search: "x",
        sort: "updated",
      },
      today,
    );
    expect(input).toEqual({
      projectId: "p1",
      sort: "updated",
      limit: 50,
      status: ["TODO"],
      assigneeId: "u1",
      labelIds: ["l1"],
      priority: ["HIGH"],
      search: "x",
    });
  });

  it("takes overdue as due before today among open tasks unless statuses are chosen", () => {
    expect(listInput("p1", { ...NO_FILTERS, due: "overdue" }, today)).toMatchObject({
      dueBefore: new Date(today),
      status: ["BACKLOG", "TODO", "IN_PROGRESS", "IN_REVIEW"],
    });
    expect(listInput("p1", { ...NO_FILTERS, due: "overdue", statuses: ["DONE"] }, today).status).toEqual(["DONE"]);
  });

  it("takes the week as today up to eight days on", () => {
    const input = listInput("p1", { ...NO_FILTERS, due: "week" }, today);
    expect(input).toMatchObject({ dueAfter: new Date(today), dueBefore: new Date(today + 8 * DAY) });
  });

  it("counts any filter, but not the sort, as filtering", () => {
    expect(isFiltered({ ...NO_FILTERS, sort: "priority" })).toBe(false);
    expect(isFiltered({ ...NO_FILTERS, due: "week" })).toBe(true);
    expect(isFiltered({ ...NO_FILTERS, search: "a" })).toBe(true);
  });
});
