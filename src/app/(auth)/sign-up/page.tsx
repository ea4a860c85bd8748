import type { Metadata } from "next";
import { connection } from "next/server";
import { SignUpForm } from "~/components/auth/sign-up-form";
import { mailDelivery } from "~/server/mail/delivery";

export const metadata: Metadata = { title: "Create an account" };

export default async function SignUpPage() {
  // The server's configuration at request time, not at build time.
  await connection();
  return <SignUpForm mailOff={mailDelivery() === "off"} />;
}
