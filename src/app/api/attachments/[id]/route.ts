import { serveAttachmentLink } from "~/server/http/attachment-link";

export async function GET(req: Request, { params }: { params: Promise<{ id: string }> }) {
  return serveAttachmentLink(req, (await params).id);
}
