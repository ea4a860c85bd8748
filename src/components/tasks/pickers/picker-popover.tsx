"use client";

import * as Popover from "@radix-ui/react-popover";
import type { ReactNode, RefObject } from "react";
import { PickerMenu, type PickerMenuProps } from "./picker-menu";

export type PickerPopoverProps = {
  /** The chip the popover hangs from; focus returns to it when the popover closes. */
  anchor: RefObject<HTMLButtonElement | null>;
  onClose: () => void;
  footer?: ReactNode;
  menu: PickerMenuProps;
};

// A picker's open popover: positioning, dismissal and the searchable menu. Loaded the first time a
// picker opens (or ahead of it, once a view has settled), so a page of chips costs only buttons.
export default function PickerPopover({ anchor, onClose, footer, menu }: PickerPopoverProps) {
  return (
    <Popover.Root open onOpenChange={(open) => (open ? undefined : onClose())}>
      <Popover.Anchor virtualRef={anchor} />
      <Popover.Portal>
        <Popover.Content
          align="start"
          sideOffset={4}
          collisionPadding={8}
          aria-label={menu.name}
          // A press on the chip itself toggles the popover through the chip's own click.
          onPointerDownOutside={(e) => {
            if (anchor.current?.contains(e.target as Node)) e.preventDefault();
          }}
          onCloseAutoFocus={(e) => {
            e.preventDefault();
            anchor.current?.focus();
          }}
          className="z-50 w-64 max-w-[calc(100vw-1rem)] overflow-hidden rounded-md border border-zinc-200 bg-white text-zinc-900 shadow-lg dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100"
        >
          <PickerMenu {...menu} footer={footer} />
        </Popover.Content>
      </Popover.Portal>
    </Popover.Root>
  );
}
