import { env } from "~/env.mjs";
import { createTRPCRouter, protectedProcedure, taskProcedure } from "~/server/api/trpc";
import { sync } from "~/server/api/validate";
import { doorbell } from "~/server/live/doorbell";
import { isClosing } from "~/server/live/feed";
import {
  ALL_INBOXES,
  archive,
  guessTimeZone,
  inboxChannel,
  isFollowing,
  listNotifications,
  markRead,
  preferences,
  setFollowing,
  setPreferences,
  unreadCount,
} from "~/server/notifications/service";
import {
  ZArchiveInput,
  ZFollowInput,
  ZFollowing,
  ZGuessTimeZoneInput,
  ZListNotificationsInput,
  ZMarkReadInput,
  ZNotificationPage,
  ZPreferences,
  ZSetPreferencesInput,
  ZTaskIdInput,
  ZUnread,
} from "./schema";

// The caller's own inbox: every procedure reads or changes the signed-in person's rows only.
export const notificationRouter = createTRPCRouter({
  list: protectedProcedure
    .input(sync(ZListNotificationsInput))
    .output(sync(ZNotificationPage))
    .query(({ ctx, input }) => listNotifications(ctx.db, ctx.session.user.id, input)),

  unreadCount: protectedProcedure
    .output(sync(ZUnread))
    .query(async ({ ctx }) => ({ unread: await unreadCount(ctx.db, ctx.session.user.id) })),

  markRead: protectedProcedure
    .input(sync(ZMarkReadInput))
    .output(sync(ZUnread))
    .mutation(({ ctx, input }) => markRead(ctx.db, ctx.session.user.id, input.selection, input.read)),

  archive: protectedProcedure
    .input(sync(ZArchiveInput))
    .output(sync(ZUnread))
    .mutation(({ ctx, input }) => archive(ctx.db, ctx.session.user.id, input.selection, input.archived)),

  preferences: protectedProcedure
    .output(sync(ZPreferences))
    .query(({ ctx }) => preferences(ctx.db, ctx.session.user.id)),

  setPreferences: protectedProcedure
    .input(sync(ZSetPreferencesInput))
    .output(sync(ZPreferences))
    .mutation(({ ctx, input }) => setPreferences(ctx.db, ctx.session.user.id, input)),

  // The browser's time zone on first visit; a zone the person already set is kept.
  guessTimeZone: protectedProcedure
    .input(sync(ZGuessTimeZoneInput))
    .output(sync(ZPreferences))
    .mutation(({ ctx, input }) => guessTimeZone(ctx.db, ctx.session.user.id, input.timeZone)),

  following: taskProcedure("workspace.read", sync(ZTaskIdInput))
    .output(sync(ZFollowing))
    .query(({ ctx, input }) => isFollowing(ctx.db, ctx.access, input.taskId)),

  follow: taskProcedure("workspace.read", sync(ZFollowInput))
    .output(sync(ZFollowing))
    .mutation(({ ctx, input }) => setFollowing(ctx.db, ctx.access, input.taskId, input.following)),

  // The unread count now and whenever it changes (the person's inbox channel rings, or every
  // LIVE_POLL_SECONDS as a fallback), over server-sent events. The stream ends after
  // LIVE_STREAM_SECONDS; the client opens the next one, which starts with the count again.
  watch: protectedProcedure.subscription(async function* ({ ctx, signal }) {
    const userId = ctx.session.user.id;
    let wake = () => {};
    const stops = [inboxChannel(userId), ALL_INBOXES].map((channel) => doorbell().listen(channel, () => wake()));
    const endAt = Date.now() + env.LIVE_STREAM_SECONDS * 1000;
    try {
      let last = -1;
      while (!signal?.aborted && !isClosing() && Date.now() < endAt) {
        const unread = await unreadCount(ctx.db, userId);
        if (unread !== last) {
          last = unread;
          yield { unread };
        }
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, Math.min(env.LIVE_POLL_SECONDS * 1000, Math.max(0, endAt - Date.now())));
          wake = () => {
            clearTimeout(timer);
            resolve();
          };
          signal?.addEventListener("abort", wake, { once: true });
        });
      }
    } finally {
      for (const stop of stops) stop();
    }
  }),
});
