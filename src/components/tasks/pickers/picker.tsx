"use client";

import dynamic from "next/dynamic";
import { useRef, useState, type ReactNode } from "react";
import type { PickerMenuProps } from "./picker-menu";

export type PickerOption = { value: string; label: string; icon?: ReactNode; keywords?: string[] };

// The popover (Radix positioning and the cmdk menu) is not part of a page's first load: a chip is a
// plain button until it first opens.
const PickerPopover = dynamic(() => import("./picker-popover"), { ssr: false });

let preloaded = false;
/**
 * Fetches the picker popover ahead of its first use: called when the pointer or the focus first comes
 * into a list of chips, so the page's first load neither fetches nor evaluates it.
 */
export function preloadPickerMenu() {
  if (preloaded) return;
  preloaded = true;
  void import("./picker-popover");
}

export type ChipVariant = "chip" | "field";

// Two classes in globals.css, not the utilities they are made of: a page of rows carries five chips
// a row, and their forty-odd utilities each were most of the page's markup.
const CHIP = "picker-chip";
const FIELD = "picker-field";

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
  const anchor = useRef<HTMLButtonElement>(null);
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
    <>
      <button
        ref={anchor}
        type="button"
        tabIndex={tabIndex}
        aria-label={`${name}: ${valueLabel}`}
        aria-haspopup="dialog"
        aria-expanded={open}
        data-state={open ? "open" : "closed"}
        onClick={() => setOpen(!open)}
        className={classes}
      >
        {content}
      </button>
      {open ? (
        <PickerPopover
          anchor={anchor}
          onClose={() => setOpen(false)}
          footer={footer?.(() => setOpen(false))}
          menu={{
            name,
            ...menu,
            onSelect: (value) => {
              menu.onSelect(value);
              if (!menu.multiple) setOpen(false);
            },
          }}
        />
      ) : null}
    </>
  );
}
