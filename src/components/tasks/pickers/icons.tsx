import type { TaskPriority, TaskStatus } from "~/generated/prisma/enums";

// Small inline icons for task properties; decorative (the chip's name carries the value).
const STATUS_COLOUR: Record<TaskStatus, string> = {
  BACKLOG: "text-zinc-500 dark:text-zinc-400",
  TODO: "text-sky-600 dark:text-sky-400",
  IN_PROGRESS: "text-amber-600 dark:text-amber-400",
  IN_REVIEW: "text-violet-600 dark:text-violet-400",
  DONE: "text-emerald-600 dark:text-emerald-400",
  CANCELLED: "text-rose-600 dark:text-rose-400",
};

// A circle filled as far as the status has come: dashed for backlog, a check when done.
export function StatusIcon({ status, className = "" }: { status: TaskStatus; className?: string }) {
  const fill = { BACKLOG: 0, TODO: 0, IN_PROGRESS: 0.5, IN_REVIEW: 0.75, DONE: 1, CANCELLED: 1 }[status];
  const r = 3.5;
  const angle = fill * 2 * Math.PI;
  const x = 8 + r * Math.sin(angle);
  const y = 8 - r * Math.cos(angle);
  return (
    <svg
      viewBox="0 0 16 16"
      className={`size-3.5 shrink-0 ${STATUS_COLOUR[status]} ${className}`}
      aria-hidden
      data-status={status}
    >
      <circle
        cx="8"
        cy="8"
        r="6.5"
        fill="none"
        stroke="currentColor"
        strokeWidth="1.5"
        strokeDasharray={status === "BACKLOG" ? "2 2" : undefined}
      />
      {status === "DONE" ? (
        <>
          <circle cx="8" cy="8" r="6.5" fill="currentColor" />
          <path d="M5 8.2 7 10.2 11 6" fill="none" stroke="white" strokeWidth="1.6" strokeLinecap="round" />
        </>
      ) : status === "CANCELLED" ? (
        <>
          <circle cx="8" cy="8" r="6.5" fill="currentColor" />
          <path d="M5.7 5.7 10.3 10.3M10.3 5.7 5.7 10.3" stroke="white" strokeWidth="1.6" strokeLinecap="round" />
        </>
      ) : fill > 0 ? (
        <path d={`M8 8 L8 ${8 - r} A${r} ${r} 0 ${fill > 0.5 ? 1 : 0} 1 ${x} ${y} Z`} fill="currentColor" />
      ) : null}
    </svg>
  );
}

// Signal bars for low to high, an exclamation mark for urgent, three dots for none.
export function PriorityIcon({ priority, className = "" }: { priority: TaskPriority; className?: string }) {
  const base = `size-3.5 shrink-0 ${className}`;
  if (priority === "URGENT") {
    return (
      <svg viewBox="0 0 16 16" className={`${base} text-orange-600 dark:text-orange-400`} aria-hidden>
        <rect x="1" y="1" width="14" height="14" rx="3" fill="currentColor" />
        <path d="M8 4v5" stroke="white" strokeWidth="2" strokeLinecap="round" />
        <circle cx="8" cy="12" r="1.1" fill="white" />
      </svg>
    );
  }
  if (priority === "NONE") {
    return (
      <svg viewBox="0 0 16 16" className={`${base} text-zinc-500 dark:text-zinc-400`} aria-hidden>
        {[3, 8, 13].map((cx) => (
          <circle key={cx} cx={cx} cy="8" r="1.2" fill="currentColor" />
        ))}
      </svg>
    );
  }
  const level = { LOW: 1, MEDIUM: 2, HIGH: 3 }[priority];
  return (
    <svg viewBox="0 0 16 16" className={`${base} text-zinc-700 dark:text-zinc-300`} aria-hidden>
      {[0, 1, 2].map((i) => (
        <rect
          key={i}
          x={2 + i * 4.5}
          y={10 - i * 3.5}
          width="3"
          height={4 + i * 3.5}
          rx="0.8"
          fill="currentColor"
          opacity={i < level ? 1 : 0.3}
        />
      ))}
    </svg>
  );
}

// Dark enough for white initials at 4.5:1 in both schemes.
const AVATAR_COLOURS = [
  "bg-indigo-700",
  "bg-emerald-800",
  "bg-rose-700",
  "bg-amber-800",
  "bg-sky-800",
  "bg-violet-700",
  "bg-teal-800",
  "bg-fuchsia-800",
];

export function initials(name: string | null | undefined): string {
  const words = (name ?? "")
    .trim()
    .split(/[\s@._-]+/)
    .filter(Boolean);
  const letters = words.length > 1 ? `${words[0]![0]}${words[1]![0]}` : (words[0]?.slice(0, 2) ?? "?");
  return letters.toUpperCase();
}

function colourFor(id: string): string {
  let hash = 0;
  for (const ch of id) hash = (hash * 31 + ch.charCodeAt(0)) | 0;
  return AVATAR_COLOURS[Math.abs(hash) % AVATAR_COLOURS.length]!;
}

// Initials in a coloured circle; a dashed empty circle for nobody.
export function Avatar({
  person,
  className = "",
}: {
  person: { id: string; name: string | null } | null;
  className?: string;
}) {
  if (!person) {
    return (
      <svg viewBox="0 0 16 16" className={`size-4 shrink-0 text-zinc-500 dark:text-zinc-400 ${className}`} aria-hidden>
        <circle cx="8" cy="8" r="7" fill="none" stroke="currentColor" strokeWidth="1.2" strokeDasharray="2 1.6" />
        <circle cx="8" cy="6.3" r="2" fill="currentColor" />
        <path d="M4.5 12.2a3.8 3.8 0 0 1 7 0" fill="currentColor" />
      </svg>
    );
  }
  return (
    <span
      aria-hidden
      className={`inline-flex size-4 shrink-0 items-center justify-center rounded-full text-[0.5rem] leading-none font-semibold text-white ${colourFor(person.id)} ${className}`}
    >
      {initials(person.name)}
    </span>
  );
}

export function LabelDots({ labels }: { labels: { id: string; color: string }[] }) {
  if (labels.length === 0) {
    return (
      <svg viewBox="0 0 16 16" className="size-3.5 shrink-0 text-zinc-500 dark:text-zinc-400" aria-hidden>
        <path
          d="M2.5 3.5v4l6 6 5-5-6-6h-4a1 1 0 0 0-1 1Z"
          fill="none"
          stroke="currentColor"
          strokeWidth="1.3"
          strokeLinejoin="round"
        />
        <circle cx="5.5" cy="5.5" r="1" fill="currentColor" />
      </svg>
    );
  }
  return (
    <span className="flex shrink-0 -space-x-1" aria-hidden>
      {labels.slice(0, 4).map((l) => (
        <span
          key={l.id}
          className="size-2.5 rounded-full ring-2 ring-white dark:ring-zinc-900"
          style={{ backgroundColor: l.color }}
        />
      ))}
    </span>
  );
}

export function CalendarIcon({ className = "" }: { className?: string }) {
  return (
    <svg viewBox="0 0 16 16" className={`size-3.5 shrink-0 ${className}`} aria-hidden>
      <rect x="2" y="3" width="12" height="11" rx="2" fill="none" stroke="currentColor" strokeWidth="1.3" />
      <path d="M2 6.5h12M5 1.5v3M11 1.5v3" stroke="currentColor" strokeWidth="1.3" strokeLinecap="round" />
    </svg>
  );
}

export function CheckIcon({ className = "" }: { className?: string }) {
  return (
    <svg viewBox="0 0 16 16" className={`size-3.5 shrink-0 ${className}`} aria-hidden>
      <path d="M3 8.5 6.5 12 13 4.5" fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" />
    </svg>
  );
}
