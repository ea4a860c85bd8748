import { z } from "zod";
import { createTRPCRouter, labelProcedure, workspaceProcedure } from "~/server/api/trpc";
import { sync } from "~/server/api/validate";
import { createLabel, deleteLabel, listLabels, updateLabel } from "~/server/labels/service";
import { ZLabel, ZOk } from "../common.schema";
import { ZWorkspaceIdInput } from "../workspace/schema";
import { ZCreateLabelInput, ZLabelIdInput, ZUpdateLabelInput } from "./schema";

export const labelRouter = createTRPCRouter({
  list: workspaceProcedure("workspace.read", sync(ZWorkspaceIdInput))
    .output(sync(z.array(ZLabel)))
    .query(({ ctx }) => listLabels(ctx.db, ctx.access)),

  create: workspaceProcedure("label.manage", sync(ZCreateLabelInput))
    .output(sync(ZLabel))
    .mutation(({ ctx, input }) => createLabel(ctx.db, ctx.access, input)),

  update: labelProcedure("label.manage", sync(ZUpdateLabelInput))
    .output(sync(ZLabel))
    .mutation(({ ctx, input }) => updateLabel(ctx.db, ctx.access, input.labelId, input)),

  delete: labelProcedure("label.manage", sync(ZLabelIdInput))
    .output(sync(ZOk))
    .mutation(({ ctx, input }) => deleteLabel(ctx.db, ctx.access, input.labelId)),
});
