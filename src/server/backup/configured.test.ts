import { describe, expect, it } from "vitest";
import { configuredStorage } from "./configured";

// BACKUP_S3_BUCKET is unset in the test environment: the local folder is the configured storage.
describe("configuredStorage without a bucket", () => {
  it("is the local folder on a machine of one's own", () => {
    expect(configuredStorage({}).kind).toBe("local");
  });

  it("refuses on Vercel and Render, whose disks do not keep files, naming the variables to set", () => {
    expect(() => configuredStorage({ vercel: "1" })).toThrow(/bucket on Vercel.*BACKUP_S3_BUCKET/);
    expect(() => configuredStorage({ render: "true" })).toThrow(/bucket on Render.*BACKUP_S3_BUCKET/);
  });
});
