import { localFileStorage } from "~/server/attachments/config";

// Downloads from UPLOAD_DIR, signed by attachment.downloadUrl; absent when attachments live in a bucket.
async function download(req: Request) {
  const storage = localFileStorage();
  if (!storage) return Response.json({ error: { message: "Not found." } }, { status: 404 });
  return storage.handleDownload(req);
}

export const GET = download;
export const HEAD = download;
