import { localFileStorage } from "~/server/attachments/config";

// Uploads to UPLOAD_DIR, signed by attachment.createUpload; absent when attachments live in a bucket.
export async function PUT(req: Request) {
  const storage = localFileStorage();
  if (!storage) return Response.json({ error: { message: "Not found." } }, { status: 404 });
  return storage.handleUpload(req);
}
