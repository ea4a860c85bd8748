"use client";

import * as Popover from "@radix-ui/react-popover";
import dynamic from "next/dynamic";
import { useState, type ReactNode } from "react";
import type { PickerMenuProps } from "./picker-menu";

export type PickerOption = { value: string; label: string; icon?: ReactNode; keywords?: string[] };

const PickerMenu = dynamic(() => import("./picker-menu").then((m) => m.PickerMenu), {
  ssr: false,
  loading: () => <p className="px-3 py-2 text-sm text-zinc-600 dark:text-zinc-400">Loading…</p>,
});

/** Fetches the picker menu ahead of its first use (when a view with pickers has settled). */
export function preloadPickerMenu() {
  void import("./picker-menu");
}

export type ChipVariant = "chip" | "field";

const CHIP =
  "inline-flex h-7 max-w-full min-w-0 items-center gap-1.5 rounded-md border border-transparent px-1.5 text-xs text-zinc-700 hover:border-zinc-300 hover:bg-zinc-50 focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-indigo-500 aria-expanded:border-zinc-300 aria-expanded:bg-zinc-50 dark:text-zinc-300 dark:hover:border-zinc-700 dark:hover:bg-zinc-800 dark:aria-expanded:border-zinc-700 dark:aria-expanded:bg-zinc-800";
const FIELD =
  "flex h-8 w-full min-w-0 items-center gap-2 rounded-md border border-transparent px-2 text-sm text-zinc-900 hover:border-zinc-300 hover:bg-zinc-50 focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-indigo-500 aria-expanded:border-zinc-300 dark:text-zinc-100 dark:hover:border-zinc-700 dark:hover:bg-zinc-800 dark:aria-expanded:border-zinc-700";

export type PickerChipProps = {
  /** What the chip sets, as its accessible name begins: "Status of WEB-3", "Status". */
  name: string;
  /** The current value in words, the rest of the accessible name. */
  valueLabel: string;
  icon: ReactNode;
  /** What the chip shows beside the icon; defaults to `valueLabel`. Null shows the icon alone. */
  text?: ReactNode;
  /** Below the small breakpoint only the icon shows. */
  compact?: boolean;
  variant?: ChipVariant;
  /** Shows the value without a way to change it. */
  readOnly?: boolean;
  open?: boolean;
  onOpenChange?: (open: boolean) => void;
  className?: string;
  textClassName?: string;
  /** -1 in a list row: the row is the one tab stop and letters open its pickers. */
  tabIndex?: number;
  menu: Omit<PickerMenuProps, "name" | "footer">;
  /** Controls below the list (a date field); `close` closes the popover. */
  footer?: (close: () => void) => ReactNode;
};

// One property as a compact button that opens a searchable popover to change it.
export function PickerChip({
  name,
  valueLabel,
  icon,
  text,
  compact = false,
  variant = "chip",
  readOnly = false,
  open: openProp,
  onOpenChange,
  className = "",
  textClassName = "",
  tabIndex,
  menu,
  footer,
}: PickerChipProps) {
  const [ownOpen, setOwnOpen] = useState(false);
  const open = openProp ?? ownOpen;
  const setOpen = (next: boolean) => {
    setOwnOpen(next);
    onOpenChange?.(next);
  };
  const shown = text === undefined ? valueLabel : text;
  const content = (
    <>
      {icon}
      {shown !== null ? (
        <span className={`min-w-0 truncate ${compact ? "hidden sm:inline" : ""} ${textClassName}`}>{shown}</span>
      ) : null}
    </>
  );
  const classes = `${variant === "field" ? FIELD : CHIP} ${className}`;
  if (readOnly) {
    return (
      <span className={`${classes} pointer-events-none`} data-picker={name}>
        <span className="sr-only">{`${name}: ${valueLabel}`}</span>
        <span aria-hidden className="contents">
          {content}
        </span>
      </span>
    );
  }
  return (
    <Popover.Root open={open} onOpenChange={setOpen}>
      <Popover.Trigger type="button" tabIndex={tabIndex} aria-label={`${name}: ${valueLabel}`} className={classes}>
        {content}
      </Popover.Trigger>
      <Popover.Portal>
        <Popover.Content
          align="start"
          sideOffset={4}
          collisionPadding={8}
          aria-label={name}
          className="z-50 w-64 max-w-[calc(100vw-1rem)] overflow-hidden rounded-md border border-zinc-200 bg-white text-zinc-900 shadow-lg dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100"
        >
          <PickerMenu
            name={name}
            {...menu}
            footer={footer?.(() => setOpen(false))}
            onSelect={(value) => {
              menu.onSelect(value);
              if (!menu.multiple) setOpen(false);
            }}
          />
        </Popover.Content>
      </Popover.Portal>
    </Popover.Root>
  );
}
