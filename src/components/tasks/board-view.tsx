"use client";

import { useCallback, useMemo, useRef, useState, type ComponentType } from "react";
import { toast } from "sonner";
import type { TaskStatus } from "~/generated/prisma/enums";
import { useLiveProject } from "~/components/live/use-live-project";
import { useWorkspace } from "~/components/shell/workspace-context";
import { Button } from "~/components/ui/button";
import { describeError, errorCode } from "~/lib/errors";
import { STATUSES } from "~/lib/task-meta";
import { api } from "~/trpc/react";
import type { Columns } from "./board-drop";
import { BoardPickerContext, type Card } from "./board/card-view";
import { Column, type ColumnData } from "./board/column";
import { boardColumnInput } from "./board/columns";
import type { DndBoardProps, PendingPress } from "./board/dnd-board";
import { PlainCard } from "./board/plain-card";
import type { PickerKind } from "./list/keys";
import { ProjectHeader } from "./project-header";

function useColumn(projectId: string, status: TaskStatus) {
  return api.task.list.useInfiniteQuery(boardColumnInput(projectId, status), {
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

const PICK_KEYS = ["Space", "Enter"];
const DRAG_KEYS = [...PICK_KEYS, "Escape", "ArrowUp", "ArrowDown", "ArrowLeft", "ArrowRight"];

const loadDndBoard = () => import("./board/dnd-board").then((m) => m.DndBoard);

export function BoardView({ project }: { project: { id: string; key: string; name: string } }) {
  const { workspace, canEdit } = useWorkspace();
  const utils = api.useUtils();
  // One query per column, so each column pages on its own.
  const queries = {
    BACKLOG: useColumn(project.id, "BACKLOG"),
    TODO: useColumn(project.id, "TODO"),
    IN_PROGRESS: useColumn(project.id, "IN_PROGRESS"),
    IN_REVIEW: useColumn(project.id, "IN_REVIEW"),
    DONE: useColumn(project.id, "DONE"),
    CANCELLED: useColumn(project.id, "CANCELLED"),
  } satisfies Record<TaskStatus, unknown>;

  const cards = new Map<string, Card>();
  const serverColumns = {} as Columns;
  for (const s of STATUSES) {
    const items = queries[s.value].data?.pages.flatMap((p) => p.items) ?? [];
    for (const t of items) cards.set(t.id, t);
    serverColumns[s.value] = items.map((t) => t.id);
  }

  // While a drag is in flight or a move awaits the server, the board shows this optimistic layout.
  const [optimistic, setOptimistic] = useState<Columns | null>(null);
  const [dragging, setDragging] = useState<string | null>(null);
  const columns = optimistic ?? serverColumns;
  // Other people's changes wait for the drop, so a refetch never pulls the card from under the pointer.
  const live = useLiveProject(project.id, "board", { paused: dragging !== null });

  const move = api.task.move.useMutation({
    onError: (error) => {
      setOptimistic(null);
      toast.error(
        errorCode(error) === "CONFLICT"
          ? "Someone else changed that task; the board now shows the latest."
          : `Could not move the task: ${describeError(error)}`,
      );
    },
    onSettled: async () => {
      await utils.task.list.invalidate({ projectId: project.id });
      setOptimistic(null);
    },
  });

  // Drag and drop (dnd-kit) is not part of the page's first load: it loads when a pointer comes over
  // the board or a card's handle gets focus, and a press made before it arrives is passed on to it.
  const [DndBoard, setDndBoard] = useState<ComponentType<DndBoardProps> | null>(null);
  const [pending, setPending] = useState<PendingPress | null>(null);
  const [openPicker, setOpenPicker] = useState<{ id: string; kind: PickerKind } | null>(null);
  const pickerContext = useMemo(() => [openPicker, setOpenPicker] as const, [openPicker]);
  const requested = useRef(false);
  const loadDnd = useCallback(() => {
    if (requested.current || !canEdit) return;
    requested.current = true;
    loadDndBoard().then(
      (component) => setDndBoard(() => component),
      () => {
        // Offline or a new deployment: the next reach for a card tries again.
        requested.current = false;
      },
    );
  }, [canEdit]);
  const onPendingDone = useCallback(() => setPending(null), []);

  const loading = Object.values(queries).some((q) => q.isPending);
  const failed = Object.values(queries).find((q) => q.isError);

  const columnData: ColumnData[] = STATUSES.map((status) => {
    const query = queries[status.value];
    return {
      status: status.value,
      label: status.label,
      dot: status.dot,
      ids: columns[status.value],
      cards,
      loading: query.isPending,
      hasMore: !!query.hasNextPage,
      fetchingMore: query.isFetchingNextPage,
      onMore: () => void query.fetchNextPage(),
      canEdit,
      slug: workspace.slug,
      pinnedId: dragging,
    };
  });

  const handleOf = (target: EventTarget) =>
    target instanceof Element ? target.closest<HTMLElement>("[data-drag-handle]") : null;

  return (
    <div className="px-4 py-4 md:px-8">
      <ProjectHeader project={project} view="board" live={live} />
      {failed ? (
        <div role="alert" className="mb-3 rounded-md border border-rose-300 p-3 text-sm dark:border-rose-800">
          Could not load the board: {describeError(failed.error)}{" "}
          <Button onClick={() => void utils.task.list.invalidate({ projectId: project.id })}>Try again</Button>
        </div>
      ) : null}
      <BoardPickerContext.Provider value={pickerContext}>
        <div
          className="-mx-4 flex snap-x snap-mandatory scroll-px-4 gap-3 overflow-x-auto px-4 pb-4 sm:mx-0 sm:snap-none sm:px-0"
          aria-busy={loading}
          {...(DndBoard
            ? {}
            : {
                onPointerOver: loadDnd,
                onPointerDown: (e: React.PointerEvent) => {
                  loadDnd();
                  const card = e.target instanceof Element ? e.target.closest("[data-testid=board-card]") : null;
                  if (!card || !e.isPrimary || e.button !== 0) return;
                  setPending({
                    kind: "pointer",
                    x: e.clientX,
                    y: e.clientY,
                    pointerId: e.pointerId,
                    pointerType: e.pointerType,
                    released: false,
                  });
                },
                onPointerUp: () => setPending((p) => (p?.kind === "pointer" ? { ...p, released: true } : p)),
                onPointerCancel: () => setPending((p) => (p?.kind === "pointer" ? { ...p, released: true } : p)),
                onFocus: (e: React.FocusEvent) => {
                  const handle = handleOf(e.target);
                  if (!handle) return;
                  loadDnd();
                  // A press on the handle focuses it too: the press is what to pass on.
                  const taskId = handle.dataset.dragHandle!;
                  setPending((p) => (p?.kind === "pointer" ? p : { kind: "focus", taskId }));
                },
                onKeyDown: (e: React.KeyboardEvent) => {
                  const handle = handleOf(e.target);
                  if (!handle) return;
                  const taskId = handle.dataset.dragHandle!;
                  // Space or Enter picks the card up; the keys after it (moves, drop, cancel) wait with it.
                  const picking = pending?.kind === "keys" && pending.taskId === taskId;
                  if (!(picking ? DRAG_KEYS : PICK_KEYS).includes(e.code)) return;
                  e.preventDefault();
                  loadDnd();
                  const key = { code: e.code, key: e.key };
                  setPending((p) =>
                    p?.kind === "keys" && p.taskId === taskId
                      ? { ...p, keys: [...p.keys, key] }
                      : { kind: "keys", taskId, keys: [key] },
                  );
                },
              })}
        >
          {DndBoard ? (
            <DndBoard
              columns={columnData}
              layout={columns}
              serverColumns={serverColumns}
              cards={cards}
              slug={workspace.slug}
              dragging={dragging}
              pending={pending}
              onPendingDone={onPendingDone}
              onDragging={setDragging}
              onLayout={setOptimistic}
              onDrop={(card, drop) => {
                setOptimistic(drop.columns);
                move.mutate({ id: card.id, ...drop.move, version: card.version });
              }}
            />
          ) : (
            columnData.map((column) => <Column key={column.status} {...column} Card={PlainCard} />)
          )}
        </div>
      </BoardPickerContext.Provider>
    </div>
  );
}
