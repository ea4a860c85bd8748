"use client";

import {
  createContext,
  useContext,
  useLayoutEffect,
  useRef,
  useState,
  type ClipboardEvent,
  type DragEvent,
} from "react";
import { toast } from "sonner";
import { useWorkspace } from "~/components/shell/workspace-context";
import { describeError } from "~/lib/errors";
import { api, type RouterOutputs } from "~/trpc/react";
import {
  checkFile,
  filesOf,
  markdownFor,
  placeholderFor,
  replaceOnce,
  sendFile,
  withUsableName,
} from "./attachments/upload";

export type Attachment = RouterOutputs["attachment"]["list"][number];

/** A file on its way: its bytes being sent, then checked by the server; or refused, until dismissed. */
export type UploadItem = {
  key: string;
  name: string;
  size: number;
  loaded: number;
  phase: "sending" | "checking" | "failed";
  error: string | null;
};

export type AttachmentUploads = {
  items: UploadItem[];
  /** Uploads one file; answers the attachment, or null when it was refused (the error is shown). */
  upload: (file: File) => Promise<Attachment | null>;
  /** Uploads several files side by side. */
  uploadAll: (files: File[]) => void;
  dismiss: (key: string) => void;
};

let lastKey = 0;

/** The task page's uploads: every way of attaching a file (picker, drop, paste) shares one list. */
export function useAttachmentUploadState(taskId: string): AttachmentUploads {
  const { workspace } = useWorkspace();
  const utils = api.useUtils();
  const [items, setItems] = useState<UploadItem[]>([]);
  const patch = (key: string, change: Partial<UploadItem>) =>
    setItems((list) => list.map((item) => (item.key === key ? { ...item, ...change } : item)));

  const upload = async (picked: File): Promise<Attachment | null> => {
    const file = withUsableName(picked);
    const key = `upload-${++lastKey}`;
    setItems((list) => [...list, { key, name: file.name, size: file.size, loaded: 0, phase: "sending", error: null }]);
    try {
      // The server refuses a file too large anyway; asking first spares sending it.
      const usage = await utils.attachment.usage.ensureData({ workspaceId: workspace.id }).catch(() => null);
      const check = checkFile(file, usage?.maxFileSize ?? null);
      if (!check.ok) throw new Error(check.message);
      const created = await utils.client.attachment.createUpload.mutate({
        taskId,
        name: file.name,
        size: file.size,
        contentType: check.contentType,
      });
      await sendFile(created.upload, file, (loaded) => patch(key, { loaded }));
      patch(key, { phase: "checking", loaded: file.size });
      const attachment = await utils.client.attachment.complete.mutate({ attachmentId: created.attachmentId });
      setItems((list) => list.filter((item) => item.key !== key));
      utils.attachment.list.setData({ taskId }, (list) =>
        list ? [...list.filter((a) => a.id !== attachment.id), attachment] : list,
      );
      void utils.attachment.list.invalidate({ taskId });
      void utils.attachment.usage.invalidate({ workspaceId: workspace.id });
      return attachment;
    } catch (e) {
      const message = describeError(e);
      patch(key, { phase: "failed", error: message });
      toast.error(`Could not attach ${file.name}`, { description: message });
      return null;
    }
  };

  return {
    items,
    upload,
    uploadAll: (files) => {
      for (const file of files) void upload(file);
    },
    dismiss: (key) => setItems((list) => list.filter((item) => item.key !== key)),
  };
}

const AttachmentUploadsContext = createContext<AttachmentUploads | null>(null);

/** Given the uploads when the person may attach files to the task shown, else null. */
export const AttachmentUploadsProvider = AttachmentUploadsContext.Provider;

/** The task page's uploads, or null when files cannot be attached here (a viewer, a trashed task). */
export function useAttachmentUploads(): AttachmentUploads | null {
  return useContext(AttachmentUploadsContext);
}

/**
 * A Markdown textarea that takes files: a pasted screenshot (or a file dropped on it) is attached to
 * the task, and its Markdown goes where the caret was, standing in as "Uploading…" until it is ready.
 * Pasted text is left to the browser, as is anything when files cannot be attached.
 */
export function useMarkdownAttachments(value: string, setValue: (next: string) => void) {
  const uploads = useAttachmentUploads();
  const ref = useRef<HTMLTextAreaElement>(null);
  // The text as last written: uploads finishing close together each edit the one before's result.
  const latest = useRef(value);
  const selection = useRef<[number, number] | null>(null);
  const [pending, setPending] = useState(0);

  useLayoutEffect(() => {
    latest.current = value;
    const el = ref.current;
    // A value set by the app puts the caret at the end; it goes back where the person had it.
    if (el && selection.current && el === document.activeElement) el.setSelectionRange(...selection.current);
    selection.current = null;
  }, [value]);

  const write = (next: string, at: [number, number] | null) => {
    if (next === latest.current) return;
    latest.current = next;
    selection.current = at;
    setValue(next);
  };

  const insert = (files: File[], el: HTMLTextAreaElement) => {
    if (!uploads) return;
    const text = latest.current;
    const focused = el === document.activeElement;
    const start = focused ? el.selectionStart : text.length;
    const end = focused ? el.selectionEnd : text.length;
    const lead = !focused && text && !text.endsWith("\n") ? "\n" : "";
    const placeholders: string[] = [];
    let inserted = lead;
    for (const file of files) {
      const placeholder = placeholderFor(withUsableName(file).name, text + inserted);
      inserted += (placeholders.length ? "\n" : "") + placeholder;
      placeholders.push(placeholder);
    }
    const caret = start + inserted.length;
    write(text.slice(0, start) + inserted + text.slice(end), [caret, caret]);
    setPending((n) => n + files.length);
    files.forEach((file, i) => {
      void uploads.upload(file).then((attachment) => {
        setPending((n) => n - 1);
        const current = ref.current;
        // The editor was closed meanwhile: there is no text left to fill in.
        if (!current) return;
        const replaced = replaceOnce(latest.current, placeholders[i]!, attachment ? markdownFor(attachment) : "");
        if (!replaced) return;
        const at: [number, number] | null =
          current === document.activeElement
            ? [replaced.move(current.selectionStart), replaced.move(current.selectionEnd)]
            : null;
        write(replaced.text, at);
      });
    });
  };

  return {
    ref,
    /** Uploads started here are still running: their Markdown is not in the text yet. */
    pending: pending > 0,
    onPaste: (e: ClipboardEvent<HTMLTextAreaElement>) => {
      const files = filesOf(e.clipboardData, { textWins: true });
      if (!uploads || files.length === 0) return;
      e.preventDefault();
      insert(files, e.currentTarget);
    },
    onDrop: (e: DragEvent<HTMLTextAreaElement>) => {
      const files = filesOf(e.dataTransfer, { textWins: false });
      if (!uploads || files.length === 0) return;
      // Handled here: the page's drop zone sees it prevented and only puts its overlay away.
      e.preventDefault();
      insert(files, e.currentTarget);
    },
  };
}
