import { z } from "zod";
import { createTRPCRouter, protectedProcedure } from "~/server/api/trpc";
import { sync } from "~/server/api/validate";
import { authorize } from "~/server/access/access";
import { createLabel, deleteLabel, labelWorkspace, listLabels, updateLabel } from "~/server/labels/service";
import { ZLabel, ZOk } from "../common.schema";
import { ZWorkspaceIdInput } from "../workspace/schema";
import { ZCreateLabelInput, ZLabelIdInput, ZUpdateLabelInput } from "./schema";

export const labelRouter = createTRPCRouter({
  list: protectedProcedure
    .input(sync(ZWorkspaceIdInput))
    .output(sync(z.array(ZLabel)))
    .query(async ({ ctx, input }) => {
      const access = await authorize(ctx.db, ctx.session, input.workspaceId, "workspace.read");
      return listLabels(ctx.db, access.workspaceId);
    }),

  create: protectedProcedure
    .input(sync(ZCreateLabelInput))
    .output(sync(ZLabel))
    .mutation(async ({ ctx, input }) => {
      const access = await authorize(ctx.db, ctx.session, input.workspaceId, "label.manage");
      return createLabel(ctx.db, access, input);
    }),

  update: protectedProcedure
    .input(sync(ZUpdateLabelInput))
    .output(sync(ZLabel))
    .mutation(async ({ ctx, input }) => {
      const workspaceId = await labelWorkspace(ctx.db, input.labelId);
      const access = await authorize(ctx.db, ctx.session, workspaceId, "label.manage", "Label");
      return updateLabel(ctx.db, access, input.labelId, input);
    }),

  delete: protectedProcedure
    .input(sync(ZLabelIdInput))
    .output(sync(ZOk))
    .mutation(async ({ ctx, input }) => {
      const workspaceId = await labelWorkspace(ctx.db, input.labelId);
      const access = await authorize(ctx.db, ctx.session, workspaceId, "label.manage", "Label");
      return deleteLabel(ctx.db, access, input.labelId);
    }),
});
