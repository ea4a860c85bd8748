"use client";

import { useState, type DragEvent, type ReactNode } from "react";
import { TASK_DRAG_TYPE } from "./task-chip";

/** Where a dragged task can be dropped: a day, or the list of tasks without a due date. */
export function DropZone({
  onDropTask,
  enabled,
  className,
  children,
  ...rest
}: {
  onDropTask: (taskId: string) => void;
  enabled: boolean;
  className: string;
  children: ReactNode;
} & Omit<React.HTMLAttributes<HTMLElement>, "className" | "children" | "onDrop">) {
  const [over, setOver] = useState(false);
  const accepts = (e: DragEvent) => enabled && e.dataTransfer.types.includes(TASK_DRAG_TYPE);
  return (
    <div
      {...rest}
      data-over={over || undefined}
      onDragOver={(e) => {
        if (!accepts(e)) return;
        e.preventDefault();
        e.dataTransfer.dropEffect = "move";
        if (!over) setOver(true);
      }}
      onDragLeave={(e) => {
        if (!e.currentTarget.contains(e.relatedTarget as Node | null)) setOver(false);
      }}
      onDrop={(e) => {
        setOver(false);
        if (!accepts(e)) return;
        e.preventDefault();
        const id = e.dataTransfer.getData(TASK_DRAG_TYPE);
        if (id) onDropTask(id);
      }}
      className={`${className} ${over ? "ring-2 ring-indigo-500 ring-inset" : ""}`}
    >
      {children}
    </div>
  );
}
