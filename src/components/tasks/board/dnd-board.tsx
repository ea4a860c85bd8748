"use client";

import {
  closestCorners,
  DndContext,
  DragOverlay,
  KeyboardSensor,
  MeasuringStrategy,
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
import { useEffect, type ReactNode } from "react";
import { dragOver, dropCard, type Columns, type Drop } from "../board-drop";
import { CardView, type Card } from "./card-view";
import { Column, type CardComponent, type ColumnData } from "./column";
import { DragHandle } from "./plain-card";

/** A press on a card made before drag and drop had loaded, passed on once it has. */
export type PendingPress =
  | { kind: "pointer"; x: number; y: number; pointerId: number; pointerType: string; released: boolean }
  // The keys pressed on a card's handle from the one that picks it up (Space or Enter) on.
  | { kind: "keys"; taskId: string; keys: { code: string; key: string }[] }
  | { kind: "focus"; taskId: string };

export type DndBoardProps = {
  columns: ColumnData[];
  layout: Columns;
  serverColumns: Columns;
  cards: Map<string, Card>;
  slug: string;
  dragging: string | null;
  pending: PendingPress | null;
  onPendingDone: () => void;
  onDragging: (id: string | null) => void;
  onLayout: (layout: Columns | null | ((current: Columns | null) => Columns | null)) => void;
  onDrop: (card: Card, drop: Drop) => void;
};

// The board's drag and drop (dnd-kit), loaded when someone first reaches for a card.
export function DndBoard(props: DndBoardProps) {
  const { layout, serverColumns, cards, pending, onPendingDone } = props;
  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 5 } }),
    useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }),
  );

  // The press that loaded this module goes to the sortable cards now in its place.
  useEffect(() => {
    if (!pending) return;
    onPendingDone();
    if (pending.kind === "pointer") {
      if (pending.released) return;
      const target = document.elementFromPoint(pending.x, pending.y);
      target?.dispatchEvent(
        new PointerEvent("pointerdown", {
          bubbles: true,
          cancelable: true,
          composed: true,
          clientX: pending.x,
          clientY: pending.y,
          pointerId: pending.pointerId,
          pointerType: pending.pointerType,
          isPrimary: true,
          button: 0,
          buttons: 1,
        }),
      );
      return;
    }
    const handle = document.querySelector<HTMLElement>(`[data-sortable-handle="${window.CSS.escape(pending.taskId)}"]`);
    if (!handle) return;
    handle.focus();
    if (pending.kind !== "keys") return;
    // The first key picks the card up; dnd-kit listens for the following ones from the next task on.
    const timers: number[] = [];
    pending.keys.forEach(({ code, key }, i) => {
      const press = () =>
        (i === 0 ? handle : (document.activeElement ?? handle)).dispatchEvent(
          new KeyboardEvent("keydown", { bubbles: true, cancelable: true, code, key }),
        );
      if (i === 0) press();
      else timers.push(window.setTimeout(press, 50 * i));
    });
    return () => timers.forEach((timer) => window.clearTimeout(timer));
  }, [pending, onPendingDone]);

  const onDragStart = (event: DragStartEvent) => {
    props.onDragging(String(event.active.id));
    props.onLayout(structuredClone(layout));
  };

  const onDragOver = ({ active, over }: DragOverEvent) => {
    if (!over) return;
    props.onLayout((current) => dragOver(current ?? layout, String(active.id), String(over.id)) ?? current);
  };

  const onDragEnd = ({ active, over }: DragEndEvent) => {
    props.onDragging(null);
    const card = cards.get(String(active.id));
    const drop = over && card ? dropCard(layout, serverColumns, card, String(over.id)) : null;
    if (!drop || !card) {
      props.onLayout(null);
      return;
    }
    props.onDrop(card, drop);
  };

  const activeCard = props.dragging ? cards.get(props.dragging) : undefined;

  return (
    <DndContext
      sensors={sensors}
      collisionDetection={closestCorners}
      // Long columns mount cards as they scroll into view, also during a drag.
      measuring={{ droppable: { strategy: MeasuringStrategy.Always } }}
      onDragStart={onDragStart}
      onDragOver={onDragOver}
      onDragEnd={onDragEnd}
      onDragCancel={() => {
        props.onDragging(null);
        props.onLayout(null);
      }}
      accessibility={{
        screenReaderInstructions: {
          draggable:
            "To pick up a task, press space or enter. Use the arrow keys to move it between and within columns. Press space or enter again to drop it, or escape to cancel.",
        },
      }}
    >
      {props.columns.map((column) => (
        <DroppableColumn key={column.status} {...column} />
      ))}
      <DragOverlay>{activeCard ? <CardView card={activeCard} slug={props.slug} overlay /> : null}</DragOverlay>
    </DndContext>
  );
}

function DroppableColumn(props: ColumnData) {
  const { setNodeRef, isOver } = useDroppable({ id: props.status, disabled: !props.canEdit });
  return (
    <Column
      {...props}
      Card={SortableCard}
      dropTarget={setNodeRef}
      highlighted={isOver}
      wrapCards={(cards: ReactNode) => (
        <SortableContext
          id={props.status}
          items={props.ids}
          strategy={verticalListSortingStrategy}
          disabled={!props.canEdit}
        >
          {cards}
        </SortableContext>
      )}
    />
  );
}

const SortableCard: CardComponent = ({ card, slug, canEdit, measure, index }) => {
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
      // A long column measures its rows through the same element.
      ref={(node) => {
        setNodeRef(node);
        measure?.(node);
      }}
      data-index={index}
      style={{ transform: CSS.Transform.toString(transform), transition }}
      className={`${isDragging ? "opacity-40" : ""} ${index === undefined ? "" : "pb-2"}`}
      data-testid="board-card"
      data-task-ref={card.ref}
    >
      <div onPointerDown={canEdit ? onPointerDown : undefined}>
        <CardView
          card={card}
          slug={slug}
          handle={
            canEdit ? (
              <DragHandle
                card={card}
                ref={setActivatorNodeRef}
                {...attributes}
                onKeyDown={onKeyDown}
                data-sortable-handle={card.id}
              />
            ) : null
          }
        />
      </div>
    </li>
  );
};
