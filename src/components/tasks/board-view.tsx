"use client";

import {
  closestCorners,
  DndContext,
  DragOverlay,
  KeyboardSensor,
  PointerSensor,
  useDroppable,
  useSensor,
  useSensors,
  type DragEndEvent,
  type DragOverEvent,
  type DragStartEvent,
} from "@dnd-kit/core";
import {
  SortableContext,
  sortableKeyboardCoordinates,
  useSortable,
  verticalListSortingStrategy,
} from "@dnd-kit/sortable";
import { CSS } from "@dnd-kit/utilities";
import { useState } from "react";
import { toast } from "sonner";
import type { TaskStatus } from "~/generated/prisma/enums";
import { useLiveProject } from "~/components/live/use-live-project";
import { useWorkspace } from "~/components/shell/workspace-context";
import { Button } from "~/components/ui/button";
import { describeError, errorCode } from "~/lib/errors";
import { STATUSES, statusLabel } from "~/lib/task-meta";
import { api } from "~/trpc/react";
import { dragOver, dropCard, type Columns } from "./board-drop";
import { ProjectHeader } from "./project-header";

import { CardView, type Card } from "./board/card-view";

function useColumn(projectId: string, status: TaskStatus) {
  return api.task.list.useInfiniteQuery(
    { projectId, status: [status], sort: "position", limit: 100 },
    { getNextPageParam: (last) => last.nextCursor ?? undefined },
  );
}

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

  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 5 } }),
    useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }),
  );

  const onDragStart = (event: DragStartEvent) => {
    setDragging(String(event.active.id));
    setOptimistic(structuredClone(columns));
  };

  const onDragOver = ({ active, over }: DragOverEvent) => {
    if (!over) return;
    setOptimistic((current) => dragOver(current ?? columns, String(active.id), String(over.id)) ?? current);
  };

  const onDragEnd = ({ active, over }: DragEndEvent) => {
    setDragging(null);
    const card = cards.get(String(active.id));
    const drop = over && card ? dropCard(optimistic ?? columns, serverColumns, card, String(over.id)) : null;
    if (!drop || !card) {
      setOptimistic(null);
      return;
    }
    setOptimistic(drop.columns);
    move.mutate({ id: card.id, ...drop.move, version: card.version });
  };

  const loading = Object.values(queries).some((q) => q.isPending);
  const failed = Object.values(queries).find((q) => q.isError);
  const activeCard = dragging ? cards.get(dragging) : undefined;

  return (
    <div className="px-4 py-4 md:px-8">
      <ProjectHeader project={project} view="board" live={live} />
      {failed ? (
        <div role="alert" className="mb-3 rounded-md border border-rose-300 p-3 text-sm dark:border-rose-800">
          Could not load the board: {describeError(failed.error)}{" "}
          <Button onClick={() => void utils.task.list.invalidate({ projectId: project.id })}>Try again</Button>
        </div>
      ) : null}
      <DndContext
        sensors={sensors}
        collisionDetection={closestCorners}
        onDragStart={onDragStart}
        onDragOver={onDragOver}
        onDragEnd={onDragEnd}
        onDragCancel={() => {
          setDragging(null);
          setOptimistic(null);
        }}
        accessibility={{
          screenReaderInstructions: {
            draggable:
              "To pick up a task, press space or enter. Use the arrow keys to move it between and within columns. Press space or enter again to drop it, or escape to cancel.",
          },
        }}
      >
        <div className="flex gap-3 overflow-x-auto pb-4" aria-busy={loading}>
          {STATUSES.map((status) => (
            <Column
              key={status.value}
              status={status.value}
              label={status.label}
              dot={status.dot}
              ids={columns[status.value]}
              cards={cards}
              loading={queries[status.value].isPending}
              hasMore={!!queries[status.value].hasNextPage}
              onMore={() => void queries[status.value].fetchNextPage()}
              canEdit={canEdit}
              slug={workspace.slug}
            />
          ))}
        </div>
        <DragOverlay>{activeCard ? <CardView card={activeCard} slug={workspace.slug} overlay /> : null}</DragOverlay>
      </DndContext>
    </div>
  );
}

function Column(props: {
  status: TaskStatus;
  label: string;
  dot: string;
  ids: string[];
  cards: Map<string, Card>;
  loading: boolean;
  hasMore: boolean;
  onMore: () => void;
  canEdit: boolean;
  slug: string;
}) {
  const { setNodeRef, isOver } = useDroppable({ id: props.status, disabled: !props.canEdit });
  return (
    <section
      aria-labelledby={`column-${props.status}`}
      data-testid={`column-${props.status}`}
      className={`flex w-72 shrink-0 flex-col rounded-lg bg-zinc-100 p-2 dark:bg-zinc-900 ${isOver ? "ring-2 ring-indigo-400" : ""}`}
    >
      <h2 id={`column-${props.status}`} className="mb-2 flex items-center gap-2 px-1 text-sm font-semibold">
        <span className={`size-2.5 rounded-full ${props.dot}`} aria-hidden />
        {props.label}
        <span className="font-normal text-zinc-600 dark:text-zinc-400">{props.loading ? "" : props.ids.length}</span>
      </h2>
      <SortableContext
        id={props.status}
        items={props.ids}
        strategy={verticalListSortingStrategy}
        disabled={!props.canEdit}
      >
        <ul ref={setNodeRef} className="flex min-h-24 flex-1 flex-col gap-2">
          {props.loading
            ? Array.from({ length: 3 }, (_, i) => (
                <li key={i} className="h-16 animate-pulse rounded-md bg-white dark:bg-zinc-800" />
              ))
            : props.ids.map((id) => {
                const card = props.cards.get(id);
                return card ? <SortableCard key={id} card={card} slug={props.slug} canEdit={props.canEdit} /> : null;
              })}
          {!props.loading && props.ids.length === 0 ? (
            <li className="rounded-md border border-dashed border-zinc-300 p-3 text-center text-xs text-zinc-600 dark:border-zinc-700 dark:text-zinc-400">
              No tasks
            </li>
          ) : null}
        </ul>
      </SortableContext>
      {props.hasMore ? (
        <Button variant="ghost" className="mt-2" onClick={props.onMore}>
          Load more
        </Button>
      ) : null}
    </section>
  );
}

function SortableCard({ card, slug, canEdit }: { card: Card; slug: string; canEdit: boolean }) {
  const { attributes, listeners, setNodeRef, setActivatorNodeRef, transform, transition, isDragging } = useSortable({
    id: card.id,
    disabled: !canEdit,
  });
  // The whole card drags with a pointer; keyboard users pick it up with the handle button, so Enter
  // on the title link still opens the task.
  const onPointerDown = listeners?.onPointerDown as React.PointerEventHandler | undefined;
  const onKeyDown = listeners?.onKeyDown as React.KeyboardEventHandler | undefined;
  return (
    <li
      ref={setNodeRef}
      style={{ transform: CSS.Transform.toString(transform), transition }}
      className={isDragging ? "opacity-40" : ""}
      data-testid="board-card"
      data-task-ref={card.ref}
    >
      <div onPointerDown={canEdit ? onPointerDown : undefined}>
        <CardView
          card={card}
          slug={slug}
          handle={
            canEdit ? (
              <button
                type="button"
                ref={setActivatorNodeRef}
                {...attributes}
                onKeyDown={onKeyDown}
                aria-roledescription="draggable task"
                aria-label={`Move ${card.ref} ${card.title}, now ${statusLabel(card.status)}`}
                className="-ml-1 cursor-grab rounded px-1 text-zinc-600 hover:bg-zinc-100 focus-visible:outline-2 focus-visible:outline-indigo-500 dark:text-zinc-400 dark:hover:bg-zinc-700"
              >
                ⠿
              </button>
            ) : null
          }
        />
      </div>
    </li>
  );
}
