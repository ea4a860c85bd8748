"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { useUnreadCount } from "./notifications-live";

export function bellLabel(unread: number | null): string {
  return unread ? `Notifications, ${unread} unread` : "Notifications";
}

/** A link to the inbox with the unread count; the count comes live from `NotificationsLive`. */
export function NotificationBell({ onNavigate }: { onNavigate?: () => void }) {
  const unread = useUnreadCount();
  const pathname = usePathname();
  return (
    <Link
      href="/inbox"
      aria-label={bellLabel(unread)}
      aria-current={pathname === "/inbox" ? "page" : undefined}
      onClick={onNavigate}
      data-testid="notification-bell"
      className="relative inline-flex size-8 shrink-0 items-center justify-center rounded-md text-zinc-700 hover:bg-zinc-100 focus-visible:outline-2 focus-visible:outline-indigo-500 dark:text-zinc-300 dark:hover:bg-zinc-800"
    >
      <svg
        aria-hidden
        viewBox="0 0 24 24"
        className="size-5"
        fill="none"
        stroke="currentColor"
        strokeWidth={1.8}
        strokeLinecap="round"
        strokeLinejoin="round"
      >
        <path d="M6 8a6 6 0 1 1 12 0c0 7 3 9 3 9H3s3-2 3-9" />
        <path d="M10.3 21a1.94 1.94 0 0 0 3.4 0" />
      </svg>
      {unread ? (
        <span
          aria-hidden
          className="absolute -top-1 -right-1 min-w-[1.1rem] rounded-full bg-rose-600 px-1 text-center text-[0.65rem] leading-[1.1rem] font-semibold text-white tabular-nums"
        >
          {unread > 99 ? "99+" : unread}
        </span>
      ) : null}
    </Link>
  );
}
