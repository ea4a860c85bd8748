import { z } from "zod";
import { singleLine, ZColor, ZId } from "../common.schema";

const ZLabelName = singleLine(z.string().trim().min(1).max(40));
export const ZCreateLabelInput = z.object({ workspaceId: ZId, name: ZLabelName, color: ZColor }).strict();
export const ZUpdateLabelInput = z
  .object({ labelId: ZId, name: ZLabelName.optional(), color: ZColor.optional() })
  .strict();
export const ZLabelIdInput = z.object({ labelId: ZId }).strict();
