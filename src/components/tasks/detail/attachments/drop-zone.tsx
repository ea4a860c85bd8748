"use client";

import { useRef, useState, type DragEvent, type ReactNode } from "react";
import { AttachmentUploadsProvider, type AttachmentUploads } from "../use-attachment-upload";

const carriesFiles = (e: DragEvent) => e.dataTransfer.types.includes("Files");

/**
 * The task page's article, which takes files dropped anywhere on it as attachments of the task, and
 * gives its sections the page's uploads. While files are dragged over it, an overlay says so. Without
 * uploads (no right to attach) it is a plain article.
 */
export function AttachmentDropZone({
  uploads,
  className,
  children,
}: {
  uploads: AttachmentUploads | null;
  className: string;
  children: ReactNode;
}) {
  const [over, setOver] = useState(false);
  // dragenter and dragleave fire for every child crossed; the overlay goes when the count is back at 0.
  const depth = useRef(0);

  const leave = () => {
    depth.current = 0;
    setOver(false);
  };

  return (
    <AttachmentUploadsProvider value={uploads}>
      <article
        className={`relative ${className}`}
        onDragEnter={(e) => {
          if (!uploads || !carriesFiles(e)) return;
          e.preventDefault();
          depth.current += 1;
          setOver(true);
        }}
        onDragOver={(e) => {
          if (!uploads || !carriesFiles(e)) return;
          e.preventDefault();
          e.dataTransfer.dropEffect = "copy";
        }}
        onDragLeave={(e) => {
          if (!uploads || !carriesFiles(e)) return;
          depth.current = Math.max(0, depth.current - 1);
          if (depth.current === 0) setOver(false);
        }}
        onDrop={(e) => {
          if (!uploads || !carriesFiles(e)) return;
          leave();
          // A Markdown editor took the files itself (and links them in its text).
          if (e.defaultPrevented) return;
          e.preventDefault();
          uploads.uploadAll(Array.from(e.dataTransfer.files));
        }}
      >
        {/* First, so the article's spacing between its sections stays as it is. */}
        {over ? (
          <div
            aria-hidden="true"
            data-testid="attachment-drop-overlay"
            className="pointer-events-none absolute -inset-2 z-20 flex justify-center rounded-lg border-2 border-dashed border-indigo-500 bg-indigo-50/85 dark:bg-indigo-950/85"
          >
            <span className="sticky top-1/3 mt-24 self-start rounded-md bg-white px-4 py-2 text-sm font-medium text-indigo-900 shadow dark:bg-zinc-900 dark:text-indigo-100">
              Drop files to attach them to this task
            </span>
          </div>
        ) : null}
        {children}
      </article>
    </AttachmentUploadsProvider>
  );
}
