"use client";

import { Command } from "cmdk";
import { useEffect, useRef } from "react";
import { CheckIcon } from "./icons";
import type { PickerOption } from "./picker";

export type PickerMenuProps = {
  /** What is being picked, as the chip names it ("Status of WEB-3"). */
  name: string;
  placeholder: string;
  options: PickerOption[];
  selected: ReadonlySet<string>;
  /** Several may be chosen: picking one toggles it and the menu stays open. */
  multiple?: boolean;
  onSelect: (value: string) => void;
  footer?: React.ReactNode;
  empty?: string;
};

// The searchable list inside a picker's popover, loaded the first time any picker opens.
export function PickerMenu({
  name,
  placeholder,
  options,
  selected,
  multiple,
  onSelect,
  footer,
  empty,
}: PickerMenuProps) {
  const input = useRef<HTMLInputElement>(null);
  // The popover focuses its first control when it opens; this list may arrive a moment later.
  useEffect(() => input.current?.focus(), []);
  const current = options.find((o) => selected.has(o.value))?.label;
  return (
    <>
      <Command label={name} loop defaultValue={multiple ? undefined : current}>
        <Command.Input
          ref={input}
          placeholder={placeholder}
          className="w-full border-b border-zinc-200 bg-transparent px-3 py-2 text-sm outline-none placeholder:text-zinc-500 dark:border-zinc-700 dark:placeholder:text-zinc-400"
        />
        <Command.List className="max-h-64 overflow-y-auto p-1">
          <Command.Empty className="px-2 py-2 text-sm text-zinc-600 dark:text-zinc-400">
            {empty ?? "Nothing matches."}
          </Command.Empty>
          {options.map((o) => {
            const checked = selected.has(o.value);
            return (
              <Command.Item
                key={o.value}
                value={o.label}
                keywords={o.keywords}
                onSelect={() => onSelect(o.value)}
                className="flex cursor-pointer items-center gap-2 rounded px-2 py-1.5 text-sm text-zinc-900 aria-selected:bg-zinc-100 dark:text-zinc-100 dark:aria-selected:bg-zinc-800"
              >
                {o.icon}
                <span className="min-w-0 flex-1 truncate">{o.label}</span>
                {checked ? (
                  <>
                    <CheckIcon className="text-indigo-600 dark:text-indigo-400" />
                    <span className="sr-only">(chosen)</span>
                  </>
                ) : null}
              </Command.Item>
            );
          })}
        </Command.List>
      </Command>
      {/* Outside the list, so its arrow keys stay the field's own. */}
      {footer}
    </>
  );
}
