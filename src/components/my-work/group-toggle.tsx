"use client";

export type MyWorkGroup = "status" | "due";

const OPTIONS: { value: MyWorkGroup; label: string }[] = [
  { value: "status", label: "Status" },
  { value: "due", label: "Due date" },
];

export function GroupToggle({ value, onChange }: { value: MyWorkGroup; onChange: (group: MyWorkGroup) => void }) {
  return (
    <div role="group" aria-label="Group by" className="flex items-center gap-2 text-sm">
      <span className="text-zinc-600 dark:text-zinc-400" aria-hidden>
        Group by
      </span>
      <div className="flex rounded-md border border-zinc-300 p-0.5 dark:border-zinc-700">
        {OPTIONS.map((option) => (
          <button
            key={option.value}
            type="button"
            aria-pressed={value === option.value}
            onClick={() => onChange(option.value)}
            className={`rounded px-2.5 py-1 focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-indigo-500 ${
              value === option.value
                ? "bg-zinc-200 font-medium text-zinc-900 dark:bg-zinc-700 dark:text-zinc-50"
                : "text-zinc-700 hover:bg-zinc-100 dark:text-zinc-300 dark:hover:bg-zinc-800"
            }`}
          >
            {option.label}
          </button>
        ))}
      </div>
    </div>
  );
}
