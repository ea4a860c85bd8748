import { describe, expect, it } from "vitest";
import { mailDelivery } from "./delivery";

describe("mailDelivery", () => {
  it.each([
    [{ SMTP_HOST: "smtp.example", MAIL_DIR: undefined, NODE_ENV: "production" }, "smtp"],
    [{ SMTP_HOST: "smtp.example", MAIL_DIR: "/var/mail", NODE_ENV: "production" }, "smtp"],
    [{ SMTP_HOST: undefined, MAIL_DIR: "/var/mail", NODE_ENV: "production" }, "folder"],
    [{ SMTP_HOST: undefined, MAIL_DIR: undefined, NODE_ENV: "development" }, "folder"],
    [{ SMTP_HOST: undefined, MAIL_DIR: undefined, NODE_ENV: "test" }, "folder"],
    [{ SMTP_HOST: undefined, MAIL_DIR: undefined, NODE_ENV: "production" }, "off"],
  ] as const)("%j → %s", (config, expected) => {
    expect(mailDelivery(config)).toBe(expected);
  });
});
